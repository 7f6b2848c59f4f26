"""Place (/places/<slug>/) and topic (/topics/<slug>/) pages."""

import pytest

from conftest import make_agreement, make_event, make_place, make_topic
from events.models import PlaceName
from lib.publishing import Status

pytestmark = pytest.mark.django_db


def titles(response):
    return [event.title for event in response.context["page_obj"].object_list]


def test_a_place_shows_its_names_events_and_agreements(client):
    europe = make_place("Europe", kind="region")
    soviet_union = make_place("Soviet Union", parent=europe, description="A *federation*.")
    PlaceName.objects.create(place=soviet_union, name="U.S.S.R.", used="1922–1991")
    for title, date in [("Pact", "1939-08-23"), ("Break", "1917-12-06"), ("Recognition", "1933-11-16")]:
        make_event(title, date=date).places.add(soviet_union)
    make_event("Draft", date="1920", status=Status.DRAFT).places.add(soviet_union)
    make_agreement("Roosevelt–Litvinov Agreements", parties=[soviet_union])
    make_agreement("Secret", parties=[soviet_union], status=Status.DRAFT)

    response = client.get(soviet_union.get_absolute_url())

    assert response.status_code == 200
    assert titles(response) == ["Break", "Recognition", "Pact"]
    html = response.content.decode()
    assert "Soviet Union</h1>" in html
    assert "U.S.S.R. (1922–1991)" in html
    assert europe.get_absolute_url() in html
    assert "<em>federation</em>" in html
    assert "Roosevelt–Litvinov Agreements" in html and "Secret" not in html


def test_a_topic_shows_its_parent_children_and_events(client):
    diplomacy = make_topic("Diplomacy")
    recognition = make_topic("Diplomatic recognition", parent=diplomacy)
    make_topic("Recognition of governments", parent=recognition)
    make_event("Pact", date="1939").topics.add(recognition)
    make_event("Break", date="1917").topics.add(recognition)
    response = client.get(recognition.get_absolute_url())
    assert response.status_code == 200
    assert titles(response) == ["Break", "Pact"]
    html = response.content.decode()
    assert diplomacy.get_absolute_url() in html
    assert "Recognition of governments" in html


def test_old_place_and_topic_slugs_redirect(client):
    place = make_place("Russia", slug="russia")
    place.slug = "soviet-union"
    place.save()
    topic = make_topic("Debts", slug="debts")
    topic.slug = "debts-and-claims"
    topic.save()
    assert client.get("/places/russia/")["Location"] == "/places/soviet-union/"
    assert client.get("/topics/debts/")["Location"] == "/topics/debts-and-claims/"


def test_unknown_places_and_topics_are_not_found(client):
    assert client.get("/places/atlantis/").status_code == 404
    assert client.get("/topics/alchemy/").status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_place_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    place = make_place()
    for i in range(count):
        make_event(f"Event {i}").places.add(place)
        make_agreement(f"Agreement {i}", parties=[place])
    # The place (with its parent); other names; the count; the events; their participants; agreements.
    with django_assert_num_queries(6):
        client.get(place.get_absolute_url())


@pytest.mark.parametrize("count", [1, 50])
def test_topic_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    topic = make_topic()
    for i in range(count):
        make_event(f"Event {i}").topics.add(topic)
        make_topic(f"Child {i}", parent=topic)
    # The topic (with its parent); children; the count; the events; their participants.
    with django_assert_num_queries(5):
        client.get(topic.get_absolute_url())
