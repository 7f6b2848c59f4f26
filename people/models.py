"""People: diplomats, heads of state and everyone else the archive's events involve."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from lib.baked import Baked
from lib.dates import EDTFField, refresh_bounds
from lib.importing import IMPORT_FIELDS, ImportTracked
from lib.loading import QuickLoad
from lib.markup import render_markdown
from lib.ordering import BY_NAME, nulls_last
from lib.publishing import Publishable, PublishableQuerySet
from lib.sql import has_rows, may_have
from lib.urls import slug_url


def normalize_name(name):
    """Fold case, accents and punctuation so "Litvinov", "LITVÍNOV" and "Litvinov." compare equal."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", " ", stripped.casefold()).strip()


# Recomputed on every save: kept out of history so that diffs show only what a curator changed.
DERIVED_FIELDS = ["biography_html", "sort_name", "name_key", "updated_at", *IMPORT_FIELDS]


def _by_start(position):
    """Positions in the order of Position's Meta.ordering, undated ones last."""
    return (nulls_last(position.start_lower), position.id)


def person_names_and_positions(person):
    """(other names, positions held) of one person, in their Meta.ordering: a query each, sorted in
    Python (lib.ordering) and read directly, not prefetched (as events.querysets.event_parts)."""
    names = []
    if may_have(person, "names"):  # else no query: PersonQuerySet.for_detail() found none
        names = sorted(_NAMES(person.pk), key=BY_NAME)
    return names, sorted(_POSITIONS(person.pk), key=_by_start)


# A person's other names and positions by the person's id, each compiled once (lib.baked).
_NAMES = Baked(lambda pk: PersonName.objects.filter(person_id=pk).order_by())
_POSITIONS = Baked(lambda pk: Position.objects.filter(person_id=pk).order_by())


class PersonQuerySet(PublishableQuerySet):
    def for_detail(self):
        """A person for their page, with whether they have other names, signatures or cited
        sources (``has_names``, ``has_signatures``, ``has_sources``): many have none of some, and
        their page then skips those queries (``person_names_and_positions()``, people.views).
        Signatures and sources are the events app's tables, reached through the relations it
        declares: people/ does not import events/."""
        opts = self.model._meta
        return self.annotate(
            has_names=has_rows(PersonName, "person"),
            has_signatures=has_rows(opts.get_field("signatures").related_model, "person"),
            has_sources=has_rows(opts.get_field("citations").related_model, "person"),
        )

    def by_name(self, name):
        """People whose display name or a recorded alternate name equals ``name`` (folded)."""
        key = normalize_name(name)
        return self.filter(models.Q(name_key=key) | models.Q(alternate_names__name_key=key)).distinct()

    def by_hsg_id(self, hsg_id):
        """People known at history.state.gov by ``hsg_id``, now or formerly (``hsg_old_ids`` is space-separated)."""
        return self.filter(
            models.Q(hsg_id=hsg_id)
            | models.Q(hsg_old_ids=hsg_id)
            | models.Q(hsg_old_ids__startswith=f"{hsg_id} ")
            | models.Q(hsg_old_ids__endswith=f" {hsg_id}")
            | models.Q(hsg_old_ids__contains=f" {hsg_id} ")
        )


class CareerType(models.TextChoices):
    """The Office of the Historian's classification of chiefs of mission."""

    CAREER = "career", "Career Foreign Service officer"
    NON_CAREER = "non-career", "Non-career appointee"
    BOTH = "both", "Career officer and non-career appointee"
    PRE_1915 = "pre-1915", "Served before the Foreign Service Act of 1915"


class Person(Publishable, ImportTracked):
    display_name = models.CharField(max_length=200, help_text="The name as readers know it, e.g. “Maxim Litvinov”.")
    surname = models.CharField(max_length=120, blank=True, help_text="Family name, used to sort A–Z (e.g. “Litvinov”).")
    forenames = models.CharField(max_length=120, blank=True, help_text="Given names as they sort after the surname.")
    name_suffix = models.CharField(max_length=40, blank=True, help_text="Jr., Sr., III and the like.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The page is /people/ followed by this; if changed later, the old address redirects.",
    )
    birth = EDTFField(help_text="Date of birth in EDTF, e.g. 1876-07-17, 1876, 1876~.")
    birth_lower = models.DateField(null=True, blank=True, editable=False)
    birth_upper = models.DateField(null=True, blank=True, editable=False)
    death = EDTFField(help_text="Date of death in EDTF; leave empty if living or unknown.")
    death_lower = models.DateField(null=True, blank=True, editable=False)
    death_upper = models.DateField(null=True, blank=True, editable=False)
    nationality = models.CharField(max_length=100, blank=True, help_text="E.g. “American”, “Soviet”, “German”.")
    biography = models.TextField(blank=True, help_text="A short biography in your own words, in Markdown.")
    biography_html = models.TextField(blank=True, editable=False)
    hsg_id = models.CharField(
        "Office of the Historian id",
        max_length=120,
        blank=True,
        help_text="The id in history.state.gov's people database (POCOM), e.g. “bullitt-william-christian”.",
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id looks like Q12345.")],
        help_text="E.g. Q11861 for Maxim Litvinov.",
    )
    hsg_old_ids = models.CharField(
        "former Office of the Historian ids",
        max_length=300,
        blank=True,
        help_text="Former ids in history.state.gov, separated by spaces; their old addresses redirect here.",
    )
    career_type = models.CharField(
        max_length=20,
        choices=CareerType.choices,
        blank=True,
        help_text="For diplomats: career Foreign Service officer or political appointee (Office of the Historian).",
    )
    residence_states = models.CharField(
        "states of residence",
        max_length=300,
        blank=True,
        help_text="U.S. states the person was appointed from, comma-separated, e.g. “New York, Virginia”.",
    )
    portrait = models.ImageField(upload_to="portraits/", blank=True, help_text="Optional portrait image.")
    portrait_alt = models.CharField(
        max_length=300, blank=True, help_text="Describe the portrait for readers who cannot see it."
    )
    portrait_credit = models.CharField(
        max_length=300, blank=True, help_text="Who made the portrait and where it comes from."
    )
    sort_name = models.CharField(max_length=300, editable=False, db_index=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=DERIVED_FIELDS)
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name_plural = "people"
        permissions = [("publish_person", "Can publish, unpublish and retire people")]
        indexes = [
            # recently_updated() (home page and feed): the last changed public people.
            models.Index(fields=["updated_at"], name="person_updated_idx"),
        ]
        constraints = [
            # POCOM ids identify a person across imports (issue: import the Office's data).
            models.UniqueConstraint(fields=["hsg_id"], condition=~models.Q(hsg_id=""), name="person_unique_hsg_id"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """Compute the hidden columns from what the curator entered (see lib/derived.py)."""
        self.sort_name = self.compute_sort_name()
        self.name_key = normalize_name(self.display_name)
        self.biography_html = render_markdown(self.biography)

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("people:detail", self.slug)

    def clean(self):
        super().clean()
        refresh_bounds(self)
        if self.birth_lower and self.death_upper and self.death_upper < self.birth_lower:
            raise ValidationError({"death": "The death date is before the birth date."})

    def compute_sort_name(self):
        """ "Surname, Forenames, Suffix", or the display name when no surname is recorded."""
        if not self.surname:
            return self.display_name
        return ", ".join(part for part in (self.surname, self.forenames, self.name_suffix) if part)

    def lived_during(self, lower, upper):
        """False when [lower, upper] lies wholly before birth or after death (unknowns pass)."""
        if upper and self.birth_lower and upper < self.birth_lower:
            return False
        if lower and self.death_upper and lower > self.death_upper:
            return False
        return True

    def probable_duplicates(self):
        """Other people whose name folds to the same key as this person's: a curator should look."""
        key = normalize_name(self.display_name)
        return (
            Person.objects.filter(models.Q(name_key=key) | models.Q(alternate_names__name_key=key))
            .exclude(pk=self.pk)
            .distinct()
        )


class PersonNameManager(models.Manager):
    def get_by_natural_key(self, person_slug, name):
        return self.get(person__slug=person_slug, name=name)


class PersonName(QuickLoad, models.Model):
    class Kind(models.TextChoices):
        VARIANT = "variant", "Variant spelling"
        TRANSLITERATION = "transliteration", "Transliteration"
        SCRIPT = "script", "Name in another script"
        BIRTH = "birth", "Birth name"
        PSEUDONYM = "pseudonym", "Pseudonym"
        MISSPELLING = "misspelling", "Misspelling found in sources"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alternate_names")
    name = models.CharField(
        max_length=200, help_text="Another form of the name, e.g. “Maksim Litvinov”, “Максим Литвинов”."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VARIANT)
    language = models.CharField(max_length=20, blank=True, help_text="Language or script code, e.g. ru, ru-Latn.")
    note = models.CharField(max_length=300, blank=True, help_text="Where this form is found.")
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["name_key"])
    objects = PersonNameManager()

    class Meta:
        ordering = ["person_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="personname_unique_per_person"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.name_key = normalize_name(self.name)

    def natural_key(self):
        return (self.person.slug, self.name)

    natural_key.dependencies = ["people.person"]


class PositionManager(models.Manager):
    def get_by_natural_key(self, person_slug, title, start):
        return self.get(person__slug=person_slug, title=title, start=start)


class Position(ImportTracked):
    """A post a person held: "Ambassador to the Soviet Union", "Commissar for Foreign Affairs"."""

    class Kind(models.TextChoices):
        CHIEF_OF_MISSION = "chief_of_mission", "Chief of mission to a country"
        REPRESENTATIVE = "representative", "Chief of mission to an organization"
        PRINCIPAL_OFFICER = "principal_officer", "Principal officer of the Department of State"
        PRESIDENT = "president", "President of the United States"
        NOMINATION = "nomination", "Nomination or appointment not taken up"
        OTHER = "other", "Other post"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, help_text="What sort of post.")
    title = models.CharField(max_length=300, help_text="E.g. “Ambassador to the Soviet Union”.")
    organization = models.CharField(
        max_length=200,
        blank=True,
        help_text="The country or organization of the post, e.g. “Soviet Union”, “League of Nations”.",
    )
    organization_key = models.SlugField(
        max_length=100,
        blank=True,
        help_text="The slug of the matching place, if any, e.g. “soviet-union”; links the post to it.",
    )
    appointed = EDTFField(help_text="When the person was appointed or commissioned (EDTF), if known.")
    appointed_lower = models.DateField(null=True, blank=True, editable=False)
    appointed_upper = models.DateField(null=True, blank=True, editable=False)
    start = EDTFField(help_text="When the post began (EDTF).")
    start_lower = models.DateField(null=True, blank=True, editable=False)
    start_upper = models.DateField(null=True, blank=True, editable=False)
    end = EDTFField(help_text="When the post ended (EDTF); empty if unknown or ongoing.")
    end_lower = models.DateField(null=True, blank=True, editable=False)
    end_upper = models.DateField(null=True, blank=True, editable=False)
    note = models.TextField(blank=True, help_text="Anything a reader should know about the post.")
    concurrent = models.CharField(
        "concurrent accreditation",
        max_length=500,
        blank=True,
        help_text="Other posts held at the same time from the same residence, e.g. “Also accredited to Honduras”.",
    )
    source_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Key in imported data, e.g. the Office of the Historian's “af-1935-horn-01”.",
    )

    history = HistoricalRecords(excluded_fields=IMPORT_FIELDS)
    objects = PositionManager()

    class Meta:
        # A person page lists posts in the order they were held.
        ordering = ["person_id", "start_lower", "id"]
        indexes = [
            # People filtered by the country of their posts (/people/?country=…).
            models.Index(fields=["organization_key"], name="position_org_key_idx"),
        ]
        constraints = [
            # Imports find a post again by its key in the source data.
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="position_unique_source_key"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.person})"

    def natural_key(self):
        return (self.person.slug, self.title, self.start)

    natural_key.dependencies = ["people.person"]

    def clean(self):
        super().clean()
        refresh_bounds(self)
        if self.start_lower and self.end_upper and self.end_upper < self.start_lower:
            raise ValidationError({"end": "The post ends before it starts."})
        try:
            # In the admin the person may be the unsaved record of the same form (a post entered on
            # the "Add person" page): it has no id yet, but its dates were refreshed by its own clean().
            person = self.person
        except Person.DoesNotExist:
            person = None
        if person and not person.lived_during(self.start_lower, self.end_upper):
            raise ValidationError(
                {"start": f"This post is dated outside {person}'s life ({person.birth or '?'}–{person.death or '?'})."}
            )
