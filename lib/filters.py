"""Filters shared by the FilterSets of the list pages (events/filters.py, people/filters.py)."""

import copy

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


class _Filters(dict):
    """A FilterSet's filters, copied for each request one by one rather than deeply.

    django-filter deep-copies every filter of the class for each FilterSet, down to their labels,
    widgets and menus: four hundred copies for the timeline's nine filters. Each request needs
    only filters of its own to set ``parent`` and ``model`` on; the rest is read, never changed.
    """

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copy_ = copy.copy(filter_)
            if filter_.method is not None:
                copy_.method = filter_.method  # a FilterMethod of its own, which finds its own parent
            copies[name] = copy_
        return copies


class ListFilterSet(django_filters.FilterSet):
    """The FilterSet of a public list page (timeline, events, agreements, people).

    django-filter makes a new form class on every request, with a new form field built from each
    filter: a class statement's work and nine fields' constructors, a fifth of the filter form's
    cost. The fields depend on the filters alone (menus read their choices when iterated: see
    lib.widgets.LazyChoices), so the form class is made once per FilterSet class and each request's
    form copies its fields as any Django form does.
    """

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_kept_form_class")
        if form_class is None:
            # Two threads may both make one the first time: either is right, and one is kept.
            form_class = cls._kept_form_class = super().get_form_class()
        return form_class

    @property
    def is_active(self):
        """Whether the reader has narrowed the list (an open filter form, a "clear" link)."""
        return any(value not in (None, "", False) for value in getattr(self.form, "cleaned_data", {}).values())
