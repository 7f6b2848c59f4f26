"""The people index and each person's page.

people/ never imports events/: a person's events, signatures and sources are read through the
reverse relations the events app declares (``events``, ``participations``, ``signatures``,
``citations``), which need no import. Both pages are ``@public_page`` (lib.page_cache).
"""

import string
from collections import namedtuple

from django.db.models import Exists, OuterRef
from django.db.models.functions import Substr, Upper
from django.shortcuts import redirect, render

from lib.citing import citation_download, citation_files, citations
from lib.ordering import BY_ORDER, nulls_last
from lib.page_cache import public_count, public_page, remember
from lib.paging import KeptOrder, filters_of, page_of, walk_in_order
from lib.publishing import PUBLIC_STATUSES, sees_drafts
from lib.slugs import baked_by_slug, get_by_slug_or_history
from lib.sql import inline, may_have
from people.filters import PersonFilter
from people.linked_data import person_graph
from people.models import Person, person_names_and_positions

LIST_PAGE_SIZE = 50


# A row of "Agreements signed": each field and the Signatory column it is read from, as tuples
# with no model instance per row (three per row were a sixth of the page of someone who signed a
# hundred agreements), and only the agreement's columns the page shows, not its texts.
SIGNATURE_COLUMNS = {
    "signed_lower": "agreement__signed_lower",
    "title": "agreement__title",
    "order": "order",
    "id": "id",
    "slug": "agreement__slug",
    "signed": "agreement__signed",
    "party": "party__name",
    "role": "role",
}
Signature = namedtuple("Signature", SIGNATURE_COLUMNS)


@public_page
def person_list(request):
    people = Person.objects.published()
    # Only what a row shows: not the biographies.
    rows = people.only("status", "slug", "display_name", "sort_name", "birth", "death", "nationality")
    person_filter = PersonFilter(request.GET, queryset=rows)
    count = remember(f"count:people?{filters_of(request)}", person_filter.qs.count)
    page = page_of(request, person_filter.qs, LIST_PAGE_SIZE, count=count)
    context = {
        "filter": person_filter,
        # The same on every page of the index: one pass over all people per edit.
        "letters": remember("person-letters", lambda: _letters(people)),
        # Validated by .qs above; an invalid letter is simply not in cleaned_data.
        "letter": (person_filter.form.cleaned_data.get("letter") or "").upper(),
        "page_obj": page,
    }
    return render(request, "people/person_list.html", context)


def _letters(people):
    """A–Z for the index, each with whether anyone's sort name starts with it (one query)."""
    initials = set(
        people.order_by()
        .annotate(initial=Upper(Substr("sort_name", 1, 1)))
        .values_list("initial", flat=True)
        .distinct()
    )
    letters = list(string.ascii_uppercase) + sorted(initials - set(string.ascii_uppercase))
    return [{"letter": letter, "used": letter in initials} for letter in letters]


@public_page
def person_detail(request, slug):
    by_slug = None if sees_drafts(request.user) else _PUBLIC_PERSON_BY_SLUG
    person = get_by_slug_or_history(Person.objects.visible_to(request.user).for_detail(), slug, by_slug)
    if person.slug != slug:
        return redirect(person, permanent=True)
    names, positions = person_names_and_positions(person)
    context = {
        "person": person,
        "names": names,
        "positions": positions,
        "page_obj": _events_with_roles(request, person),
        "signatures": _signatures(person),
        "citations": _citations(person),
        "structured_data": person_graph(request, person, names, positions),
        "cite": citations(
            person.display_name, request.build_absolute_uri(person.get_absolute_url()), person.updated_at
        ),
        "cite_files": citation_files("people:cite", person.slug),
    }
    return render(request, "people/person_detail.html", context)


_PUBLIC_PERSON_BY_SLUG = baked_by_slug(lambda: Person.objects.published().for_detail())


@public_page
def person_citation(request, slug, format):
    """The person's page cited as a BibTeX or RIS file; an old slug redirects like the page."""
    return citation_download(request, Person.objects.visible_to(request.user), slug, format, "people:cite")


def _citations(person):
    """The sources cited for ``person``, in their order; no query when for_detail() found none."""
    if not may_have(person, "sources"):
        return []
    return sorted(person.citations.select_related("source").order_by(), key=BY_ORDER)


def _signatures(person):
    """The public agreements ``person`` signed, as Signature rows in the order of signing (undated
    last), then by title, then as listed on the agreement; no query when for_detail() found none."""
    if not may_have(person, "signatures"):
        return []
    # Agreement.objects.published() lives in events/: the same rule, through the relation.
    signatures = person.signatures.filter(agreement__status__in=PUBLIC_STATUSES).order_by()
    rows = (Signature(*row) for row in signatures.values_list(*SIGNATURE_COLUMNS.values()))
    return sorted(rows, key=lambda row: (nulls_last(row.signed_lower), row.title, row.order, row.id))


def _events_with_roles(request, person):
    """A page of the public events ``person`` took part in, in timeline order, each row
    {"event": …, "roles": ["negotiator"]}.

    Paged like the other lists: the busiest person of a large archive took part in thousands.
    """
    # Event is reached through the relation: people/ does not import events/.
    event_model = person.events.model
    # distinct(): a person with two roles in one event is joined to it twice.
    count = remember(f"count:person-events:{person.pk}", person.events.published().distinct().count)
    if walk_in_order(count, public_count(event_model), LIST_PAGE_SIZE):
        return _walked_events_with_roles(request, person, count)
    # Their events in order, kept until the next edit: a page is then one query for its 50 events.
    ids, roles = remember(f"person-timeline:{person.pk}", lambda: _timeline(person))
    # Only what a row shows (its date, title and address), as events.querysets.ROW_FIELDS.
    events = KeptOrder(ids, event_model.objects.published().only("title", "slug", "date"))
    page = page_of(request, events, LIST_PAGE_SIZE)
    page.object_list = [{"event": event, "roles": list(roles[event.pk])} for event in page.object_list]
    return page


def _timeline(person):
    """(the ids of the public events ``person`` took part in, in timeline order; {event id:
    (role, …)}): their participations, then the events' dates by primary key (ids_in_order())."""
    roles = {}
    # In EventPerson's order (order, id): the tuples sort that way.
    for *_, event_id, role in sorted(person.participations.order_by().values_list("order", "id", "event_id", "role")):
        roles.setdefault(event_id, ())
        if role:
            roles[event_id] += (role,)
    return person.events.model.objects.published().ids_in_order(roles), roles


def _walked_events_with_roles(request, person, count):
    """The page of a person in a large share of all events (as events.views._events_linked_to):
    the chronological index walked, each event checked, then the roles of the page's events."""
    # The person's id in the SQL, as the walk of a place's events (events.views._events_linked_to).
    taking_part = person.participations.model.objects.filter(person_id=inline(person.pk), event_id=OuterRef("id"))
    events = person.events.model.objects.published().filter(Exists(taking_part)).chronological()
    # Only what a row shows (its date, title and address), as events.querysets.ROW_FIELDS.
    page = page_of(request, events.only("title", "slug", "date"), LIST_PAGE_SIZE, count=count)
    roles = {}
    participations = person.participations.filter(event__in=[event.pk for event in page.object_list])
    # In EventPerson's order (order, id): the tuples sort that way.
    for *_, event_id, role in sorted(participations.order_by().values_list("order", "id", "event_id", "role")):
        if role:
            roles.setdefault(event_id, []).append(role)
    page.object_list = [{"event": event, "roles": roles.get(event.pk, [])} for event in page.object_list]
    return page
