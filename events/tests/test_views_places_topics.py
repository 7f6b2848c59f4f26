"""Place (/places/<slug>/) and topic (/topics/<slug>/) pages."""

import pytest
from django.db import connection
from django.template import engines
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

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
    # The place (with its parent); other names; the count of its events and of all (to choose how to
    # read them); their ids, then their dates (their order, kept); the page's events; their eras
    # (kept); their participants; the count of its agreements and of all (to choose how to sort
    # them); the agreements.
    with django_assert_num_queries(12):
        client.get(place.get_absolute_url())


@pytest.mark.parametrize("count", [1, 50])
def test_topic_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    topic = make_topic()
    for i in range(count):
        make_event(f"Event {i}").topics.add(topic)
        make_topic(f"Child {i}", parent=topic)
    # The topic (with its parent); children; the count of its events and of all; their ids, then
    # their dates (their order, kept); the page's events; their eras (kept); their participants.
    with django_assert_num_queries(9):
        client.get(topic.get_absolute_url())


def test_a_places_agreements_are_paged_apart_from_its_events(client):
    place = make_place()
    for i in range(52):
        make_agreement(f"Agreement {i:02}", signed=str(1900 + i), parties=[place])
    for i in range(51):
        make_event(f"Event {i:02}", date=str(1900 + i)).places.add(place)

    response = client.get(place.get_absolute_url() + "?page=2&agreements_page=2")

    assert titles(response) == ["Event 50"]
    agreements = response.context["agreements_page"].object_list
    assert [agreement.title for agreement in agreements] == ["Agreement 50", "Agreement 51"]
    html = response.content.decode()
    assert '<nav class="pagination" aria-label="Pages of events">' in html
    assert '<nav class="pagination" aria-label="Pages of agreements">' in html
    # Each list's links keep the other list's page.
    assert 'href="?page=1&amp;agreements_page=2" rel="prev"' in html
    assert 'href="?page=2&amp;agreements_page=1" rel="prev"' in html


@pytest.mark.parametrize("count", [1, 50])
def test_counts_are_kept_until_the_next_edit(client, django_assert_num_queries, count):
    place = make_place()
    for i in range(count):
        make_event(f"Event {i}").places.add(place)
        make_agreement(f"Agreement {i}", parties=[place])
    client.get(place.get_absolute_url() + "?page=1")
    # Another address (not in the page cache) of the same lists: the three counts are known. The
    # place; its names; the events; their participants; the agreements.
    with django_assert_num_queries(5):
        client.get(place.get_absolute_url() + "?page=2")


def test_a_kept_order_of_events_leaves_out_an_event_gone_since(client, settings):
    # With Redis, a process may use what it kept for up to PAGE_L1_SECONDS after another process's
    # edit. Here the edit's version bump never comes (the test's transaction is not committed).
    settings.PAGE_CACHE = False
    topic = make_topic()
    kept, gone, hidden = (make_event(title, date=f"193{i}") for i, title in enumerate(["Kept", "Gone", "Hidden"]))
    for event in (kept, gone, hidden):
        event.topics.add(topic)
    for i in range(60):
        make_event(f"Elsewhere {i}")  # so that the topic's few events are sorted, not walked to
    assert titles(client.get(topic.get_absolute_url())) == ["Kept", "Gone", "Hidden"]
    gone.delete()
    hidden.status = Status.DRAFT
    hidden.save()
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert titles(response) == ["Kept"]


def test_a_topic_with_few_of_the_events_pages_them_in_timeline_order(client):
    # Few of the archive's events: their order is kept (lib.paging.KeptOrder) and each page is
    # read by primary key. Dates that tie, ranges and undated events sort as the timeline sorts them.
    from events.models import Event

    topic = make_topic()
    dates = ["1933-11-16", "", "1933", "193X", "1921/1922", "1933-11-16", "1901~", "1945-05"]
    for i in range(55):
        make_event(f"Event {i:02}", date=dates[i % len(dates)]).topics.add(topic)
    for i in range(200):
        make_event(f"Other {i}", date="1950")
    expected = [event.title for event in Event.objects.filter(topics=topic).chronological(by_index=False)]
    first = client.get(topic.get_absolute_url())
    second = client.get(topic.get_absolute_url(), {"page": 2})
    assert titles(first) + titles(second) == expected and len(expected) == 55
    assert first.context["page_obj"].paginator.count == 55 and len(titles(second)) == 5


def test_both_spellings_of_the_chronological_order_agree():
    from events.models import Event

    for title, date in [
        ("Undated", ""),
        ("Open start", "../1933"),
        ("B same day", "1933-11-16"),
        ("A same day", "1933-11-16"),
        ("Decade", "193X"),
        ("Open end", "1933/.."),
        ("Early", "1917-12-06"),
    ]:
        make_event(title, date=date)
    indexed = [event.title for event in Event.objects.chronological()]
    sorted_ = [event.title for event in Event.objects.chronological(by_index=False)]
    assert indexed == sorted_
    assert indexed[0] == "Early" and indexed[-2:] == ["Open start", "Undated"]
    assert indexed.index("A same day") + 1 == indexed.index("B same day")


def test_a_place_with_most_events_lists_them_in_order_too(client):
    """Most events at one place: the view walks the chronological index instead of sorting."""
    place = make_place()
    expected = []
    for i in range(60):
        year = 1900 + (i * 37) % 60  # not in the order they are made
        event = make_event(f"Event {i:02}", date=str(year))
        if i % 12:  # 55 of 60 take place there
            event.places.add(place)
            expected.append((year, event.title))
    expected = [title for _, title in sorted(expected)]

    first = client.get(place.get_absolute_url())
    second = client.get(place.get_absolute_url() + "?page=2")

    assert first.context["page_obj"].paginator.count == 55
    assert titles(first) + titles(second) == expected


@pytest.mark.parametrize("others", [0, 400], ids=["a party to most", "a party to few"])
def test_both_ways_of_reading_a_places_agreements_give_the_order_of_signing(client, others):
    # A party to most agreements: the view walks agreement_chronological_idx; to few, it sorts
    # them (events.views._agreements_of). The same order either way, undated agreements last.
    from events.models import Agreement

    place = make_place()
    dates = ["1933-11-16", "", "1933", "193X", "1921/1922", "1933-11-16", "1901~"]
    for i in range(55):
        make_agreement(f"Agreement {i:02}", signed=dates[i % len(dates)], parties=[place])
    for i in range(others):
        make_agreement(f"Other {i}", signed="1950")
    expected = [agreement.title for agreement in Agreement.objects.filter(parties=place).chronological(by_index=False)]
    assert [agreement.title for agreement in Agreement.objects.filter(parties=place).chronological()] == expected

    shown = []
    for page in (1, 2):
        response = client.get(place.get_absolute_url(), {"agreements_page": page})
        shown += [agreement.title for agreement in response.context["agreements_page"].object_list]
    assert shown == expected and len(shown) == 55
    assert Agreement.objects.get(title=expected[-1]).signed == ""
    assert expected[0] == "Agreement 06"  # 1901~, the earliest


# The loop {% agreement_links %} replaced in templates/events/place_detail.html.
AGREEMENT_LINKS_REFERENCE = (
    "{% load archive %}{% for agreement in agreements %}"
    '<li><a href="{{ agreement.get_absolute_url }}">{{ agreement.title }}</a>{% if agreement.signed %} '
    '<span class="date">(signed {{ agreement.signed|edtf }})</span>{% endif %}</li>{% endfor %}'
)


def test_agreement_links_are_the_html_of_the_former_loop():
    agreements = [
        make_agreement("Treaty of <Peace> & Amity", signed="1933-11-16"),
        make_agreement("Undated exchange of notes", signed=""),
        make_agreement("A decade's accords", signed="193X"),
    ]
    django = engines["django"]

    ours = django.from_string("{% load archive %}{% agreement_links agreements %}").render({"agreements": agreements})
    reference = django.from_string(AGREEMENT_LINKS_REFERENCE).render({"agreements": agreements})

    assert parse_html(ours) == parse_html(reference)
    assert "Treaty of &lt;Peace&gt; &amp; Amity</a>" in ours and "(signed 1930s)" in ours


def test_the_walk_of_a_place_with_most_records_has_the_place_in_its_sql(client):
    # Prepared on PostgreSQL, the walk's generic plan, made without the place, read every event
    # (events.views._events_linked_to): the place's id is written into the SQL, not a parameter.
    place = make_place()
    for i in range(51):  # all of them, and more than a page: walked (lib.paging.walk_in_order)
        make_event(f"Event {i}", date=str(1900 + i)).places.add(place)
        make_agreement(f"Agreement {i}", signed=str(1900 + i), parties=[place])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(place.get_absolute_url())
    assert titles(response)[:2] == ["Event 0", "Event 1"]
    assert response.context["agreements_page"].object_list[0].title == "Agreement 0"
    walks = [query["sql"] for query in queries if f'"place_id" = ({place.pk})' in query["sql"]]
    assert any("events_event_places" in sql for sql in walks)
    assert any("events_agreement_parties" in sql for sql in walks)
