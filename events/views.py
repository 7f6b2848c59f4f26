"""The public pages: home, the timeline, eras, events, agreements, places and topics.

Readers see published and retired records (``published()``); staff may open a draft's page
(``visible_to()``) and see it under a preview banner. Every detail view answers an old slug with
a permanent redirect to the record's current address (lib.slugs). Every page is ``@public_page``:
visitors get ETags, 304s and cached copies until the next edit (lib.page_cache).
"""

import datetime
import functools
import operator

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect, render

from events.feeds import recently_updated
from events.filters import MINOR_KINDS, AgreementFilter, EventFilter, exclude_minor_kinds
from events.linked_data import agreement_graph, event_graph
from events.models import Agreement, Era, Event, EventRelation, Place, PlaceName, Topic
from events.querysets import agreement_parts, chronological_key, event_parts
from lib.baked import Baked
from lib.citing import citation_download, citation_files, citations
from lib.filters import MAX_YEAR, MIN_YEAR
from lib.ordering import BY_NAME, CHRONOLOGICAL_FIELDS
from lib.page_cache import public_count, public_page, remember
from lib.paging import KeptOrder, filters_of, page_of, walk_in_order
from lib.publishing import sees_drafts
from lib.slugs import baked_by_slug, get_by_slug_or_history
from lib.sql import inline, may_have
from people.models import Person

LIST_PAGE_SIZE = 50
# A decade of the timeline, or an era, is one page unless it holds more than this (trips and visits
# included). At 200 a page weighed 180 KB, heavy on a phone, and took twice as long to build.
TIMELINE_PAGE_SIZE = 100
RECENT_COUNT = 8
UNDATED = "undated"
# The page parameter of a place's agreements (its events use "page").
AGREEMENTS_PAGE = "agreements_page"


@public_page
def home(request):
    context = {
        "counts": {
            "events": public_count(Event),
            "people": public_count(Person),
            "agreements": public_count(Agreement),
        },
        # Only what the list of eras shows: not their introductions.
        "eras": list(Era.objects.only("title", "slug", "start_year", "end_year")),
        "recent": [
            {"record": record, "kind": record._meta.verbose_name}
            for record in recently_updated(RECENT_COUNT, links_only=True)
        ],
    }
    return render(request, "events/home.html", context)


@public_page
def timeline(request):
    events = Event.objects.published().chronological().for_list()
    event_filter = EventFilter(request.GET, queryset=events)
    # The same for every decade's page: counted once per edit (a pass over every event matching).
    filters = request.GET.copy()
    for name in ("decade", "page"):
        filters.pop(name, None)
    kept = filters.urlencode()
    decades = remember(f"timeline-decades?{kept}", lambda: _decade_index(event_filter.qs))
    decade = _chosen_decade(request.GET.get("decade"), decades)
    if decade == UNDATED:
        in_decade = event_filter.qs.filter(date_lower__isnull=True)
    elif decade is not None:
        in_decade = event_filter.qs.starting_in(
            datetime.date(max(decade, MIN_YEAR), 1, 1), datetime.date(decade + 9, 12, 31)
        )
    else:
        in_decade = event_filter.qs.none()
    count = remember(f"count:timeline?{filters_of(request)}", in_decade.count)
    page = page_of(request, in_decade, TIMELINE_PAGE_SIZE, count=count)
    # Each decade's address keeps the filters: built here from one encoding of them, not by a
    # {% querystring %} per link (a twentieth of the page).
    prefix = f"?{kept}&" if kept else "?"
    decades = [{**entry, "href": f"{prefix}decade={entry['value']}"} for entry in decades]
    values = [entry["value"] for entry in decades]
    position = values.index(decade) if decade in values else None
    context = {
        "filter": event_filter,
        "decades": decades,
        "decade": decade,
        "decade_label": _decade_label(decade),
        "previous_decade": decades[position - 1] if position else None,
        "next_decade": decades[position + 1] if position is not None and position + 1 < len(decades) else None,
        "page_obj": page,
        "groups": _group_by_era_and_year(page.object_list),
    }
    return render(request, "events/timeline.html", context)


def _decade_index(events):
    """[{"value": 1930, "label": "1930s", "count": 42}, …] for ``events``, undated last; one query.

    Counted per year in the database and summed per decade here, which works the same on SQLite
    and PostgreSQL (whose EXTRACT returns a numeric, not an integer).
    """
    per_year = (
        events.order_by()
        .prefetch_related(None)
        .values(year=ExtractYear("date_lower"))
        .annotate(count=Count("id"))
        .values_list("year", "count")
    )
    counts, undated = {}, 0
    for year, count in per_year:
        if year is None:
            undated += count
        else:
            decade = int(year) // 10 * 10
            counts[decade] = counts.get(decade, 0) + count
    index = [{"value": decade, "label": _decade_label(decade), "count": counts[decade]} for decade in sorted(counts)]
    if undated:
        index.append({"value": UNDATED, "label": _decade_label(UNDATED), "count": undated})
    return index


def _chosen_decade(value, decades):
    """The decade asked for (``?decade=1930``; 1933 means the 1930s), else the first with events."""
    if value == UNDATED:
        return UNDATED
    try:
        decade = int(value) // 10 * 10
    except (TypeError, ValueError):
        decade = None
    if decade is not None and 0 <= decade <= MAX_YEAR - 9:
        return decade
    return decades[0]["value"] if decades else None


def _decade_label(decade):
    if decade == UNDATED:
        return "Undated"
    return f"{decade}s" if decade is not None else ""


def _group_by_era_and_year(events):
    """Consecutive events grouped by era (None: "Other"), then by the year they start in."""
    groups = []
    for event in events:
        year = event.date_lower.year if event.date_lower else None
        if not groups or groups[-1]["era"] != event.era:
            groups.append({"era": event.era, "years": []})
        years = groups[-1]["years"]
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "events": []})
        years[-1]["events"].append(event)
    return groups


@public_page
def era_detail(request, slug):
    era = get_by_slug_or_history(Era.objects.all(), slug)
    if era.slug != slug:
        return redirect(era, permanent=True)
    # The era's narrative: trips and visits are on the timeline, filtered by era, for who wants them.
    events = exclude_minor_kinds(Event.objects.published()).in_era_chronologically(era).for_list()
    context = {
        "era": era,
        "page_obj": page_of(
            request, events, TIMELINE_PAGE_SIZE, count=remember(f"count:era-events:{era.pk}", events.count)
        ),
    }
    return render(request, "events/era_detail.html", context)


@public_page
def event_list(request):
    events = Event.objects.published().chronological().for_list()
    event_filter = EventFilter(request.GET, queryset=events)
    context = {
        "filter": event_filter,
        "page_obj": page_of(
            request,
            event_filter.qs,
            LIST_PAGE_SIZE,
            # Kept until the next edit: every page of the same filters shares it.
            count=remember(f"count:events?{filters_of(request)}", event_filter.qs.count),
        ),
    }
    return render(request, "events/event_list.html", context)


@public_page
def event_detail(request, slug):
    by_slug = None if sees_drafts(request.user) else _PUBLIC_EVENT_BY_SLUG
    event = get_by_slug_or_history(Event.objects.visible_to(request.user).for_detail(), slug, by_slug)
    if event.slug != slug:
        return redirect(event, permanent=True)
    # Kept until the next edit: two queries that cost more to build in the ORM than to run.
    previous_event, next_event = remember(f"neighbours:{event.pk}", lambda: _neighbours(event))
    parts = event_parts(event)
    sections = _sections_with_anchors(parts.sections)
    context = {
        "event": event,
        "parts": parts,
        "sections": sections,
        "toc": [(anchor, section.heading) for section, anchor in sections if anchor],
        "related": _related_events(event),
        "previous_event": previous_event,
        "next_event": next_event,
        "structured_data": event_graph(request, event, parts),
        "cite": citations(event.title, request.build_absolute_uri(event.get_absolute_url()), event.updated_at),
        "cite_files": citation_files("events:cite", event.slug),
    }
    return render(request, "events/event_detail.html", context)


_PUBLIC_EVENT_BY_SLUG = baked_by_slug(lambda: Event.objects.published().for_detail())


@public_page
def event_citation(request, slug, format):
    """The event's citation as a BibTeX or RIS file; an old slug redirects like the page."""
    return citation_download(request, Event.objects.visible_to(request.user), slug, format, "events:cite")


def _sections_with_anchors(sections):
    """[(section, anchor)]: EventSection.anchor, made unique on the page ("terms", "terms-2")."""
    seen, result = set(), []
    for section in sections:
        anchor = section.anchor
        if anchor:
            base, number = anchor, 1
            while anchor in seen:
                number += 1
                anchor = f"{base}-{number}"
            seen.add(anchor)
        result.append((section, anchor))
    return result


# What a link to a related event shows, and the relation's own columns it is read with.
RELATED_FIELDS = ("title", "slug", "status", "date", "date_lower", "date_upper")
RELATION_COLUMNS = ("from_event_id", "kind", "id", "to_event_id")


def _related_events(event):
    """[(label, [events])] for relations in both directions, e.g. ("Led to", …), ("Followed from", …).

    One query: each relation with the columns a link shows of both its events (a second query for
    the other events cost a round trip and Django's in_bulk() more). Most events have none, and
    for_detail() has told so: no query.
    """
    if not may_have(event, "relations"):
        return []
    # Rows in EventRelation's Meta.ordering (from_event_id, kind, id): the tuples sort that way.
    relations = sorted(_RELATIONS(event.pk))
    width, groups = len(RELATED_FIELDS), {}
    for from_id, kind, _, to_id, *fields in relations:
        if from_id == event.pk:
            label, other_id, shown = _RELATION_LABELS.get(kind, kind), to_id, fields[width:]
        else:
            label, other_id, shown = EventRelation.INVERSE_LABELS[kind], from_id, fields[:width]
        other = Event.from_db(event._state.db, ("id", *RELATED_FIELDS), (other_id, *shown))
        if other.is_public:
            groups.setdefault(label, {})[other_id] = other  # "See also" both ways lists an event once
    return [(label, sorted(events.values(), key=chronological_key)) for label, events in groups.items()]


# An event's relations both ways, with the shown columns of both events (compiled once: lib.baked).
_RELATIONS = Baked(
    lambda pk: (
        EventRelation.objects.filter(Q(from_event=pk) | Q(to_event=pk))
        .order_by()
        .values_list(
            *RELATION_COLUMNS,
            *(f"from_event__{name}" for name in RELATED_FIELDS),
            *(f"to_event__{name}" for name in RELATED_FIELDS),
        )
    )
)
_RELATION_LABELS = dict(EventRelation.Kind.choices)
NEIGHBOUR_WINDOW = datetime.timedelta(days=366)


def _neighbours(event):
    """The public events just before and after ``event`` in timeline order, across eras (two queries,
    three or four when nothing is within a year).

    Trips and visits are skipped, as on the timeline, unless ``event`` is one of them.
    """
    candidates = Event.objects.published()
    if event.kind not in MINOR_KINDS:
        candidates = exclude_minor_kinds(candidates)
    key = [(field, getattr(event, field)) for field in CHRONOLOGICAL_FIELDS]
    before = candidates.filter(_sorts_before(key)).chronological().reverse()
    after = candidates.filter(_sorts_after(key)).chronological()
    if event.date_lower is None:
        return before.first(), after.first()
    # Within a year first: a date range the database reads from event_status_date_idx, instead of
    # sorting every public event for one row (100 ms at 100,000 events). A third query only for an
    # event with no neighbour that close.
    day = event.date_lower
    return (
        before.filter(date_lower__range=(day - NEIGHBOUR_WINDOW, day)).first() or before.first(),
        after.filter(date_lower__range=(day, day + NEIGHBOUR_WINDOW)).first() or after.first(),
    )


def _sorts_after(key):
    """Rows that sort after ``key`` ([(field, value)] in sort order; NULLs sort last)."""
    terms, same = [], Q()
    for field, value in key:
        if value is None:
            # Nothing sorts after NULL in this field; only rows that are also NULL can tie.
            later, equal = None, Q(**{f"{field}__isnull": True})
        else:
            later = Q(**{f"{field}__gt": value}) | Q(**{f"{field}__isnull": True})
            equal = Q(**{field: value})
        if later is not None:
            terms.append(same & later)
        same &= equal
    return functools.reduce(operator.or_, terms) if terms else Q(pk__in=[])


def _sorts_before(key):
    """Rows that sort before ``key`` ([(field, value)] in sort order; NULLs sort last)."""
    terms, same = [], Q()
    for field, value in key:
        if value is None:
            earlier, equal = Q(**{f"{field}__isnull": False}), Q(**{f"{field}__isnull": True})
        else:
            earlier, equal = Q(**{f"{field}__lt": value}), Q(**{field: value})
        terms.append(same & earlier)
        same &= equal
    return functools.reduce(operator.or_, terms)


@public_page
def agreement_list(request):
    # The parties are shown on each row: one query for the page (AgreementQuerySet has no for_list),
    # into a list (to_attr): into the manager, Django builds a queryset per agreement (~1 ms each).
    # Only the columns a row shows: not the agreement's text and its HTML.
    agreements = (
        Agreement.objects.published()
        .chronological()
        .only("title", "slug", "kind", "signed", "agreement_status", "summary")
        .prefetch_related(Prefetch("parties", queryset=Place.objects.only("name"), to_attr="party_list"))
    )
    agreement_filter = AgreementFilter(request.GET, queryset=agreements)
    context = {
        "filter": agreement_filter,
        "page_obj": page_of(
            request,
            agreement_filter.qs,
            LIST_PAGE_SIZE,
            count=remember(f"count:agreements?{filters_of(request)}", agreement_filter.qs.count),
        ),
    }
    return render(request, "events/agreement_list.html", context)


@public_page
def agreement_detail(request, slug):
    by_slug = None if sees_drafts(request.user) else _PUBLIC_AGREEMENT_BY_SLUG
    agreement = get_by_slug_or_history(Agreement.objects.visible_to(request.user), slug, by_slug)
    if agreement.slug != slug:
        return redirect(agreement, permanent=True)
    parts = agreement_parts(agreement)
    context = {
        "agreement": agreement,
        "parts": parts,
        "structured_data": agreement_graph(request, agreement, parts),
        "cite": citations(
            agreement.title, request.build_absolute_uri(agreement.get_absolute_url()), agreement.updated_at
        ),
        "cite_files": citation_files("events:agreement-cite", agreement.slug),
    }
    return render(request, "events/agreement_detail.html", context)


_PUBLIC_AGREEMENT_BY_SLUG = baked_by_slug(Agreement.objects.published)


@public_page
def agreement_citation(request, slug, format):
    return citation_download(request, Agreement.objects.visible_to(request.user), slug, format, "events:agreement-cite")


@public_page
def place_detail(request, slug):
    place = get_by_slug_or_history(Place.objects.select_related("parent"), slug)
    if place.slug != slug:
        return redirect(place, permanent=True)
    # Read directly, not prefetched (as events.querysets.event_parts), in PlaceName's order.
    other_names = sorted(PlaceName.objects.filter(place_id=place.pk).order_by(), key=BY_NAME)
    events, events_count = _events_linked_to(place, "places", "place")
    # Two lists, each paged with a parameter of its own: the United States is a party to thousands.
    agreements, agreements_count = _agreements_of(place)
    context = {
        "place": place,
        "other_names": other_names,
        "page_obj": page_of(request, events, LIST_PAGE_SIZE, count=events_count),
        "agreements_page": page_of(request, agreements, LIST_PAGE_SIZE, param=AGREEMENTS_PAGE, count=agreements_count),
    }
    return render(request, "events/place_detail.html", context)


@public_page
def topic_detail(request, slug):
    topic = get_by_slug_or_history(Topic.objects.select_related("parent"), slug)
    if topic.slug != slug:
        return redirect(topic, permanent=True)
    events, count = _events_linked_to(topic, "topics", "topic")
    context = {
        "topic": topic,
        # Read directly, not prefetched (as events.querysets.event_parts), in Topic's order.
        "children": sorted(Topic.objects.filter(parent_id=topic.pk).order_by(), key=BY_NAME),
        "page_obj": page_of(request, events, LIST_PAGE_SIZE, count=count),
    }
    return render(request, "events/topic_detail.html", context)


def _agreements_of(place):
    """(the public agreements ``place`` is a party to, by signing, how many there are): read as
    _events_linked_to reads events, by walking agreement_chronological_idx for a party to a large
    share of them (the United States is a party to all)."""
    agreements = Agreement.objects.published()
    count = remember(f"count:place-agreements:{place.pk}", agreements.filter(parties=place).count)
    if walk_in_order(count, public_count(Agreement), LIST_PAGE_SIZE):
        # The place's id in the SQL, as in _events_linked_to's walk (7.5 ms generic, 0.3 custom).
        parties = Agreement.parties.through.objects.filter(place_id=inline(place.pk), agreement_id=OuterRef("id"))
        agreements = agreements.filter(Exists(parties)).chronological()
    else:
        agreements = agreements.filter(parties=place).chronological(by_index=False)
    # Only what a row shows: not the agreements' texts.
    return agreements.only("title", "slug", "signed"), count


def _events_linked_to(record, relation, through_field):
    """(the public events of a place or topic in chronological order for a list, how many there are).

    ``relation`` is Event's many-to-many field ("places"), ``through_field`` its table's column to
    the record ("place"). Both counts are kept until the next edit.

    Two ways to read a page in order, chosen by ``lib.paging.walk_in_order``: event_chronological_idx
    walked, for a record with a large share of the events; or the record's events in order, kept
    until the next edit (lib.paging.KeptOrder).
    """
    events = Event.objects.published()
    count = remember(f"count:{relation}-events:{record.pk}", events.filter(**{relation: record}).count)
    links = getattr(Event, relation).through.objects
    if walk_in_order(count, public_count(Event), LIST_PAGE_SIZE):
        # EXISTS, not a join: with a join SQLite reads every linked event first and sorts them.
        # The record's id in the SQL (lib.sql): prepared, the generic plan of the walk, made
        # without it, was 30 ms instead of 0.4, so PostgreSQL planned it again on every request.
        # Few records take this way (a large share of all events), so few statements.
        linked = links.filter(**{f"{through_field}_id": inline(record.pk)}, event_id=OuterRef("id"))
        return events.filter(Exists(linked)).chronological().for_list(), count
    # A small share: their order kept until the next edit, each page read by primary key.
    linked = links.filter(**{through_field: record}).values_list("event_id", flat=True)
    ids = remember(f"order:{relation}-events:{record.pk}", lambda: events.ids_in_order(linked))
    return KeptOrder(ids, events.for_list()), count
