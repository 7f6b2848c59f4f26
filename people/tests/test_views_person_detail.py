"""A person's page (/people/<slug>/)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_agreement, make_event, make_person, make_place, make_source
from events.models import Event, PersonSource
from lib.publishing import Status
from people.models import PersonName, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def litvinov():
    person = make_person(
        "Maxim Litvinov",
        birth="1876-07-17",
        death="1951~",
        nationality="Soviet",
        biography="Soviet **diplomat**.",
        wikidata_id="Q11861",
    )
    PersonName.objects.create(person=person, name="Максим Литвинов", kind=PersonName.Kind.SCRIPT, language="ru")
    Position.objects.create(person=person, title="Ambassador to the United States", start="1941", end="1943")
    Position.objects.create(person=person, title="Commissar for Foreign Affairs", start="1930", end="1939")
    make_event("Pact", date="1939-08-23", people=[(person, "dismissed")])
    make_event("Recognition", date="1933-11-16", people=[(person, "negotiator"), (person, "signatory")])
    make_event("Draft event", date="1934", status=Status.DRAFT, people=[(person, "secret")])
    soviet_union = make_place("Soviet Union")
    make_agreement("Roosevelt–Litvinov Agreements", signatories=[(person, soviet_union, "Commissar")])
    make_agreement("Draft agreement", status=Status.DRAFT, signatories=[(person, soviet_union, "")])
    PersonSource.objects.create(person=person, source=make_source("Litvinov papers", author="Hoover Institution"))
    return person


def test_it_shows_the_person(client, litvinov):
    response = client.get(litvinov.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Maxim Litvinov</h1>" in html
    assert "July 17, 1876–c. 1951" in html
    assert '<span lang="ru">Максим Литвинов</span>' in html
    assert "name in another script" in html
    assert "<strong>diplomat</strong>" in html
    assert "Hoover Institution. Litvinov papers." in html


def test_positions_are_in_the_order_held(client, litvinov):
    html = client.get(litvinov.get_absolute_url()).content.decode()
    assert html.index("Commissar for Foreign Affairs") < html.index("Ambassador to the United States")


def test_events_are_in_date_order_with_the_persons_roles(client, litvinov):
    response = client.get(litvinov.get_absolute_url())
    events = response.context["page_obj"].object_list
    assert [item["event"].title for item in events] == ["Recognition", "Pact"]
    assert events[0]["roles"] == ["negotiator", "signatory"]
    html = response.content.decode()
    assert "Negotiator, signatory" in html
    assert "Draft event" not in html


@pytest.mark.parametrize("others", [0, 400], ids=["in most events", "in few events"])
def test_both_ways_of_reading_a_persons_events_give_the_timeline_order(client, others):
    # In most of the archive's events the page walks the chronological index; in few, it sorts
    # them (people.views._events_with_roles): the same order either way, undated events last.
    envoy = make_person("Busy Envoy")
    dates = ["1933-11-16", "", "1933", "193X", "1921/1922", "1933-11-16", "1901~", "1945-05"]
    for i in range(60):
        make_event(f"Event {i:02}", date=dates[i % len(dates)], people=[(envoy, "envoy"), (envoy, "host")])
    for i in range(others):
        make_event(f"Other {i}", date="1950")
    expected = [event.title for event in Event.objects.filter(people=envoy).distinct().chronological(by_index=False)]
    shown = []
    for page in (1, 2):
        response = client.get(envoy.get_absolute_url(), {"page": page})
        shown += [item["event"].title for item in response.context["page_obj"].object_list]
    assert shown == expected and len(shown) == 60
    assert expected[-1].startswith("Event") and Event.objects.get(title=expected[-1]).date == ""
    assert response.context["page_obj"].object_list[0]["roles"] == ["envoy", "host"]


def test_it_lists_the_public_agreements_signed(client, litvinov):
    html = client.get(litvinov.get_absolute_url()).content.decode()
    assert "Roosevelt–Litvinov Agreements" in html
    assert "Draft agreement" not in html


def test_it_describes_the_person_for_machines(client, litvinov):
    html = client.get(litvinov.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    person = data["@graph"][0]
    assert person["@type"] == "Person"
    assert person["birthDate"] == "1876-07-17"
    assert "deathDate" not in person  # "1951~" is not an ISO date
    assert person["sameAs"] == ["https://www.wikidata.org/wiki/Q11861"]
    assert data["@graph"][1]["@type"] == "BreadcrumbList"
    assert "Cite this page" in html


def test_drafts_are_hidden_from_visitors_and_previewed_by_staff(client, editor_client):
    draft = make_person("Unfinished Person", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: not published" in response.content.decode()


def test_retired_people_show_their_notice(client):
    person = make_person("Old Record", status=Status.RETIRED, retired_notice="Merged into another record.")
    assert "Merged into another record." in client.get(person.get_absolute_url()).content.decode()


def test_an_old_slug_redirects(client, litvinov):
    old = litvinov.get_absolute_url()
    litvinov.slug = "maxim-maximovich-litvinov"
    litvinov.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/people/maxim-maximovich-litvinov/"


# The person; names; positions; the count of their events and of all public events (both kept
# until the next edit; they choose how to read the page); their parts in events and those events'
# dates (kept until the next edit too, as their timeline); the page's events; signatures; sources.
PERSON_PAGE_QUERIES = 10
# The same page once the counts and the timeline are kept.
PERSON_PAGE_QUERIES_KEPT = 6
# Names, signatures and sources are not asked for when the person's query found none of them.
PERSON_PAGE_QUERIES_KEPT_WITHOUT_PARTS = PERSON_PAGE_QUERIES_KEPT - 3


@pytest.mark.parametrize("count", [1, 50])
def test_the_number_of_queries_does_not_grow_with_positions_and_events(client, django_assert_num_queries, count):
    person = make_person("Busy Diplomat")
    place = make_place()
    for i in range(count):
        Position.objects.create(person=person, title=f"Post {i}", start=str(1900 + i))
        make_event(f"Event {i}", date=str(1900 + i), people=[(person, "delegate")])
        make_agreement(f"Agreement {i}", signatories=[(person, place, "envoy")])
        PersonSource.objects.create(person=person, source=make_source(f"Source {i}"), order=i)
        PersonName.objects.create(person=person, name=f"Name {i}")
    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        response = client.get(person.get_absolute_url())
    assert len(response.context["page_obj"].object_list) == count


def test_a_persons_timeline_is_kept_until_the_next_edit(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = False  # the page itself built each time
    envoy = make_person("Kept Envoy")
    make_event("Later", date="1935", people=[(envoy, "envoy")])
    client.get(envoy.get_absolute_url())
    with django_assert_num_queries(PERSON_PAGE_QUERIES_KEPT_WITHOUT_PARTS):
        response = client.get(envoy.get_absolute_url())
    assert [item["event"].title for item in response.context["page_obj"].object_list] == ["Later"]

    with django_capture_on_commit_callbacks(execute=True):
        make_event("Earlier", date="1921", people=[(envoy, "host"), (envoy, "guide")])
    rows = client.get(envoy.get_absolute_url()).context["page_obj"].object_list
    assert [(item["event"].title, item["roles"]) for item in rows] == [
        ("Earlier", ["host", "guide"]),
        ("Later", ["envoy"]),
    ]


def test_a_kept_timeline_leaves_out_an_event_gone_since(client, settings):
    # With Redis, a process may use what it kept for up to PAGE_L1_SECONDS after another process's
    # edit. Here the edit's version bump never comes (the test's transaction is not committed).
    settings.PAGE_CACHE = False
    envoy = make_person("Stale Envoy")
    kept = make_event("Kept", date="1930", people=[(envoy, "envoy")])
    gone = make_event("Gone", date="1931", people=[(envoy, "envoy")])
    hidden = make_event("Hidden", date="1932", people=[(envoy, "envoy")])
    client.get(envoy.get_absolute_url())
    gone.delete()
    hidden.status = Status.DRAFT
    hidden.save()
    response = client.get(envoy.get_absolute_url())
    assert response.status_code == 200
    assert [item["event"] for item in response.context["page_obj"].object_list] == [kept]


def test_a_long_list_of_events_is_paged_with_the_roles_of_each_page(client):
    person = make_person("Busy Diplomat")
    for i in range(53):
        make_event(f"Event {i:02}", date=str(1900 + i), people=[(person, f"role {i}")])

    first = client.get(person.get_absolute_url())
    second = client.get(person.get_absolute_url() + "?page=2")

    assert [item["event"].title for item in first.context["page_obj"].object_list][:2] == ["Event 00", "Event 01"]
    assert len(first.context["page_obj"].object_list) == 50
    rows = second.context["page_obj"].object_list
    assert [(item["event"].title, item["roles"]) for item in rows] == [
        ("Event 50", ["role 50"]),
        ("Event 51", ["role 51"]),
        ("Event 52", ["role 52"]),
    ]
    html = second.content.decode()
    assert '<nav class="pagination" aria-label="Pages of events">' in html
    assert '<ol class="entries compact" start="51">' in html
    assert '<a href="?page=1" rel="prev">' in html
    assert "<title>Busy Diplomat, page 2" in html


def test_the_walk_of_a_person_in_most_events_has_the_person_in_its_sql(client):
    # As a place's walk (events.views._events_linked_to): planned knowing the person on PostgreSQL.
    envoy = make_person("Busy Envoy")
    for i in range(51):
        make_event(f"Event {i:02}", date=str(1900 + i), people=[(envoy, "envoy")])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(envoy.get_absolute_url())
    assert [item["event"].title for item in response.context["page_obj"].object_list][:2] == ["Event 00", "Event 01"]
    assert any(f'"person_id" = ({envoy.pk})' in query["sql"] for query in queries)


def test_a_person_with_names_signatures_and_sources_shows_them_all(client, settings, django_assert_num_queries):
    # The page looks for each only when the person's query found some (PersonQuerySet.for_detail).
    settings.PAGE_CACHE = False  # the page itself built each time
    envoy = make_person("Kept Envoy")
    make_event("Later", date="1935", people=[(envoy, "envoy")])
    client.get(envoy.get_absolute_url())
    PersonName.objects.create(person=envoy, name="Envoy Kept")
    make_agreement("Pact of the envoy", signatories=[(envoy, make_place(), "envoy")])
    PersonSource.objects.create(person=envoy, source=make_source("Envoy's memoirs"), order=1)
    client.get(envoy.get_absolute_url())  # the edits made new versions: the counts kept again
    with django_assert_num_queries(PERSON_PAGE_QUERIES_KEPT):
        response = client.get(envoy.get_absolute_url())
    html = response.content.decode()
    assert "Envoy Kept" in html and "Pact of the envoy" in html and "Envoy&#39;s memoirs" in html
