"""The filters of the people index (/people/).

people/ never imports events/: the role filter reaches the events app's participation rows
through the reverse relation name (``participations``), which needs no import.
"""

import django_filters
from django.db.models import Q

from lib.dates import overlaps, year_end, year_start
from lib.filters import ListFilterSet, YearFilter
from lib.page_cache import remember
from lib.widgets import FastHiddenInput, FastSelect, FastTextInput, LazyChoices
from people.models import Person, Position


def country_choices():
    """The countries and organizations of recorded posts: the place slug when known, else the name.

    Kept until the next edit: the DISTINCT reads every post (18 ms at 100,000 events), and the
    menu is built for every request of /people/, and again to check a chosen country.
    """
    return remember("person-countries", _country_choices)


def _country_choices():
    rows = Position.objects.exclude(organization="", organization_key="").values_list(
        "organization_key", "organization"
    )
    choices = {}
    for key, name in rows.distinct():
        value = key or name
        choices.setdefault(value, name or key.replace("-", " ").title())
    return sorted(choices.items(), key=lambda choice: choice[1].casefold())


class PersonFilter(ListFilterSet):
    # Set by the A–Z links; the form keeps it as a hidden field when other filters are applied.
    letter = django_filters.CharFilter(
        label="Surname begins with", method="filter_letter", max_length=1, widget=FastHiddenInput
    )
    q = django_filters.CharFilter(label="Name", method="filter_name", widget=FastTextInput)
    role = django_filters.CharFilter(
        label="Role or post",
        method="filter_role",
        help_text="E.g. ambassador, negotiator, secretary of state.",
        widget=FastTextInput,
    )
    country = django_filters.ChoiceFilter(
        label="Country or organization of a post",
        choices=LazyChoices(country_choices),
        method="filter_country",
        empty_label="Any",
        widget=FastSelect,
    )
    year_from = YearFilter(label="Active or alive from year", method="filter_period")
    year_to = YearFilter(label="To year", method="filter_period")

    class Meta:
        model = Person
        fields = []

    def filter_letter(self, queryset, name, value):
        return queryset.filter(sort_name__istartswith=value)

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(display_name__icontains=value) | Q(alternate_names__name__icontains=value)).distinct()

    def filter_role(self, queryset, name, value):
        posts = Position.objects.filter(title__icontains=value).values("person_id")
        return queryset.filter(Q(id__in=posts) | Q(participations__role__icontains=value)).distinct()

    def filter_country(self, queryset, name, value):
        posts = Position.objects.filter(Q(organization_key=value) | Q(organization__iexact=value))
        return queryset.filter(id__in=posts.values("person_id"))

    def filter_period(self, queryset, name, value):
        # Both years make one range, applied once: two separate conditions could be met by two
        # different posts, neither of which falls in the range asked for.
        data = self.form.cleaned_data
        if name == "year_to" and data.get("year_from") is not None:
            return queryset  # year_from already applied the whole range
        start, end = data.get("year_from"), data.get("year_to")
        start = year_start(start) if start is not None else None
        end = year_end(end) if end is not None else None
        posts = Position.objects.filter(overlaps("start_lower", "end_upper", start, end))
        return queryset.filter(overlaps("birth_lower", "death_upper", start, end) | Q(id__in=posts.values("person_id")))
