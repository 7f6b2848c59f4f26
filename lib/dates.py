"""Uncertain historical dates, entered in Library of Congress EDTF.

Curators type one string (``1933-11-16``, ``1933-11``, ``193X``, ``1933~``, ``1933?``,
``1921/1922``); the database keeps that string plus its earliest and latest possible day, so
records sort by ``<name>_lower`` and filter by overlap on both bounds. Parsing is done by the
``edtf`` package; this module only adds the bounds, a readable form and the model field.
"""

import calendar
import datetime
import functools
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import signals
from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

ACCEPTED_FORMS = (
    "Use EDTF: 1933-11-16 (a day), 1933-11 (a month), 1933 (a year), 193X (a decade), "
    "1933~ (about 1933), 1933? (perhaps 1933), 1921/1922 (a range), 1933/.. (from 1933 on)."
)
MONTHS = ("January February March April May June July August September October November December").split()
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
OPEN_ENDS = {"", ".."}


def _as_date(struct):
    try:
        return struct_time_to_date(struct)
    except (TypeError, ValueError, OverflowError):
        # Open ends come back as infinities and years outside 1..9999 cannot be Python dates.
        return None


def _parse(text):
    try:
        return parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError, IndexError) as exc:
        raise ValidationError(f"“{text}” is not a date this archive understands. {ACCEPTED_FORMS}") from exc


_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _plain_bounds(text):
    """Bounds of a plain year, month or day without the parser (most dates; parsing costs ~10 ms)."""
    match = _PLAIN.match(text)
    if not match:
        return None
    year, month, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
    if year == 0:
        return None
    try:
        if day:
            date = datetime.date(year, month, day)
            return date, date
        if month:
            if not 1 <= month <= 12:
                return None  # Seasons (21-24) and errors go to the parser.
            return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None  # Let the parser produce its error message.
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def bounds(text):
    """Return (earliest, latest) ``datetime.date`` for an EDTF string; None where open or empty.

    Raises ValidationError, naming the accepted forms, for anything that is not EDTF.
    """
    text = (text or "").strip()
    if not text:
        return None, None
    return _bounds(text)


@functools.lru_cache(maxsize=4096)
def _bounds(text):
    plain = _plain_bounds(text)
    if plain:
        return plain
    if "/" in text:
        start, _, end = text.partition("/")
        first, last = _plain_bounds(start), _plain_bounds(end)
        if first and last:
            # A range of plain dates (most imported spans): ~30 ms each through the parser, microseconds here.
            if last[1] < first[0]:
                raise ValidationError(f"“{text}” ends before it starts.")
            return first[0], last[1]
        if start in OPEN_ENDS or end in OPEN_ENDS:
            # The edtf package cannot compute bounds of open intervals: do each side alone.
            if start in OPEN_ENDS and end in OPEN_ENDS:
                raise ValidationError(f"“{text}” has no date on either side. {ACCEPTED_FORMS}")
            lower = None if start in OPEN_ENDS else bounds(start)[0]
            upper = None if end in OPEN_ENDS else bounds(end)[1]
            return lower, upper
    parsed = _parse(text)
    lower, upper = _as_date(parsed.lower_strict()), _as_date(parsed.upper_strict())
    if lower is None and upper is None:
        raise ValidationError(f"“{text}” is outside the years this archive can store. {ACCEPTED_FORMS}")
    if lower and upper and upper < lower:
        raise ValidationError(f"“{text}” ends before it starts.")
    return lower, upper


def validate_edtf(text):
    """Model-field validator: raises ValidationError unless ``text`` is usable EDTF."""
    bounds(text)


_QUALIFIED = re.compile(r"^(?P<core>.*?)(?P<qual>[~?%])$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X$")
_CENTURY = re.compile(r"^(\d{2})XX$")


def _readable_point(text):
    match = _QUALIFIED.match(text)
    if match:
        core = _readable_point(match["core"])
        if match["qual"] == "~":
            return f"c. {core}"
        if match["qual"] == "?":
            return f"{core}?"
        return f"c. {core}?"
    if m := _DAY.match(text):
        year, month, day = (int(g) for g in m.groups())
        if 1 <= month <= 12:
            return f"{MONTHS[month - 1]} {day}, {year}"
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return f"{MONTHS[month - 1]} {year}"
        if month in SEASONS:
            return f"{SEASONS[month]} {year}"
    if m := _YEAR.match(text):
        return str(int(m[1]))
    if m := _DECADE.match(text):
        return f"{int(m[1])}0s"
    if m := _CENTURY.match(text):
        return f"{int(m[1])}00s"
    return text


@functools.lru_cache(maxsize=4096)
def readable(text):
    """Show an EDTF string the way a reader expects: "November 16, 1933", "1930s", "c. 1933".

    Cached: a list page shows dozens of dates, and many records share one.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if "/" in text:
        start, _, end = text.partition("/")
        if start in OPEN_ENDS and end not in OPEN_ENDS:
            return f"until {_readable_point(end)}"
        if end in OPEN_ENDS and start not in OPEN_ENDS:
            return f"{_readable_point(start)} onward"
        return f"{_readable_point(start)}–{_readable_point(end)}"
    return _readable_point(text)


def decade_edtf(year):
    """EDTF for the decade containing ``year`` (1933 -> "193X")."""
    return f"{year // 10:03d}X"


class EDTFField(models.CharField):
    """A CharField holding EDTF that keeps two companion DateFields holding its bounds.

    Declare the companions right after it (``date_lower``/``date_upper`` for a field named
    ``date``); they are filled on every save, on ``bulk_create`` and on ``loaddata``, the way
    ImageField keeps its width and height fields up to date.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        if validate_edtf not in self.validators:
            self.validators.append(validate_edtf)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # loaddata saves with raw=True and skips Field.pre_save, so a signal covers it.
            signals.pre_save.connect(self._on_pre_save, sender=cls, weak=False)

    def _on_pre_save(self, sender, instance, raw=False, update_fields=None, **kwargs):
        if update_fields is not None and self.name in update_fields:
            missing = {f"{self.name}_lower", f"{self.name}_upper"} - set(update_fields)
            if missing:
                # The bounds would silently go stale: make the caller save them too.
                raise ValueError(f"save(update_fields=...) with {self.name!r} must also list {sorted(missing)}")
        self.update_bounds(instance)

    def update_bounds(self, instance, strict=True):
        value = getattr(instance, self.attname)
        try:
            lower, upper = bounds(value)
        except ValidationError as exc:
            if not strict:
                lower, upper = None, None
                setattr(instance, f"{self.name}_lower", lower)
                setattr(instance, f"{self.name}_upper", upper)
                return
            # Forms report this nicely; a save that skipped validation (a fixture, an import)
            # must not store a date without bounds, so it stops here and names the record.
            raise ValidationError(f"{instance._meta.label} “{instance}”: {self.name} {' '.join(exc.messages)}") from exc
        setattr(instance, f"{self.name}_lower", lower)
        setattr(instance, f"{self.name}_upper", upper)

    def pre_save(self, model_instance, add):
        self.update_bounds(model_instance)
        return super().pre_save(model_instance, add)


def refresh_bounds(instance):
    """Recompute the bounds of every EDTF field of ``instance`` from the text it holds now.

    EDTFField fills the bounds on save, but ``Model.clean()`` runs before saving: without this a
    form that enters or changes a date would be checked against the old bounds (or none). An
    unreadable date gets no bounds here; its field's validator reports it.
    """
    for field in instance._meta.concrete_fields:
        if isinstance(field, EDTFField):
            field.update_bounds(instance, strict=False)


def overlaps(lower_field, upper_field, start=None, end=None):
    """A Q object for rows whose [lower, upper] range overlaps [start, end] (either may be None).

    Overlap, not containment: a record dated "1930s" is found by a search for 1933.
    """
    # An undated row matches no date range.
    query = models.Q(**{f"{lower_field}__isnull": False}) | models.Q(**{f"{upper_field}__isnull": False})
    if start is not None:
        query &= models.Q(**{f"{upper_field}__gte": start}) | models.Q(**{f"{upper_field}__isnull": True})
    if end is not None:
        query &= models.Q(**{f"{lower_field}__lte": end}) | models.Q(**{f"{lower_field}__isnull": True})
    return query


def year_start(year):
    return datetime.date(year, 1, 1)


def year_end(year):
    return datetime.date(year, 12, 31)
