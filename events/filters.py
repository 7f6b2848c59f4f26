"""The filters of the public list pages: the timeline and the event list share ``EventFilter``.

Custom lookups go through ``method=`` and call the QuerySet's own methods where one exists
(``between`` for date overlap). Invalid values (``year_from=abc``, an unknown era) make that one
field invalid: django-filter then skips it and the form shows the error, the page never fails.
"""

import django_filters
from django.db.models import Q

from events.models import Agreement, Era, Event, EventPerson, Place, Topic
from lib.dates import year_end, year_start
from lib.filters import ListFilterSet, YearFilter
from lib.page_cache import remember
from lib.widgets import FastCheckboxInput, FastSelect, FastTextInput, LazyChoices

# Later imports add thousands of presidential trips and foreign leaders' visits: the narrative
# pages leave them out unless asked (a checkbox), a kind is chosen, or the reader searches.
MINOR_KINDS = (Event.Kind.TRIP, Event.Kind.VISIT)


def _menu(model, label):
    """Choices (slug, label) of every ``model`` row in its default order, kept until the next edit.

    A menu of slugs, not a ModelChoiceFilter: that built a model instance per option on every
    request (250 places, 160 topics), which with its template per option cost 15 ms a list page.
    """

    def choices():
        return remember(f"menu:{model._meta.label}", lambda: list(model.objects.values_list("slug", label)))

    return LazyChoices(choices)


def exclude_minor_kinds(queryset):
    """Events other than trips and visits (see MINOR_KINDS)."""
    return queryset.exclude(kind__in=MINOR_KINDS)


def _menu_filter(label, model, text, field_name, empty_label):
    """A menu of ``model``'s slugs (``_menu``) filtering ``field_name``, written by FastSelect."""
    return django_filters.ChoiceFilter(
        label=label, choices=_menu(model, text), field_name=field_name, empty_label=empty_label, widget=FastSelect
    )


class EventFilter(ListFilterSet):
    q = django_filters.CharFilter(label="Words in the title or summary", method="filter_text", widget=FastTextInput)
    # Menus of slugs (_menu) written by FastSelect (lib/widgets.py): places and topics run to hundreds.
    era = _menu_filter("Era", Era, "title", "era__slug", "All eras")
    kind = django_filters.ChoiceFilter(
        label="Kind of event", choices=Event.Kind.choices, empty_label="All kinds", widget=FastSelect
    )
    topic = _menu_filter("Topic", Topic, "name", "topics__slug", "All topics")
    place = _menu_filter("Place", Place, "name", "places__slug", "All places")
    # A text field, not a menu: a menu of every person would grow with each import. Person pages
    # link here with ?person=<slug>.
    person = django_filters.CharFilter(
        label="Person",
        method="filter_person",
        help_text="As in the person’s address, e.g. maxim-litvinov.",
        widget=FastTextInput,
    )
    year_from = YearFilter(label="From year", method="filter_year_from")
    year_to = YearFilter(label="To year", method="filter_year_to")
    trips = django_filters.BooleanFilter(
        label="Include trips and visits", method="filter_trips", widget=FastCheckboxInput
    )

    class Meta:
        model = Event
        fields = []

    def filter_text(self, queryset, name, value):
        # A plain substring match until the site-wide search (events/search.py) replaces it.
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def filter_person(self, queryset, name, value):
        # A subquery, not a join: a person with two roles in one event would list it twice.
        return queryset.filter(id__in=EventPerson.objects.filter(person__slug=value).values("event_id"))

    def filter_year_from(self, queryset, name, value):
        # Overlap, not containment: an event dated "1930s" is found from 1933 on.
        return queryset.between(start=year_start(value))

    def filter_year_to(self, queryset, name, value):
        return queryset.between(end=year_end(value))

    def filter_trips(self, queryset, name, value):
        data = self.form.cleaned_data
        if value or data.get("kind") or data.get("q"):
            return queryset
        return exclude_minor_kinds(queryset)


class AgreementFilter(ListFilterSet):
    q = django_filters.CharFilter(label="Words in the title or summary", method="filter_text", widget=FastTextInput)
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Agreement.Kind.choices, empty_label="All kinds", widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label="Status today",
        field_name="agreement_status",
        choices=Agreement.AgreementStatus.choices,
        empty_label="Any status",
        widget=FastSelect,
    )
    party = _menu_filter("Party", Place, "name", "parties__slug", "All parties")

    class Meta:
        model = Agreement
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))
