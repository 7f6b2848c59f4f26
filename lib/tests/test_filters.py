"""lib.filters.ListFilterSet: filters of its own for each request, a form class made once."""

import pytest

from conftest import make_event
from events.filters import EventFilter
from events.models import Event

pytestmark = pytest.mark.django_db


def test_each_filterset_has_filters_of_its_own_that_find_it():
    one, two = EventFilter({"q": "pact"}), EventFilter({"q": "recognition"})
    assert one.filters["q"] is not two.filters["q"] is not EventFilter.base_filters["q"]
    assert one.filters["q"].parent is one and two.filters["q"].parent is two
    # The filter's method= is found on its own FilterSet, not on the class's filter.
    assert one.filters["q"].filter.f is one.filters["q"]
    assert not hasattr(EventFilter.base_filters["q"], "parent")


def test_two_requests_filter_with_their_own_values():
    make_event("Pact", date="1939-08-23")
    make_event("Recognition", date="1933-11-16")
    events = Event.objects.published().chronological()
    one, two = EventFilter({"q": "pact"}, queryset=events), EventFilter({"q": "recog"}, queryset=events)
    assert [event.title for event in one.qs] == ["Pact"]
    assert [event.title for event in two.qs] == ["Recognition"]
    assert one.is_active and not EventFilter({}, queryset=events).is_active


def test_the_form_class_is_made_once_and_its_forms_are_apart():
    one, two = EventFilter({"q": "pact"}), EventFilter({})
    assert type(one.form) is type(two.form)
    assert one.form.fields["q"] is not two.form.fields["q"]
