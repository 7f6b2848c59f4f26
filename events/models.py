"""Eras, events, agreements, the vocabularies that describe them (places, topics) and sources."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from events.querysets import AGREEMENT_ORDER, CHRONOLOGICAL_ORDER, AgreementQuerySet, EventQuerySet
from lib.dates import EDTFField, bounds, readable, refresh_bounds
from lib.importing import IMPORT_FIELDS, ImportTracked
from lib.loading import QuickLoad
from lib.markup import render_markdown
from lib.publishing import Publishable
from lib.urls import slug_url
from people.models import Person, normalize_name


class SlugManager(models.Manager):
    """Natural key by slug, so fixtures refer to records by their address, not a database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ChildManager(models.Manager):
    """Natural key of an inline row: its parent's slug plus the fields named in NATURAL_KEY."""

    def get_by_natural_key(self, parent_slug, *values):
        fields = self.model.NATURAL_KEY
        lookups = {f"{fields[0]}__slug": parent_slug}
        for name, value in zip(fields[1:], values, strict=True):
            related = self.model._meta.get_field(name)
            key = f"{name}__slug" if related.is_relation else name
            lookups[key] = value
        return self.get(**lookups)


def _child_natural_key(instance):
    values = []
    for name in instance.NATURAL_KEY:
        field = instance._meta.get_field(name)
        values.append(getattr(instance, name).slug if field.is_relation else getattr(instance, name))
    return tuple(values)


# Recomputed on every save: kept out of history so diffs show only what a curator changed.
DERIVED_FIELDS = ["updated_at", *IMPORT_FIELDS]


class Place(ImportTracked):
    """A country, territory, city or organization, with the other names it has gone by."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        TERRITORY = "territory", "Territory"
        CITY = "city", "City"
        REGION = "region", "Region"
        ORGANIZATION = "organization", "International organization"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, help_text="The name readers know best, e.g. “Soviet Union”.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The page is /places/ followed by this; if changed later, the old address redirects.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The place this one lies within (a city's country).",
    )
    description = models.TextField(blank=True, help_text="A sentence or two, in Markdown.")
    source_key = models.CharField(
        max_length=200, blank=True, help_text="Key in imported data (e.g. an Office of the Historian tag id)."
    )

    history = HistoricalRecords(excluded_fields=IMPORT_FIELDS)
    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="place_unique_source_key"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("events:place", self.slug)

    def natural_key(self):
        return (self.slug,)


class PlaceName(QuickLoad, models.Model):
    """Another name of a place: "U.S.S.R.", "Russia", "Muscovy"."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=200, help_text="E.g. “U.S.S.R.” for the Soviet Union.")
    used = models.CharField(
        max_length=64, blank=True, help_text="When the name was in use, in words (e.g. “1922–1991”)."
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["name_key"])

    objects = ChildManager()

    NATURAL_KEY = ("place", "name")

    class Meta:
        ordering = ["place_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="placename_unique_per_place"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.name_key = normalize_name(self.name)

    def natural_key(self):
        return _child_natural_key(self)


class Topic(ImportTracked):
    """A subject heading in a small hierarchy (e.g. Diplomatic recognition under Diplomacy)."""

    name = models.CharField(max_length=200, help_text="E.g. “Diplomatic recognition”.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The page is /topics/ followed by this; if changed later, the old address redirects.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The broader topic, if any.",
    )
    description = models.TextField(blank=True, help_text="A sentence or two, in Markdown.")
    source_key = models.CharField(max_length=200, blank=True, help_text="Key in imported data.")

    history = HistoricalRecords(excluded_fields=IMPORT_FIELDS)
    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="topic_unique_source_key"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("events:topic", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "A topic cannot sit inside itself."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Source(QuickLoad, models.Model):
    """A citation record that events, agreements and people can cite."""

    slug = models.SlugField(max_length=200, unique=True, help_text="A short key for the source, e.g. “frus-1933-ii”.")
    author = models.CharField(max_length=300, blank=True, help_text="Author(s) or issuing office.")
    title = models.CharField(max_length=500, help_text="Title of the work or document.")
    publisher = models.CharField(max_length=300, blank=True, help_text="Publisher or archive.")
    year = models.CharField(max_length=20, blank=True, help_text="Year of publication, e.g. 1952.")
    url = models.URLField(max_length=500, blank=True, help_text="Where to read it online, if anywhere.")
    locator = models.CharField(
        "archival locator",
        max_length=300,
        blank=True,
        help_text="Collection, box, folder or volume and page, e.g. “FRUS 1933, vol. II, doc. 612”.",
    )
    note = models.TextField(blank=True, help_text="Anything else a reader needs to find it.")

    history = HistoricalRecords()
    objects = SlugManager()

    class Meta:
        ordering = ["author", "title"]

    def __str__(self):
        return f"{self.author}, {self.title}" if self.author else self.title

    def natural_key(self):
        return (self.slug,)

    def citation_text(self):
        """A plain-text bibliography entry."""
        parts = [self.author, self.title, self.publisher, self.year, self.locator]
        text = ". ".join(part.strip().rstrip(".") for part in parts if part and part.strip())
        return f"{text}." if text else ""


class Era(ImportTracked):
    """A chronological chapter, e.g. "1921–1936: Interwar Diplomacy"."""

    title = models.CharField(max_length=200, help_text="E.g. “1921–1936: Interwar Diplomacy”.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The page is /eras/ followed by this; if changed later, the old address redirects.",
    )
    start_year = models.PositiveSmallIntegerField(help_text="First year of the era.")
    end_year = models.PositiveSmallIntegerField(help_text="Last year of the era.")
    introduction = models.TextField(blank=True, help_text="The era's introduction, in Markdown.")
    introduction_html = models.TextField(blank=True, editable=False)
    source_key = models.CharField(
        max_length=200, blank=True, help_text="Key in imported data, e.g. the Milestones chapter “1921-1936”."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["introduction_html", "updated_at", *IMPORT_FIELDS])
    objects = SlugManager()

    class Meta:
        ordering = ["start_year", "end_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="era_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="era_unique_source_key"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:era", self.slug)

    def fill_derived(self):
        self.introduction_html = render_markdown(self.introduction)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if self.start_year is not None and self.end_year is not None and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The era ends before it starts."})


class Event(Publishable, ImportTracked):
    """Something that happened: a milestone essay, or a dated meeting, signing, visit, war..."""

    class Kind(models.TextChoices):
        ESSAY = "essay", "Milestone essay"
        MEETING = "meeting", "Meeting"
        NEGOTIATION = "negotiation", "Negotiation"
        SIGNING = "signing", "Signing"
        RECOGNITION = "recognition", "Recognition"
        BREAK = "break", "Break in relations"
        APPOINTMENT = "appointment", "Appointment"
        LETTER = "letter", "Letter or message"
        CONFERENCE = "conference", "Conference"
        WAR = "war", "War or invasion"
        CRISIS = "crisis", "Crisis or violence"
        VISIT = "visit", "Visit of a foreign leader"
        TRIP = "trip", "Trip abroad"
        OTHER = "other", "Other"

    title = models.CharField(max_length=300, help_text="E.g. “Recognition of the Soviet Union”.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text=(
            "The page is /events/ followed by this, unique across the archive; "
            "if changed later, the old address redirects."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    date = EDTFField(help_text="When it happened, in EDTF: 1933-11-16, 1933-11, 1933, 193X, 1933~, 1921/1922.")
    date_lower = models.DateField(null=True, blank=True, editable=False)
    date_upper = models.DateField(null=True, blank=True, editable=False)
    era = models.ForeignKey(
        Era,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The chapter of the narrative this event belongs to.",
    )
    summary = models.TextField(
        blank=True, help_text="One or two plain sentences shown in lists, the timeline and search results."
    )
    places = models.ManyToManyField(Place, blank=True, related_name="events")
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    agreements = models.ManyToManyField("Agreement", blank=True, related_name="events")
    people = models.ManyToManyField(Person, through="EventPerson", related_name="events", blank=True)
    related = models.ManyToManyField("self", through="EventRelation", symmetrical=False, related_name="+", blank=True)
    source_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Key in imported data, e.g. “1921-1936/ussr” for a Milestones essay.",
    )

    history = HistoricalRecords(excluded_fields=DERIVED_FIELDS, m2m_fields=[places, topics, agreements])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date_lower", "date_upper", "title"]
        permissions = [("publish_event", "Can publish, unpublish and retire events")]
        indexes = [
            # The timeline and every chronological list: published events by date.
            models.Index(fields=["status", "date_lower", "date_upper"], name="event_status_date_idx"),
            # Era pages: an era's events in order.
            models.Index(fields=["era", "date_lower"], name="event_era_date_idx"),
            # chronological(): the event list, place and topic pages read a page of 50 in this order
            # instead of sorting every public event (135 ms -> 1 ms at 100,000 events on PostgreSQL).
            models.Index(*CHRONOLOGICAL_ORDER, name="event_chronological_idx"),
            # Era pages: an era's events in chronological() order, read a page at a time.
            models.Index(models.F("era"), *CHRONOLOGICAL_ORDER, name="event_era_chronological_idx"),
            # recently_updated() (home page and feed): the last changed public events.
            models.Index(fields=["updated_at"], name="event_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="event_unique_source_key"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def readable_date(self):
        return readable(self.date)


class EventSection(QuickLoad, models.Model):
    """A titled part of an event's narrative (the headings of an essay)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0, help_text="Sections are shown in this order.")
    heading = models.CharField(
        max_length=300, blank=True, help_text="The section's heading; leave empty for an untitled opening."
    )
    anchor = models.SlugField(max_length=100, blank=True, editable=False)
    body = models.TextField(help_text="The text of the section, in Markdown.")
    body_html = models.TextField(blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["body_html", "anchor"])

    objects = ChildManager()

    NATURAL_KEY = ("event", "order")

    class Meta:
        ordering = ["event_id", "order", "id"]

    def __str__(self):
        return self.heading or f"Section {self.order}"

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.anchor = slugify(self.heading)[:100] if self.heading else ""
        self.body_html = render_markdown(self.body)

    def natural_key(self):
        return _child_natural_key(self)


class EventFigure(models.Model):
    """An illustration of an event: an uploaded image or the address of one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveSmallIntegerField(default=0)
    image = models.ImageField(upload_to="figures/", blank=True, help_text="Upload an image…")
    image_url = models.URLField(max_length=500, blank=True, help_text="…or give the address of one.")
    alt_text = models.CharField(max_length=300, help_text="What the image shows, for readers who cannot see it.")
    caption = models.TextField(blank=True, help_text="The caption shown under the image.")
    credit = models.CharField(max_length=300, blank=True, help_text="Who made it; where it is held.")

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("event", "order")

    class Meta:
        ordering = ["event_id", "order", "id"]

    def __str__(self):
        return self.caption[:80] or self.alt_text

    def natural_key(self):
        return _child_natural_key(self)

    def clean(self):
        super().clean()
        if not self.image and not self.image_url:
            raise ValidationError("Upload an image or give its address.")

    @property
    def src(self):
        return self.image.url if self.image else self.image_url


class EventPerson(models.Model):
    """A person's part in an event: "negotiator", "intermediary", "head of state"."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=100, blank=True, help_text="E.g. “negotiator”, “intermediary”, “head of state”.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Key people first.")

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("event", "person", "role")

    class Meta:
        # event_id, not "event": ordering by the foreign key sorts by the event's own ordering, which
        # joined the events table into every participants prefetch (the same for the other inline rows).
        ordering = ["event_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="eventperson_unique_role"),
        ]

    def __str__(self):
        return f"{self.person} ({self.role})" if self.role else str(self.person)

    def natural_key(self):
        return _child_natural_key(self)

    natural_key.dependencies = ["people.person"]

    def clean(self):
        super().clean()
        try:
            # In the admin the event may be the unsaved record of the same form (a participant entered
            # on the "Add event" page): it has no id yet, and its date is the one just submitted.
            event = self.event
        except Event.DoesNotExist:
            return
        if not self.person_id:
            return
        try:
            # Bounds from the submitted text: the stored ones are only updated when the event is saved.
            lower, upper = bounds(event.date)
        except ValidationError:
            return  # The event's own form reports its unreadable date.
        person = self.person
        # An essay narrates decades and names people long dead at its nominal date (Wilson in the
        # 1933 essay): only dated occurrences must fall within a participant's life.
        if event.kind != Event.Kind.ESSAY and not person.lived_during(lower, upper):
            raise ValidationError(
                {"person": f"{person} was not alive at the date of this event ({event.readable_date})."}
            )


class EventRelation(models.Model):
    class Kind(models.TextChoices):
        LED_TO = "led_to", "Led to"
        PART_OF = "part_of", "Part of"
        SEE_ALSO = "see_also", "See also"

    INVERSE_LABELS = {
        Kind.LED_TO: "Followed from",
        Kind.PART_OF: "Includes",
        Kind.SEE_ALSO: "See also",
    }

    from_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="relations_out")
    to_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SEE_ALSO)

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("from_event", "to_event", "kind")

    class Meta:
        ordering = ["from_event_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["from_event", "to_event", "kind"], name="eventrelation_unique"),
            models.CheckConstraint(condition=~models.Q(from_event=models.F("to_event")), name="eventrelation_not_self"),
        ]

    def __str__(self):
        return f"{self.from_event} — {self.get_kind_display().lower()} — {self.to_event}"

    def natural_key(self):
        return _child_natural_key(self)

    def clean(self):
        super().clean()
        if self.from_event_id and self.from_event_id == self.to_event_id:
            raise ValidationError({"to_event": "An event cannot be related to itself."})


class EventSource(QuickLoad, models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="event_citations")
    pages = models.CharField(max_length=100, blank=True, help_text="Pages or document number cited.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("event", "source", "pages")

    class Meta:
        ordering = ["event_id", "order", "id"]

    def __str__(self):
        return str(self.source)

    def natural_key(self):
        return _child_natural_key(self)


class Agreement(Publishable):
    class Kind(models.TextChoices):
        TREATY = "treaty", "Treaty"
        PACT = "pact", "Pact"
        EXECUTIVE = "executive", "Executive agreement"
        NOTES = "notes", "Exchange of notes"
        GENTLEMEN = "gentlemen", "Gentlemen's agreement"
        CONVENTION = "convention", "Convention"
        DECLARATION = "declaration", "Declaration"
        PROTOCOL = "protocol", "Protocol"
        OTHER = "other", "Other"

    class AgreementStatus(models.TextChoices):
        IN_FORCE = "in_force", "In force"
        NOT_IN_FORCE = "not_in_force", "Never entered into force"
        BROKEN = "broken", "Broken"
        SUPERSEDED = "superseded", "Superseded"
        EXPIRED = "expired", "Expired"
        TERMINATED = "terminated", "Terminated"
        UNKNOWN = "unknown", "Unknown"

    title = models.CharField(max_length=300, help_text="E.g. “Treaty of Brest-Litovsk”.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The page is /agreements/ followed by this; if changed later, the old address redirects.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TREATY)
    negotiated = EDTFField(help_text="When it was negotiated (EDTF), e.g. 1933-11 or 1933-11-08/1933-11-16.")
    negotiated_lower = models.DateField(null=True, blank=True, editable=False)
    negotiated_upper = models.DateField(null=True, blank=True, editable=False)
    signed = EDTFField(help_text="When it was signed (EDTF).")
    signed_lower = models.DateField(null=True, blank=True, editable=False)
    signed_upper = models.DateField(null=True, blank=True, editable=False)
    in_force = EDTFField("in force from", help_text="When it took effect (EDTF).")
    in_force_lower = models.DateField(null=True, blank=True, editable=False)
    in_force_upper = models.DateField(null=True, blank=True, editable=False)
    ended = EDTFField(help_text="When it ended (EDTF); empty if still in force or unknown.")
    ended_lower = models.DateField(null=True, blank=True, editable=False)
    ended_upper = models.DateField(null=True, blank=True, editable=False)
    agreement_status = models.CharField(
        "status of the agreement",
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.UNKNOWN,
        help_text="Its legal status today (not the publication state of this record).",
    )
    parties = models.ManyToManyField(
        Place, blank=True, related_name="agreements", help_text="The countries or organizations bound by it."
    )
    summary = models.TextField(blank=True, help_text="One or two plain sentences for lists and search.")
    body = models.TextField(blank=True, help_text="What it said and what came of it, in Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    source_key = models.CharField(max_length=200, blank=True, help_text="Key in imported data.")

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"], m2m_fields=[parties])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["signed_lower", "title"]
        permissions = [("publish_agreement", "Can publish, unpublish and retire agreements")]
        indexes = [
            # recently_updated() (home page and feed): the last changed public agreements.
            models.Index(fields=["updated_at"], name="agreement_updated_idx"),
            # chronological(): the agreement list and the United States' agreements read a page in order.
            models.Index(*AGREEMENT_ORDER, name="agreement_chronological_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="agreement_unique_source_key"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.body_html = render_markdown(self.body)

    def get_absolute_url(self):
        return slug_url("events:agreement", self.slug)

    def natural_key(self):
        return (self.slug,)

    # The order in which an agreement's dates must fall.
    DATE_SEQUENCE = ("negotiated", "signed", "in_force", "ended")

    def clean(self):
        super().clean()
        refresh_bounds(self)
        errors = {}
        for i, earlier in enumerate(self.DATE_SEQUENCE):
            earliest_possible = getattr(self, f"{earlier}_lower")
            for later in self.DATE_SEQUENCE[i + 1 :]:
                latest_possible = getattr(self, f"{later}_upper")
                # Only a date that is certainly before the earlier step is an error.
                if earliest_possible and latest_possible and latest_possible < earliest_possible:
                    errors.setdefault(
                        later,
                        f"{self._meta.get_field(later).verbose_name.capitalize()} is before "
                        f"{self._meta.get_field(earlier).verbose_name}.",
                    )
        if errors:
            raise ValidationError(errors)


class Signatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", help_text="The party the person signed for."
    )
    role = models.CharField(
        max_length=200, blank=True, help_text="In what capacity, e.g. “Commissar for Foreign Affairs”."
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("agreement", "person", "party")

    class Meta:
        ordering = ["agreement_id", "order", "id"]
        verbose_name_plural = "signatories"

    def __str__(self):
        return f"{self.person} for {self.party}"

    def natural_key(self):
        return _child_natural_key(self)

    natural_key.dependencies = ["people.person"]


class AgreementSource(QuickLoad, models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="agreement_citations")
    pages = models.CharField(max_length=100, blank=True, help_text="Pages or document number cited.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("agreement", "source", "pages")

    class Meta:
        ordering = ["agreement_id", "order", "id"]

    def __str__(self):
        return str(self.source)

    def natural_key(self):
        return _child_natural_key(self)


class PersonSource(QuickLoad, models.Model):
    """A source cited on a person's page (kept here because people/ never imports events/)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="person_citations")
    pages = models.CharField(max_length=100, blank=True, help_text="Pages or document number cited.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    objects = ChildManager()

    NATURAL_KEY = ("person", "source", "pages")

    class Meta:
        ordering = ["person_id", "order", "id"]

    def __str__(self):
        return str(self.source)

    def natural_key(self):
        return _child_natural_key(self)

    natural_key.dependencies = ["people.person"]


# The search index's tables (a derived copy of the records above), registered with this app.
# The log of data imports, kept apart like the search tables.
from events.import_models import ImportRun  # noqa: E402, F401
from events.search_models import SearchEntry, SearchFacet, SearchName  # noqa: E402, F401
