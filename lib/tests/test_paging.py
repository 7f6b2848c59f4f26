"""lib.paging: a page from ?page=, whatever is typed there."""

import pytest
from django.test import RequestFactory

from conftest import make_event
from events.models import Event
from lib.paging import filters_of, page_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    for number in range(3):
        make_event(f"Event {number}", date=str(1900 + number))
    return Event.objects.order_by("id")


def test_any_page_parameter_gives_a_page(events):
    for value, expected in [("abc", 1), ("-1", 2), ("1000000000000", 2), ("2", 2), ("", 1)]:
        page = page_of(RequestFactory().get("/", {"page": value}), events, 2)
        assert page.number == expected


def test_a_page_can_have_a_parameter_of_its_own(events):
    request = RequestFactory().get("/", {"page": "1", "other_page": "2"})
    page = page_of(request, events, 2, param="other_page")
    assert [event.title for event in page.object_list] == ["Event 2"]


def test_a_known_count_spares_the_query(events, django_assert_num_queries):
    request = RequestFactory().get("/", {"page": "2"})
    with django_assert_num_queries(2):  # the count, the page
        assert page_of(request, events, 2).paginator.count == 3
    with django_assert_num_queries(1):
        page = page_of(request, events, 2, count=3)
    assert page.paginator.num_pages == 2 and [event.title for event in page.object_list] == ["Event 2"]


def test_filters_are_the_query_string_without_the_page():
    request = RequestFactory().get("/", {"kind": "war", "page": "2", "agreements_page": "3"})
    assert filters_of(request) == "kind=war&agreements_page=3"
    assert filters_of(request, "agreements_page") == "kind=war&page=2"
