"""The timeline (/timeline/): date order, eras and years, decade pages, filters, hostile input."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_era, make_event, make_person, make_place, make_topic
from events import views
from events.models import Event
from lib.publishing import Status

pytestmark = pytest.mark.django_db

URL = reverse("events:timeline")


def titles(response):
    return [event.title for group in response.context["groups"] for year in group["years"] for event in year["events"]]


def test_it_lists_events_in_date_order_within_a_decade(client):
    make_event("Pact", date="1939-08-23")
    make_event("Recognition", date="1933-11-16")
    make_event("Letter to Kalinin", date="1933-10-10")
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Letter to Kalinin", "Recognition", "Pact"]


def test_decades_come_in_order_and_the_first_is_shown_by_default(client):
    make_event("Pact", date="1939-08-23")
    make_event("Break", date="1917-12-06")
    make_event("Recognition", date="1933-11-16")
    response = client.get(URL)
    assert [entry["label"] for entry in response.context["decades"]] == ["1910s", "1930s"]
    assert titles(response) == ["Break"]
    assert titles(client.get(URL, {"decade": "1930"})) == ["Recognition", "Pact"]
    html = response.content.decode()
    assert 'href="?decade=1930"' in html  # the decade index
    assert html.index(">1910s<") < html.index(">1930s<")


def test_a_year_asks_for_its_decade(client):
    make_event("Recognition", date="1933-11-16")
    make_event("Break", date="1917-12-06")
    assert titles(client.get(URL, {"decade": "1933"})) == ["Recognition"]


def test_it_groups_by_era_then_year_with_other_for_events_without_an_era(client):
    interwar = make_era("1921–1936: Interwar Diplomacy", 1921, 1936)
    make_event("Recognition", date="1933-11-16", era=interwar)
    make_event("Bullitt arrives", date="1933-12", era=interwar)
    make_event("Kirov murdered", date="1934-12-01", era=interwar)
    make_event("Unfiled", date="1938")
    groups = client.get(URL).context["groups"]
    assert [group["era"] for group in groups] == [interwar, None]
    assert [year["year"] for year in groups[0]["years"]] == [1933, 1934]
    html = client.get(URL).content.decode()
    assert "Other events" in html
    assert interwar.get_absolute_url() in html


def test_entries_show_readable_uncertain_dates_summary_and_key_people(client):
    litvinov = make_person("Maxim Litvinov")
    make_event("Talks", date="1933~", summary="Talks went on.", people=[(litvinov, "negotiator")])
    make_event("A decade of trade", date="193X")
    html = client.get(URL).content.decode()
    assert "c. 1933" in html
    assert "1930s" in html
    assert "Talks went on." in html
    assert litvinov.get_absolute_url() in html
    assert "<ol" in html


def test_it_leaves_out_drafts(client, editor_client):
    make_event("Published", date="1933")
    make_event("Draft", date="1933", status=Status.DRAFT)
    assert titles(client.get(URL)) == ["Published"]
    assert titles(editor_client.get(URL)) == ["Published"]


def test_it_leaves_out_trips_and_visits_unless_asked(client):
    make_event("Recognition", date="1933-11-16")
    make_event("Trip to Moscow", date="1933-12", kind=Event.Kind.TRIP)
    make_event("Visit of Litvinov", date="1934", kind=Event.Kind.VISIT)
    assert titles(client.get(URL)) == ["Recognition"]
    assert titles(client.get(URL, {"trips": "on"})) == ["Recognition", "Trip to Moscow", "Visit of Litvinov"]
    assert titles(client.get(URL, {"kind": "trip"})) == ["Trip to Moscow"]
    assert 'name="trips"' in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "signing"}, ["Signing"]),
        ({"q": "SIGN"}, ["Signing"]),
        ({"q": "pledges"}, ["Recognition"]),  # in the summary
        ({"year_from": "1934"}, ["Decade of trade", "Signing"]),
        ({"year_to": "1933"}, ["Decade of trade", "Recognition"]),
        ({"year_from": "1933", "year_to": "1933"}, ["Decade of trade", "Recognition"]),
    ],
)
def test_filters_narrow_the_timeline(client, params, expected):
    make_event("Recognition", date="1933-11-16", summary="Soviet pledges.", kind=Event.Kind.RECOGNITION)
    make_event("Signing", date="1934-05", kind=Event.Kind.SIGNING)
    make_event("Decade of trade", date="193X")  # overlaps every year of the 1930s
    assert titles(client.get(URL, {"decade": "1930", **params})) == expected


def test_filters_by_era_topic_place_and_person(client):
    era, topic, place = make_era(), make_topic(), make_place()
    person = make_person("Maxim Litvinov")
    make_event("In era", date="1933", era=era)
    make_event("On topic", date="1933").topics.add(topic)
    make_event("At place", date="1933").places.add(place)
    make_event("With person", date="1933", people=[(person, "negotiator"), (person, "signatory")])
    assert titles(client.get(URL, {"era": era.slug})) == ["In era"]
    assert titles(client.get(URL, {"topic": topic.slug})) == ["On topic"]
    assert titles(client.get(URL, {"place": place.slug})) == ["At place"]
    assert titles(client.get(URL, {"person": person.slug})) == ["With person"]


def test_the_decade_index_follows_the_filters(client):
    make_event("Break", date="1917-12-06")
    make_event("Signing", date="1934", kind=Event.Kind.SIGNING)
    response = client.get(URL, {"kind": "signing"})
    assert [entry["value"] for entry in response.context["decades"]] == [1930]
    assert titles(response) == ["Signing"]


def test_neighbouring_decade_links_keep_the_other_parameters(client):
    make_event("Break", date="1917-12-06", kind=Event.Kind.BREAK)
    make_event("Recognition", date="1933", kind=Event.Kind.BREAK)
    make_event("Pact", date="1949", kind=Event.Kind.BREAK)
    response = client.get(URL, {"kind": "break", "decade": "1930", "page": "1"})
    assert response.context["previous_decade"]["value"] == 1910
    assert response.context["next_decade"]["value"] == 1940
    html = response.content.decode()
    assert 'href="?kind=break&amp;decade=1910"' in html
    assert 'href="?kind=break&amp;decade=1940"' in html


def test_undated_events_have_a_page_of_their_own(client):
    make_event("Dated", date="1933")
    make_event("Someday", date="")
    response = client.get(URL)
    assert [entry["value"] for entry in response.context["decades"]] == [1930, "undated"]
    assert titles(client.get(URL, {"decade": "undated"})) == ["Someday"]


def test_a_crowded_decade_is_paged(client, monkeypatch):
    monkeypatch.setattr(views, "TIMELINE_PAGE_SIZE", 2)
    for day in range(1, 6):
        make_event(f"Event {day}", date=f"1933-01-0{day}")
    assert titles(client.get(URL)) == ["Event 1", "Event 2"]
    response = client.get(URL, {"page": "3"})
    assert titles(response) == ["Event 5"]
    assert 'href="?page=2"' in response.content.decode()


def test_an_empty_timeline_says_so(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No events match" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": str(10**12)},
        {"page": "9" * 5000},
        {"year_from": "abc"},
        {"year_from": "1e400"},
        {"year_to": "99999"},
        {"decade": "99999"},
        {"decade": "-10"},
        {"decade": "0"},
        {"decade": "abc"},
        {"era": "no-such-era"},
        {"topic": "1"},
        {"kind": "nonsense"},
        {"q": "a\x00b"},
        {"person": "x" * 5000},
        {"unknown": "param"},
    ],
)
def test_hostile_parameters_never_fail(client, params):
    make_event("Recognition", date="1933-11-16")
    assert client.get(URL, params).status_code == 200


def test_invalid_filters_are_reported_and_ignored(client):
    make_event("Recognition", date="1933-11-16")
    response = client.get(URL, {"year_from": "abc"})
    assert titles(response) == ["Recognition"]
    assert "Enter a whole number." in response.content.decode()


# Choices of the era, topic and place menus; events per year (the decade index); the page count;
# the page of events; the eras of rows (kept until the next edit); their participants.
TIMELINE_QUERIES = 8


@pytest.mark.parametrize("count", [1, 50])
def test_the_number_of_queries_does_not_grow_with_events(client, django_assert_num_queries, count):
    era = make_era()
    person = make_person("Maxim Litvinov")
    for i in range(count):
        make_event(f"Event {i}", date=f"193{i % 10}", era=era if i % 2 else None, people=[(person, "delegate")])
    with django_assert_num_queries(TIMELINE_QUERIES):
        response = client.get(URL)
    assert len(titles(response)) == count


def test_a_decade_is_written_into_its_query_and_bounds_the_index_it_reads():
    # Each decade is planned knowing its dates, and the leading "date_lower IS NULL" of
    # event_chronological_idx is bounded so that PostgreSQL enters the index at the decade
    # (events.querysets.DatedQuerySet.starting_in says why).
    make_event("Recognition", date="1933-11-16")
    make_event("Break", date="1917-12-06")
    make_event("Undated talks", date="")
    decade = Event.objects.starting_in(datetime.date(1930, 1, 1), datetime.date(1939, 12, 31))
    sql, params = decade.query.sql_with_params()
    assert "'1930-01-01'" in sql and "'1939-12-31'" in sql
    assert '("events_event"."date_lower" IS NULL) >=' in sql
    assert [event.title for event in decade] == ["Recognition"]
