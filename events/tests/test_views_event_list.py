"""The event list (/events/): every public event, oldest first, filtered and paged."""

import pytest
from django.urls import reverse

from conftest import make_era, make_event, make_person
from events import views
from events.models import Event
from lib.publishing import Status

pytestmark = pytest.mark.django_db

URL = reverse("events:list")


def titles(response):
    return [event.title for event in response.context["page_obj"].object_list]


def test_it_lists_public_events_oldest_first(client):
    make_event("Pact", date="1939-08-23")
    make_event("Break", date="1917-12-06")
    make_event("Recognition", date="1933-11-16")
    make_event("Retired essay", date="1950", status=Status.RETIRED)
    make_event("Draft", date="1920", status=Status.DRAFT)
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Break", "Recognition", "Pact", "Retired essay"]
    html = response.content.decode()
    assert html.index(">Break</a>") < html.index(">Recognition</a>") < html.index(">Pact</a>")
    assert html.count("<h1") == 1


def test_the_q_filter_searches_titles_and_summaries(client):
    make_event("Recognition of the Soviet Union", date="1933")
    make_event("Brest-Litovsk", date="1918", summary="A separate peace with Germany.")
    make_event("A presidential trip to Germany", date="1959", kind=Event.Kind.TRIP)
    assert titles(client.get(URL, {"q": "soviet"})) == ["Recognition of the Soviet Union"]
    # A search looks in every kind, trips and visits included.
    assert titles(client.get(URL, {"q": "germany"})) == ["Brest-Litovsk", "A presidential trip to Germany"]


def test_the_header_search_box_goes_to_the_site_search(client):
    html = client.get(URL).content.decode()
    assert f'action="{reverse("search:results")}"' in html and 'name="q"' in html and 'role="search"' in html


def test_filters_narrow_the_list(client):
    era = make_era()
    person = make_person("Maxim Litvinov")
    make_event("In era", date="1933", era=era, people=[(person, "negotiator")])
    make_event("Elsewhere", date="1960", kind=Event.Kind.CRISIS)
    assert titles(client.get(URL, {"era": era.slug})) == ["In era"]
    assert titles(client.get(URL, {"kind": "crisis"})) == ["Elsewhere"]
    assert titles(client.get(URL, {"person": person.slug})) == ["In era"]
    assert titles(client.get(URL, {"year_from": "1950", "year_to": "1970"})) == ["Elsewhere"]


def test_it_pages_by_fifty_and_the_page_links_keep_the_filters(client):
    for i in range(55):
        make_event(f"Crisis {i:02}", date="1962", kind=Event.Kind.CRISIS)
    response = client.get(URL, {"kind": "crisis"})
    assert len(titles(response)) == 50
    assert 'href="?kind=crisis&amp;page=2"' in response.content.decode()
    assert len(titles(client.get(URL, {"kind": "crisis", "page": "2"}))) == 5


@pytest.mark.parametrize("page", ["-1", "0", "abc", str(10**12), "1.5", ""])
def test_bad_page_numbers_show_a_page_not_an_error(client, page):
    make_event("Recognition")
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert titles(response) == ["Recognition"]


def test_no_match_says_so(client):
    response = client.get(URL, {"q": "nothing like this"})
    assert "No events match." in response.content.decode()


# Menus of eras, topics and places; the count; the page; the eras of rows (kept); the participants.
EVENT_LIST_QUERIES = 7


@pytest.mark.parametrize("count", [1, 50])
def test_the_number_of_queries_does_not_grow_with_events(client, django_assert_num_queries, count, monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 100)
    era = make_era()
    person = make_person("Maxim Litvinov")
    for i in range(count):
        make_event(f"Event {i}", date="1933", era=era, people=[(person, "delegate")])
    with django_assert_num_queries(EVENT_LIST_QUERIES):
        response = client.get(URL)
    assert len(titles(response)) == count
