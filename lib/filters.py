"""Filters shared by the FilterSets of the list pages (events/filters.py, people/filters.py)."""

import django_filters
from django import forms

from lib.widgets import FastNumberInput

# The years a date can have in this archive (Python dates and the EDTF parser stop at 9999).
MIN_YEAR, MAX_YEAR = 1, 9999


class YearFilter(django_filters.NumberFilter):
    """A whole year, 1–9999 (NumberFilter alone would accept 1e400 or 1933.5)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault("widget", FastNumberInput(attrs={"inputmode": "numeric", "size": 5}))
        super().__init__(*args, **kwargs)
