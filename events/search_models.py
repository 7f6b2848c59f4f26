"""The search index: one denormalised row per event, agreement, person, place and topic.

Rows are written by ``events.search_index`` (on commit, and by ``manage.py reindex``), never by
curators. The full-text index over them lives outside Django's model layer, created by migration
0003: on SQLite an FTS5 table kept in sync by triggers, on PostgreSQL a generated, weighted
``tsvector`` column with a GIN index. ``events.search`` queries both.

Kept apart from ``events/models.py`` (which imports this module so Django registers the models)
because that module is already long and these tables are a derived copy, not curated data.
"""

from django.db import models
from django.urls import reverse

from lib.dates import readable
from lib.publishing import PUBLIC_STATUSES


class SearchEntryQuerySet(models.QuerySet):
    def published(self):
        """Entries a visitor may find: those of published and retired records."""
        return self.filter(status__in=PUBLIC_STATUSES)


class SearchEntry(models.Model):
    """The searchable text of one record. ``title``, ``names``, ``summary`` and ``body`` are indexed."""

    class Kind(models.TextChoices):
        EVENT = "event", "Event"
        AGREEMENT = "agreement", "Agreement"
        PERSON = "person", "Person"
        PLACE = "place", "Place"
        TOPIC = "topic", "Topic"

    # Where each kind's page is; the URL is built when a hit is shown, so a route change needs no reindex.
    ROUTES = {
        Kind.EVENT: "events:detail",
        Kind.AGREEMENT: "events:agreement",
        Kind.PERSON: "people:detail",
        Kind.PLACE: "events:place",
        Kind.TOPIC: "events:topic",
    }

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField()
    slug = models.CharField(max_length=200)
    status = models.CharField(max_length=16)
    display_title = models.CharField(max_length=300)
    # The indexed text, cleaned by events.search_query.clean_text (acronyms undotted, no control characters).
    title = models.TextField()
    names = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    date = models.CharField(max_length=130, blank=True)
    date_lower = models.DateField(null=True, blank=True)
    date_upper = models.DateField(null=True, blank=True)
    event_kind = models.CharField(max_length=20, blank=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name_plural = "search entries"
        constraints = [
            # Reindexing a record replaces its row, found by (kind, object_id).
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_record"),
        ]
        indexes = [
            # Browsing by facet without a query, sorted by date ("oldest"/"newest").
            models.Index(fields=["status", "date_lower"], name="searchentry_status_date_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_title}"

    def get_absolute_url(self):
        return reverse(self.ROUTES[self.kind], kwargs={"slug": self.slug})

    @property
    def readable_date(self):
        """ "November 16, 1933"; for people "1876–1951", "born 1876" or "died 1951"."""
        if self.kind != self.Kind.PERSON:
            return readable(self.date)
        birth, _, death = self.date.partition("/")
        birth, death = readable(birth), readable(death)
        if birth and death:
            return f"{birth}–{death}"
        if birth:
            return f"born {birth}"
        return f"died {death}" if death else ""


class SearchFacet(models.Model):
    """One facet value of an entry: ("type", "event"), ("decade", "1930"), ("topic", "12")…"""

    class Name(models.TextChoices):
        TYPE = "type", "Type"
        ERA = "era", "Era"
        DECADE = "decade", "Decade"
        TOPIC = "topic", "Topic"
        PLACE = "place", "Place"
        KIND = "kind", "Kind of event"

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=16, choices=Name.choices)
    value = models.CharField(max_length=64)

    class Meta:
        ordering = ["entry", "name", "value"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "name", "value"], name="searchfacet_unique_value"),
        ]
        indexes = [
            # Filters: EXISTS (… WHERE name = %s AND value = %s AND entry_id = e.id).
            models.Index(fields=["name", "value", "entry"], name="searchfacet_filter_idx"),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchName(models.Model):
    """A word from the title or names of a public record, folded: the vocabulary of "Did you mean …?".

    Words are added as records are indexed and only removed by ``manage.py reindex``; a
    suggestion is only shown when the corrected query finds something, so a stale word is harmless.
    """

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word
