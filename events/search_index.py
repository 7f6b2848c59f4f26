"""Keep the search index (``SearchEntry`` and friends) in step with the records it copies.

Every save or delete of a record, or of something whose text a record's entry carries (a
participant's name, a place's other names, a section), queues the affected records; the queue is
written once, when the transaction commits. ``manage.py reindex`` rebuilds everything.

Signals are used here and nowhere else in the project (STYLE: "signals beyond search indexing" are
avoided): the admin, fixtures and imports all save records in different ways, and the index must
follow all of them.
"""

import html
import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.html import strip_tags

from events.models import (
    Agreement,
    Era,
    Event,
    EventPerson,
    EventSection,
    Place,
    PlaceName,
    Signatory,
    Topic,
)
from events.search_models import SearchEntry, SearchFacet, SearchName
from events.search_query import STOP_WORDS, clean_text, fold, words
from lib.markup import render_markdown
from lib.publishing import PUBLIC_STATUSES, Status
from people.models import Person, PersonName, Position

Kind = SearchEntry.Kind
Facet = SearchFacet.Name
BATCH_SIZE = 500
# PostgreSQL refuses a tsvector over 1 MB; nothing in an essay needs more than this to be found.
MAX_BODY_LENGTH = 200_000


def batched(items, size):
    """``itertools.batched`` (Python 3.12) for 3.11: lists of ``size`` items."""
    items = list(items)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _markdown_text(markdown, rendered=""):
    """A curator's Markdown as the words a reader sees.

    ``rendered`` is the stored ``*_html`` field, the HTML the page shows; it is rendered here from
    the source when empty, as ``loaddata`` (a raw save) leaves it. Rendering costs about 2 ms a
    text: most of the time ``reindex`` takes on a large archive, if done for every record.
    """
    if markdown and not rendered:
        rendered = render_markdown(markdown)
    return html.unescape(strip_tags(rendered)) if markdown else ""


def _join(parts):
    """Parts joined with a middle dot; repeats dropped ("U.S.S.R." and "USSR" index alike)."""
    seen, kept = set(), []
    for part in parts:
        key = clean_text(part).casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(part)
    return " · ".join(kept)


# Prefetched rows go into lists (to_attr): reading a prefetched related manager with .all() builds
# a queryset each time, which cost about a tenth of a full rebuild of the index.


# Only the columns the entries use are read (.only()): building model instances, a field at a
# time, is most of what a rebuild costs.
_NAMES = PersonName.objects.only("person_id", "name")


def _people_of(queryset, parent):
    """Participants or signatories (``parent``: the column to their event or agreement) with the
    person's name and other names.

    Whether a person is public is checked in Python (``_public_names``): with the status in the
    query, SQLite without statistics (as during an import) starts from the people's status index
    and probes every batch of events once per person, half a second a batch."""
    return (
        queryset.select_related("person")
        .only(parent, "person_id", "person__display_name", "person__status")
        .prefetch_related(models.Prefetch("person__alternate_names", queryset=_NAMES, to_attr="name_list"))
    )


def _public_names(links):
    """The names of the people these participants or signatories link to; a draft person's name stays private."""
    return [
        name
        for link in links
        if link.person.status in PUBLIC_STATUSES
        for name in (link.person.display_name, *(other.name for other in link.person.name_list))
    ]


def _places_with_names(relation):
    return models.Prefetch(
        relation,
        queryset=Place.objects.only("id", "name").prefetch_related(
            models.Prefetch("other_names", queryset=PlaceName.objects.only("place_id", "name"), to_attr="name_list")
        ),
        to_attr="place_list",
    )


def _place_names(place):
    return [place.name, *(name.name for name in place.name_list)]


def _decade(date):
    return str(date.year // 10 * 10) if date else None


def _era_for_year(eras, date):
    for era in eras:
        if date and era.start_year <= date.year <= era.end_year:
            return era.pk
    return None


def _event_entries(ids):
    fields = ["id", "slug", "status", "title", "summary", "date", "date_lower", "date_upper", "kind", "era_id"]
    events = (
        Event.objects.filter(pk__in=ids)
        .only(*fields)
        .prefetch_related(
            models.Prefetch(
                "sections",
                queryset=EventSection.objects.only("event_id", "heading", "body", "body_html"),
                to_attr="section_list",
            ),
            models.Prefetch("topics", queryset=Topic.objects.only("pk"), to_attr="topic_list"),
            _places_with_names("places"),
            models.Prefetch(
                "participants",
                queryset=_people_of(EventPerson.objects.all(), "event_id"),
                to_attr="participant_list",
            ),
        )
    )
    for event in events:
        names = _public_names(event.participant_list)
        names += [name for place in event.place_list for name in _place_names(place)]
        body = [
            _join([section.heading, _markdown_text(section.body, section.body_html)]) for section in event.section_list
        ]
        facets = [
            (Facet.TYPE, Kind.EVENT),
            (Facet.KIND, event.kind),
            (Facet.ERA, event.era_id),
            (Facet.DECADE, _decade(event.date_lower)),
            *((Facet.TOPIC, topic.pk) for topic in event.topic_list),
            *((Facet.PLACE, place.pk) for place in event.place_list),
        ]
        entry = SearchEntry(
            kind=Kind.EVENT,
            object_id=event.pk,
            slug=event.slug,
            status=event.status,
            display_title=event.title,
            names=_join(names),
            summary=event.summary,
            body=" ".join(body),
            date=event.date,
            date_lower=event.date_lower,
            date_upper=event.date_upper,
            event_kind=event.kind,
        )
        yield entry, facets


def _agreement_entries(ids):
    agreements = Agreement.objects.filter(pk__in=ids).prefetch_related(
        _places_with_names("parties"),
        models.Prefetch(
            "signatories", queryset=_people_of(Signatory.objects.all(), "agreement_id"), to_attr="signatory_list"
        ),
    )
    eras = list(Era.objects.all())
    for agreement in agreements:
        names = _public_names(agreement.signatory_list)
        names += [name for place in agreement.place_list for name in _place_names(place)]
        # The date an agreement is known by: its signature, else its negotiation or entry into force.
        date_field = next((name for name in ("signed", "negotiated", "in_force") if getattr(agreement, name)), "signed")
        lower, upper = getattr(agreement, f"{date_field}_lower"), getattr(agreement, f"{date_field}_upper")
        facets = [
            (Facet.TYPE, Kind.AGREEMENT),
            (Facet.ERA, _era_for_year(eras, lower)),
            (Facet.DECADE, _decade(lower)),
            *((Facet.PLACE, place.pk) for place in agreement.place_list),
        ]
        entry = SearchEntry(
            kind=Kind.AGREEMENT,
            object_id=agreement.pk,
            slug=agreement.slug,
            status=agreement.status,
            display_title=agreement.title,
            names=_join(names),
            summary=agreement.summary,
            body=_markdown_text(agreement.body, agreement.body_html),
            date=getattr(agreement, date_field),
            date_lower=lower,
            date_upper=upper,
        )
        yield entry, facets


def _person_entries(ids):
    people = list(
        Person.objects.filter(pk__in=ids).prefetch_related(
            models.Prefetch("alternate_names", queryset=_NAMES, to_attr="name_list"),
            models.Prefetch("positions", to_attr="position_list"),
        )
    )
    # A post's organization_key is the slug of the place it links to (the place facet of a person).
    keys = {position.organization_key for person in people for position in person.position_list}
    places = dict(Place.objects.filter(slug__in=keys - {""}).values_list("slug", "pk"))
    for person in people:
        positions = [", ".join(filter(None, [p.title, p.organization])) for p in person.position_list]
        facets = [(Facet.TYPE, Kind.PERSON)]
        facets += [(Facet.PLACE, places.get(p.organization_key)) for p in person.position_list]
        entry = SearchEntry(
            kind=Kind.PERSON,
            object_id=person.pk,
            slug=person.slug,
            status=person.status,
            display_title=person.display_name,
            names=_join(name.name for name in person.name_list),
            summary=_join([person.nationality, *positions]),
            body=_markdown_text(person.biography, person.biography_html),
            date=f"{person.birth}/{person.death}" if person.birth or person.death else "",
            date_lower=person.birth_lower,
            date_upper=person.death_upper or person.birth_upper,
        )
        yield entry, facets


def _place_entries(ids):
    for place in Place.objects.filter(pk__in=ids).select_related("parent").prefetch_related("other_names"):
        summary = place.get_kind_display() + (f" in {place.parent.name}" if place.parent else "")
        entry = SearchEntry(
            kind=Kind.PLACE,
            object_id=place.pk,
            slug=place.slug,
            # Places and topics have no publication workflow: they are always public.
            status=Status.PUBLISHED,
            display_title=place.name,
            names=_join(name.name for name in place.other_names.all()),
            summary=summary,
            body=_markdown_text(place.description),
        )
        yield entry, [(Facet.TYPE, Kind.PLACE), (Facet.PLACE, place.pk)]


def _topic_entries(ids):
    for topic in Topic.objects.filter(pk__in=ids).select_related("parent"):
        entry = SearchEntry(
            kind=Kind.TOPIC,
            object_id=topic.pk,
            slug=topic.slug,
            status=Status.PUBLISHED,
            display_title=topic.name,
            names=topic.parent.name if topic.parent else "",
            body=_markdown_text(topic.description),
        )
        yield entry, [(Facet.TYPE, Kind.TOPIC), (Facet.TOPIC, topic.pk)]


BUILDERS = {
    Kind.EVENT: _event_entries,
    Kind.AGREEMENT: _agreement_entries,
    Kind.PERSON: _person_entries,
    Kind.PLACE: _place_entries,
    Kind.TOPIC: _topic_entries,
}
MODELS = {Kind.EVENT: Event, Kind.AGREEMENT: Agreement, Kind.PERSON: Person, Kind.PLACE: Place, Kind.TOPIC: Topic}


def _clean(entry):
    """The indexed columns as both databases should see them (see search_query.clean_text)."""
    entry.title = clean_text(entry.display_title)
    entry.names = clean_text(entry.names)
    entry.summary = clean_text(entry.summary)
    entry.body = clean_text(entry.body, MAX_BODY_LENGTH)
    entry.display_title = entry.display_title[:300]
    return entry


def _vocabulary(entry):
    """Folded words of a public entry's title and names: what "Did you mean …?" may suggest."""
    found = set()
    for word in words(f"{entry.title} {entry.names}"):
        word = fold(word)
        if len(word) >= 3 and word.isalpha() and word not in STOP_WORDS and len(word) <= 100:
            found.add(word)
    return found


def index_records(kind, ids, *, fresh=False):
    """Rewrite the entries of the ``kind`` records with these ids; drop those of deleted records.

    ``fresh``: the index holds no entry for them (``rebuild_index`` has just emptied it), so
    there is nothing to delete first.
    """
    ids = set(ids)
    with transaction.atomic():
        for batch in batched(sorted(ids), BATCH_SIZE):
            built = [(_clean(entry), facets) for entry, facets in BUILDERS[kind](batch)]
            # Delete and insert rather than update: the FTS triggers and the generated tsvector follow both.
            if not fresh:
                SearchEntry.objects.filter(kind=kind, object_id__in=batch).delete()
            entries = SearchEntry.objects.bulk_create([entry for entry, _ in built])
            SearchFacet.objects.bulk_create(
                SearchFacet(entry=entry, name=name, value=str(value))
                for entry, (_, facets) in zip(entries, built, strict=True)
                for name, value in dict.fromkeys(facets)
                if value not in (None, "")
            )
            vocabulary = set().union(*(_vocabulary(entry) for entry in entries if entry.status in PUBLIC_STATUSES))
            SearchName.objects.bulk_create((SearchName(word=word) for word in vocabulary), ignore_conflicts=True)


def rebuild_index(progress=None):
    """Empty the index and build it again from every record. ``progress(kind, done, total)`` is told."""
    with transaction.atomic():
        SearchName.objects.all().delete()
        SearchFacet.objects.all().delete()
        SearchEntry.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # Start the FTS tables afresh from their content tables (in case they were out of step).
                cursor.execute("INSERT INTO events_searchentry_fts(events_searchentry_fts) VALUES ('rebuild')")
                cursor.execute("INSERT INTO events_searchname_trigrams(events_searchname_trigrams) VALUES ('rebuild')")
        counts = {}
        for kind, model in MODELS.items():
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for done, batch in enumerate(batched(ids, BATCH_SIZE), start=1):
                index_records(kind, batch, fresh=True)
                if progress:
                    progress(kind, min(done * BATCH_SIZE, len(ids)), len(ids))
            counts[kind] = len(ids)
    return counts


# Queue of records to reindex when the current transaction commits, per thread.
_queue = threading.local()


def _pending():
    if not hasattr(_queue, "records"):
        _queue.records = defaultdict(set)
    return _queue.records


@contextmanager
def paused():
    """Queue nothing while the block runs, e.g. an import's bulk writes; call ``rebuild_index()``
    or ``index_records()`` afterwards. Per thread, like the queue."""
    before = getattr(_queue, "paused", False)
    _queue.paused = True
    try:
        yield
    finally:
        _queue.paused = before


def queue(kind, ids):
    """Reindex these records once the current transaction commits (at once outside a transaction)."""
    ids = {pk for pk in ids if pk is not None}
    if ids and not getattr(_queue, "paused", False):
        _pending()[kind].update(ids)
        # One callback per change, but each empties the whole queue, so the later ones find nothing.
        # After a rollback the queue keeps its ids: they are reindexed from the database as it is by
        # the next commit, which is harmless.
        transaction.on_commit(flush, robust=True)


def _dependents(kind, ids):
    """Records whose entries carry the text of these records (names, places)."""
    if kind == Kind.PERSON:
        yield Kind.EVENT, EventPerson.objects.filter(person__in=ids).values_list("event_id", flat=True)
        yield Kind.AGREEMENT, Signatory.objects.filter(person__in=ids).values_list("agreement_id", flat=True)
    elif kind == Kind.PLACE:
        yield Kind.EVENT, Event.places.through.objects.filter(place__in=ids).values_list("event_id", flat=True)
        parties = Agreement.parties.through.objects.filter(place__in=ids)
        yield Kind.AGREEMENT, parties.values_list("agreement_id", flat=True)
        slugs = Place.objects.filter(pk__in=ids).values_list("slug", flat=True)
        yield Kind.PERSON, Position.objects.filter(organization_key__in=slugs).values_list("person_id", flat=True)


def flush():
    """Write every queued record's entry, and those of the records that carry its names."""
    records = _pending()
    _queue.records = defaultdict(set)
    if not records:
        return
    for kind in (Kind.PERSON, Kind.PLACE):
        for dependent_kind, dependent_ids in _dependents(kind, records.get(kind, ())):
            records[dependent_kind].update(dependent_ids)
    for kind, ids in records.items():
        index_records(kind, ids)


# Receivers. Each one queues the records whose entries a change touches.


def _on_record_change(sender, instance, **kwargs):
    queue(RECORD_KINDS[sender], [instance.pk])


def _on_record_delete(sender, instance, **kwargs):
    """Before a place, topic, era or person goes, note who refers to it: the links go with it."""
    kind = RECORD_KINDS.get(sender)
    if kind:
        for dependent_kind, ids in _dependents(kind, [instance.pk]):
            queue(dependent_kind, list(ids))
    if sender in (Topic, Era):
        queue(Kind.EVENT, list(instance.events.values_list("pk", flat=True)))


def _on_era_change(sender, instance, **kwargs):
    # An agreement's era is the one its date falls in; eras are few and rarely edited.
    queue(Kind.AGREEMENT, list(Agreement.objects.values_list("pk", flat=True)))


def _on_child_change(sender, instance, **kwargs):
    kind, parent_field = CHILDREN[sender]
    queue(kind, [getattr(instance, f"{parent_field}_id")])


def _on_m2m_change(sender, instance, action, reverse, pk_set, **kwargs):
    kind = M2M[sender]
    if action == "pre_clear" and reverse:
        # Reverse clear (place.events.clear()): the events are unknown after the fact.
        accessor = {Event.places.through: "events", Event.topics.through: "events"}.get(sender, "agreements")
        queue(kind, list(getattr(instance, accessor).values_list("pk", flat=True)))
    elif action in ("post_add", "post_remove", "post_clear"):
        queue(kind, (pk_set or ()) if reverse else [instance.pk])


RECORD_KINDS = {Event: Kind.EVENT, Agreement: Kind.AGREEMENT, Person: Kind.PERSON, Place: Kind.PLACE, Topic: Kind.TOPIC}
CHILDREN = {
    EventSection: (Kind.EVENT, "event"),
    EventPerson: (Kind.EVENT, "event"),
    Signatory: (Kind.AGREEMENT, "agreement"),
    PersonName: (Kind.PERSON, "person"),
    Position: (Kind.PERSON, "person"),
    PlaceName: (Kind.PLACE, "place"),
}
M2M = {
    Event.places.through: Kind.EVENT,
    Event.topics.through: Kind.EVENT,
    Agreement.parties.through: Kind.AGREEMENT,
}


def connect_signals():
    """Called from EventsConfig.ready()."""
    uid = "events.search_index"
    # A save and a delete call the same receiver.
    on_change = [
        *((_on_record_change, model) for model in RECORD_KINDS),
        (_on_era_change, Era),
        *((_on_child_change, model) for model in CHILDREN),
    ]
    for receiver, model in on_change:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}")
    for model in (Person, Place, Topic, Era):
        pre_delete.connect(_on_record_delete, sender=model, dispatch_uid=f"{uid}.pre_delete.{model.__name__}")
    for through in M2M:
        m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"{uid}.m2m.{through.__name__}")
