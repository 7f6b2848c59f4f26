"""The querysets of events and agreements: visibility, chronological order, and what each page
loads with its records (``for_list``; ``event_parts`` and ``agreement_parts`` for a record's page).

Kept apart from ``events/models.py`` to keep it short; the models that the pages read are imported
where they are used, since models.py imports this module.
"""

from typing import NamedTuple

from django.db import models
from django.db.models.lookups import GreaterThanOrEqual, IsNull

from lib.baked import Baked
from lib.dates import overlaps
from lib.ordering import BY_NAME, BY_ORDER, CHRONOLOGICAL_FIELDS, chronological_row_key, nulls_last
from lib.page_cache import remember
from lib.publishing import PUBLIC_STATUSES, PublishableQuerySet
from lib.sql import has_rows, inline, may_have
from lib.urls import slug_url

# Oldest first, undated last: CHRONOLOGICAL_FIELDS with NULLs after every date.
CHRONOLOGICAL_ORDER = (
    IsNull(models.F("date_lower"), True),
    "date_lower",
    IsNull(models.F("date_upper"), True),
    "date_upper",
    "title",
    "id",
)


# The same order spelled so that no index serves it (see DatedQuerySet.chronological): SQLite reads
# no index for NULLS LAST, and PostgreSQL's indexes on date_lower lead with the status, the era or
# "date_lower IS NULL". Cheaper for the ORM to build than the CASE expressions it replaced (5% of a
# person's page).
SORTED_CHRONOLOGICAL_ORDER = (
    models.F("date_lower").asc(nulls_last=True),
    models.F("date_upper").asc(nulls_last=True),
    "title",
    "id",
)


class DatedQuerySet(PublishableQuerySet):
    def in_era_chronologically(self, era):
        """``era``'s records in chronological() order, read from event_era_chronological_idx.

        The era is matched as a range of one value and leads the order. Given "era_id = 6",
        PostgreSQL drops the constant column from the order and may walk
        event_chronological_idx instead, filtering out every earlier event: 57–73 ms for the
        largest era's page at 100,000 events, against 0.3 ms through the era's index.

        The id is written into the SQL, not sent as a parameter: prepared (settings:
        DATABASE_PREPARED_STATEMENTS), the statement's generic plan, made without the value,
        guessed the range held 50 events and sorted the era's thousand instead (4 ms against
        0.7 ms at 10,000 events). Each era now has its statement and its plan; ids are integers.
        """
        era_id = inline(era.pk)
        return self.filter(era_id__gte=era_id, era_id__lte=era_id).order_by("era_id", *CHRONOLOGICAL_ORDER)

    def ids_in_order(self, ids):
        """Those of ``ids`` that are in this queryset, in chronological() order: read by primary key
        and sorted in Python. Not a join sorted in SQL: for a topic with 161 of 10,000 events, or the
        busiest person's 2,130 of 100,000, PostgreSQL hashed or scanned every event instead
        (7.5 ms; 60–90 ms). For the orders a place's, topic's or person's page keeps (KeptOrder)."""
        keys = self.filter(pk__in=list(ids)).order_by().values_list(*CHRONOLOGICAL_FIELDS)
        return [key[-1] for key in sorted(keys, key=chronological_row_key)]  # the id is the last field

    def starting_in(self, first_day, last_day):
        """Records whose date range starts (``date_lower``) between ``first_day`` and ``last_day``.

        Also says "date_lower IS NULL" is at least false, always true, so that PostgreSQL enters
        event_chronological_idx (led by that expression) at ``first_day``. Without it, it read the
        index from its first entry to the decade's: a timeline page of the 1930s at 100,000 events
        read 988 buffers instead of 134.
        """
        return self.filter(
            GreaterThanOrEqual(IsNull(models.F("date_lower"), True), False),
            # In the SQL, not parameters (lib.sql): prepared, the statement's generic plan guessed
            # few rows in any range and sorted the decade's thousands.
            date_lower__gte=inline(first_day),
            date_lower__lte=inline(last_day),
        )

    def between(self, start=None, end=None):
        """Records whose uncertain date range overlaps [start, end]."""
        return self.filter(overlaps("date_lower", "date_upper", start, end))

    def chronological(self, *, by_index=True):
        """Oldest first; undated records last; ties broken by the latest bound, then title.

        ``by_index=False`` for a small share of all events (a place's, a topic's): the same order,
        spelled so that no index can serve it, so the database sorts the rows that match instead of
        walking every event in order to find 50 of them. PostgreSQL chose the walk: 140–200 ms for
        a topic at 100,000 events.
        """
        # "date_lower IS NULL" first instead of NULLS LAST: the same order, but one that SQLite can
        # read from an index (event_chronological_idx); it cannot use an index for NULLS LAST.
        return self.order_by(*(CHRONOLOGICAL_ORDER if by_index else SORTED_CHRONOLOGICAL_ORDER))


# What a row of a list or of the timeline shows (events.templatetags.archive.event_rows). The rest
# (an era's introduction, the people's biographies) stays in the database: building those columns
# into every row was most of a timeline page's time.
ROW_FIELDS = ("status", "title", "slug", "kind", "date", "date_lower", "date_upper", "era_id", "summary")


class KeyPerson(NamedTuple):
    """A public participant as a list row shows them (``event.key_people``)."""

    slug: str
    name: str
    role: str

    def get_absolute_url(self):
        return slug_url("people:detail", self.slug)


class _ListRows(models.query.ModelIterable):
    """Events as list rows show them, each with its era (``event.era``, title and slug) and
    ``key_people``: its public participants in order, read in one query of four columns for all
    the rows. A prefetch built two model instances per participant (the link and the person), a
    third of a timeline page's time; joining the era built an era per row, a tenth of it."""

    def __iter__(self):
        from events.models import EventPerson

        events = list(super().__iter__())
        eras = kept_eras()
        found = {}
        rows = (
            EventPerson.objects.filter(event_id__in=[event.pk for event in events], person__status__in=PUBLIC_STATUSES)
            .order_by()
            .values_list("event_id", "order", "id", "person__slug", "person__display_name", "role")
        )
        # Sorted here in EventPerson's order (order, id) within each event: the tuples sort that
        # way, and an ORDER BY cost more to build than a page's few hundred rows take to sort.
        for event_id, _, _, *person in sorted(rows):
            found.setdefault(event_id, []).append(KeyPerson(*person))
        era_field = self.queryset.model.era.field
        for event in events:
            # What select_related does: into the relation's cache, not through the descriptor
            # (which checks the instance and sets era_id again, 3% of a timeline page).
            era_field.set_cached_value(event, eras.get(event.era_id))
            event.key_people = found.get(event.pk, [])
        yield from events


class _WithKeptEra(models.query.ModelIterable):
    """Events each with its era (title and slug) from kept_eras(), as _ListRows sets them: for an
    event's page, cheaper than joining the eras table (0.7 -> 0.5 ms for the query on SQLite)."""

    def __iter__(self):
        return iter(self.finish(list(super().__iter__())))

    @staticmethod
    def finish(events):
        """The events given their eras (also for lib.baked, which makes the rows itself)."""
        if events:
            eras = kept_eras()
            era_field = type(events[0]).era.field
            for event in events:
                era_field.set_cached_value(event, eras.get(event.era_id))
        return events


def kept_eras():
    """{id: Era} with the title and slug of each era: a score of them, the same for every page,
    kept until the next edit (lib.page_cache). Shared between requests: read, never change."""
    from events.models import Era

    return remember("eras-of-rows", lambda: Era.objects.only("title", "slug").in_bulk())


class EventQuerySet(DatedQuerySet):
    def for_list(self):
        """Rows of a list or timeline: the era and the key people (``event.key_people``), in two
        queries for a page (and the eras, kept), and only the columns a row shows."""
        queryset = self.only(*ROW_FIELDS)
        # How rows become objects: QuerySet's own hook (values() and values_list() set it too). It is
        # kept through filter(), order_by() and slicing, as a prefetch would be.
        queryset._iterable_class = _ListRows
        return queryset

    def for_detail(self):
        """An event for its page, with its era and whether it has any figure, agreement or related
        event (``has_figures``, ``has_agreements``, ``has_relations``) or source
        (``has_sources``): most events have no figure, agreement or related event, a quarter
        of them no source, and their page then skips those queries (its parts: ``event_parts()``)."""
        from events.models import Event, EventFigure, EventRelation, EventSource

        queryset = self.annotate(
            has_figures=has_rows(EventFigure, "event"),
            has_agreements=has_rows(Event.agreements.through, "event"),
            has_relations=has_rows(EventRelation, "from_event", "to_event"),
            has_sources=has_rows(EventSource, "event"),
        )
        queryset._iterable_class = _WithKeptEra
        return queryset


class EventParts(NamedTuple):
    """What an event's page shows of its relations, each a list in its model's order."""

    sections: list
    figures: list
    places: list
    topics: list
    participants: list
    agreements: list
    citations: list


def event_parts(event):
    """The relations of one event, a query each and no more, sorted in Python.

    Read directly rather than through prefetch_related(), whose bookkeeping (a related manager, an
    IN lookup and the join column per relation) cost more than the query for one record; without
    ORDER BY, which costs more to build than a handful of rows take to sort (lib.ordering); and
    from SQL the ORM compiled once (lib.baked), since building and compiling each query cost more
    than running it.
    """
    pk = event.pk

    def only_if_any(relation, rows, key):
        """``rows(pk)`` sorted by ``key``, or [] without a query when for_detail() found none."""
        return sorted(rows(pk), key=key) if may_have(event, relation) else []

    return EventParts(
        sections=sorted(_SECTIONS(pk), key=BY_ORDER),
        figures=only_if_any("figures", _FIGURES, BY_ORDER),
        places=sorted(_PLACES(pk), key=BY_NAME),
        topics=sorted(_TOPICS(pk), key=BY_NAME),
        # In EventPerson's order (order, id): the tuples sort that way.
        participants=[KeyPerson(*row[2:]) for row in sorted(_PARTICIPANTS(pk))],
        agreements=only_if_any("agreements", _AGREEMENTS, by_signing),
        citations=only_if_any(
            "sources",
            lambda pk: _models().EventSource.objects.filter(event_id=pk).select_related("source").order_by(),
            BY_ORDER,
        ),
    )


def _models():
    from events import models  # events.models imports this module

    return models


# An event's parts by its id (event_parts), each compiled once (lib.baked).
_SECTIONS = Baked(lambda pk: _models().EventSection.objects.filter(event_id=pk).order_by())
_FIGURES = Baked(lambda pk: _models().EventFigure.objects.filter(event_id=pk).order_by())
_PLACES = Baked(lambda pk: _models().Place.objects.filter(events=pk).order_by())
_TOPICS = Baked(lambda pk: _models().Topic.objects.filter(events=pk).order_by())
# Public people as list rows show them (KeyPerson: slug, name, role), from five columns: a link
# and a person instance per row, through select_related(), cost more (0.66 -> 0.48 ms).
_PARTICIPANTS = Baked(
    lambda pk: (
        _models()
        .EventPerson.objects.filter(event_id=pk, person__status__in=PUBLIC_STATUSES)
        .order_by()
        .values_list("order", "id", "person__slug", "person__display_name", "role")
    )
)
_AGREEMENTS = Baked(
    lambda pk: _models().Agreement.objects.published().filter(events=pk).only(*AGREEMENT_LINK_FIELDS).order_by()
)


# What an event's page shows of each of its agreements (and sorts them by).
AGREEMENT_LINK_FIELDS = ("title", "slug", "signed", "signed_lower")


def chronological_key(event):
    """Events as DatedQuerySet.chronological() orders them, for rows sorted in Python."""
    return chronological_row_key(getattr(event, field) for field in CHRONOLOGICAL_FIELDS)


def by_signing(agreement):
    """Agreements as AgreementQuerySet.chronological() orders them: by signing, undated last."""
    return (nulls_last(agreement.signed_lower), agreement.title, agreement.id)


# Agreements by signing, undated last, spelled as CHRONOLOGICAL_ORDER so that both databases can
# read it from an index (agreement_chronological_idx).
AGREEMENT_ORDER = (IsNull(models.F("signed_lower"), True), "signed_lower", "title", "id")


class AgreementQuerySet(PublishableQuerySet):
    def chronological(self, *, by_index=True):
        """By signing, undated last, then by title; ``by_index=False`` as DatedQuerySet.chronological().

        The agreement list reads a page of 50 from the index instead of sorting every public
        agreement (3.5 ms of PostgreSQL's time at 5,000 agreements).
        """
        if by_index:
            return self.order_by(*AGREEMENT_ORDER)
        return self.order_by(models.F("signed_lower").asc(nulls_last=True), "title", "id")


class AgreementParts(NamedTuple):
    """What an agreement's page shows of its relations, each a list in its model's order."""

    parties: list
    signatories: list
    events: list
    citations: list


def agreement_parts(agreement):
    """The relations of one agreement, a query each, sorted in Python (as ``event_parts``)."""
    from events.models import AgreementSource, Signatory

    pk = agreement.pk
    # Only the columns the page shows of signatories and events: not biographies or narratives.
    signatories = (
        Signatory.objects.filter(agreement_id=pk)
        .select_related("person", "party")
        .only(
            "agreement_id",
            "order",
            "role",
            "person__slug",
            "person__display_name",
            "person__status",
            "party__name",
            "party__slug",
        )
    )
    citations = AgreementSource.objects.filter(agreement_id=pk).select_related("source")
    return AgreementParts(
        parties=sorted(_PARTIES(pk), key=BY_NAME),
        signatories=sorted(signatories.order_by(), key=BY_ORDER),
        events=sorted(_AGREEMENT_EVENTS(pk), key=chronological_key),
        citations=sorted(citations.order_by(), key=BY_ORDER),
    )


# An agreement's parties and events by its id, compiled once (lib.baked); its signatories and
# sources are read with select_related(), which a baked query does not do.
_PARTIES = Baked(lambda pk: _models().Place.objects.filter(agreements=pk).order_by())
_AGREEMENT_EVENTS = Baked(
    lambda pk: (
        _models()
        .Event.objects.published()
        .filter(agreements=pk)
        .only(*CHRONOLOGICAL_FIELDS, "slug", "status", "date")
        .order_by()
    )
)
