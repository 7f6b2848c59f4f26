"""lib.ordering: small relations read without ORDER BY and sorted in Python."""

import datetime

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from conftest import make_event, make_place
from events.models import Event, EventSection, Place
from lib.ordering import BY_NAME, BY_ORDER, in_python_order, nulls_last

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = make_event("Recognition of the Soviet Union", date="1933-11-16")
    # Saved out of order, so that the table's own order is not the one asked for.
    for order, heading in [(3, "Aftermath"), (1, "Background"), (2, "The talks")]:
        EventSection.objects.create(event=event, order=order, heading=heading, body="Text.")
    return event


def test_rows_come_sorted_by_the_key_with_no_order_by_in_sql(event):
    with CaptureQueriesContext(connection) as queries:
        sections = list(in_python_order(EventSection.objects.filter(event=event), BY_ORDER))
    assert [section.heading for section in sections] == ["Background", "The talks", "Aftermath"]
    assert "ORDER BY" not in queries[0]["sql"]


def test_the_order_holds_through_a_prefetch_and_later_filters(event):
    make_event("Another event", date="1934").sections.create(order=0, heading="Elsewhere", body="Text.")
    sections = in_python_order(EventSection.objects.all(), BY_ORDER).filter(order__gte=1)
    events = Event.objects.filter(pk=event.pk).prefetch_related(Prefetch("sections", queryset=sections))
    assert [section.heading for section in events[0].sections.all()] == ["Background", "The talks", "Aftermath"]


def test_it_keeps_a_values_list_given_before_it(event):
    rows = EventSection.objects.filter(event=event).values_list("heading", "order")
    assert list(in_python_order(rows, lambda row: row[1])) == [("Background", 1), ("The talks", 2), ("Aftermath", 3)]


def test_it_refuses_a_slice_which_would_sort_the_wrong_rows(event):
    with pytest.raises(TypeError, match="slice in the database"):
        list(in_python_order(EventSection.objects.all(), BY_ORDER)[:2])


def test_names_sort_by_name_then_id():
    for name in ["Soviet Union", "France", "Austria"]:
        make_place(name)
    assert [place.name for place in in_python_order(Place.objects.all(), BY_NAME)] == [
        "Austria",
        "France",
        "Soviet Union",
    ]


def test_nulls_last_puts_missing_values_after_every_value():
    dates = [None, datetime.date(1933, 11, 16), datetime.date(1917, 11, 7)]
    assert sorted(dates, key=nulls_last) == [datetime.date(1917, 11, 7), datetime.date(1933, 11, 16), None]
