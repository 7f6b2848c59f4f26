"""The event page (/events/<slug>/): what a reader sees, who may see it, old addresses, queries."""

import json
import re

import pytest
from django.urls import reverse

from conftest import make_agreement, make_era, make_event, make_person, make_place, make_source, make_topic
from events.models import Event, EventFigure, EventRelation, EventSource
from lib.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognition():
    era = make_era()
    litvinov = make_person("Maxim Litvinov", birth="1876-07-17", death="1951-12-31")
    roosevelt = make_person("Franklin D. Roosevelt")
    event = make_event(
        "Recognition of the Soviet Union",
        date="1933-11-16",
        era=era,
        kind=Event.Kind.RECOGNITION,
        summary="The United States opened relations with the Soviet Union.",
        people=[(roosevelt, "President of the United States"), (litvinov, "negotiator")],
        sections=[("Introduction", "The *estrangement* ended."), ("The Conversations", "Talks in Washington.")],
    )
    event.places.add(make_place("Soviet Union"))
    event.topics.add(make_topic("Diplomatic recognition"))
    event.agreements.add(make_agreement("Roosevelt–Litvinov Agreements"))
    EventSource.objects.create(
        event=event,
        source=make_source(
            "FRUS, The Soviet Union, 1933–1939", author="Department of State", url="https://history.state.gov/x"
        ),
        pages="doc. 612",
    )
    EventFigure.objects.create(
        event=event, image_url="https://example.org/litvinov.jpg", alt_text="Litvinov signing", caption="The signing."
    )
    return event


def test_it_shows_the_event(client, recognition):
    response = client.get(recognition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Recognition of the Soviet Union</h1>" in html
    assert '<time datetime="1933-11-16">November 16, 1933</time>' in html
    assert recognition.era.get_absolute_url() in html
    assert "Recognition" in html  # the kind
    assert "The United States opened relations with the Soviet Union." in html
    assert "<em>estrangement</em>" in html
    assert "Last updated" in html


def test_it_lists_sections_in_a_table_of_contents(client, recognition):
    html = client.get(recognition.get_absolute_url()).content.decode()
    assert '<a href="#introduction">Introduction</a>' in html
    assert '<a href="#the-conversations">The Conversations</a>' in html
    assert 'id="introduction"' in html and 'id="the-conversations"' in html
    assert html.index('id="introduction"') < html.index('id="the-conversations"')


def test_it_links_people_with_roles_agreements_places_topics_and_sources(client, recognition):
    html = client.get(recognition.get_absolute_url()).content.decode()
    for participant in recognition.participants.all():
        assert participant.person.get_absolute_url() in html
    assert "negotiator" in html and "President of the United States" in html
    assert recognition.agreements.get().get_absolute_url() in html
    assert recognition.places.get().get_absolute_url() in html
    assert recognition.topics.get().get_absolute_url() in html
    assert "Department of State. FRUS, The Soviet Union, 1933–1939. doc. 612." in html
    assert 'href="https://history.state.gov/x"' in html


def test_figures_kept_on_other_sites_are_links_not_images(client, recognition):
    """Pages load nothing from other sites: the alt text and caption still describe the image."""
    html = client.get(recognition.get_absolute_url()).content.decode()
    assert '<img src="https://example.org' not in html
    assert 'href="https://example.org/litvinov.jpg"' in html
    assert "Litvinov signing" in html and "The signing." in html


def test_it_hides_participants_who_are_not_published(client, recognition):
    draft = make_person("Secret Agent", status=Status.DRAFT)
    recognition.participants.create(person=draft, role="spy", order=9)
    html = client.get(recognition.get_absolute_url()).content.decode()
    assert "Secret Agent" not in html


def test_related_events_show_both_directions_with_their_labels(client, recognition):
    severance = make_event("United States severs relations", date="1917-12-06")
    bullitt = make_event("Bullitt arrives in Moscow", date="1933-12")
    hidden = make_event("Draft event", date="1934", status=Status.DRAFT)
    EventRelation.objects.create(from_event=severance, to_event=recognition, kind=EventRelation.Kind.LED_TO)
    EventRelation.objects.create(from_event=recognition, to_event=bullitt, kind=EventRelation.Kind.LED_TO)
    EventRelation.objects.create(from_event=recognition, to_event=hidden, kind=EventRelation.Kind.SEE_ALSO)

    response = client.get(recognition.get_absolute_url())

    related = dict(response.context["related"])
    assert related["Led to"] == [bullitt]
    assert related["Followed from"] == [severance]
    assert "See also" not in related
    assert "Draft event" not in response.content.decode()


def test_previous_and_next_follow_the_timeline_across_eras(client):
    first = make_event("Break in relations", date="1917-12-06", era=make_era("World War I", 1914, 1920))
    middle = make_event("Recognition", date="1933-11-16", era=make_era())
    make_event("A draft in between", date="1925", status=Status.DRAFT)
    make_event("A trip in between", date="1934", kind=Event.Kind.TRIP)
    last = make_event("Pact", date="1939-08-23")

    response = client.get(middle.get_absolute_url())

    assert response.context["previous_event"] == first
    assert response.context["next_event"] == last
    assert client.get(first.get_absolute_url()).context["previous_event"] is None
    assert client.get(last.get_absolute_url()).context["next_event"] is None


def test_previous_and_next_break_ties_by_title(client):
    alpha = make_event("Alpha", date="1933-11-16")
    beta = make_event("Beta", date="1933-11-16")
    gamma = make_event("Gamma", date="1933-11-16")
    context = client.get(beta.get_absolute_url()).context
    assert (context["previous_event"], context["next_event"]) == (alpha, gamma)


def test_undated_events_come_last(client):
    dated = make_event("Dated", date="1990")
    undated = make_event("Undated", date="")
    assert client.get(dated.get_absolute_url()).context["next_event"] == undated
    assert client.get(undated.get_absolute_url()).context["previous_event"] == dated


def test_drafts_are_not_found_by_visitors(client):
    draft = make_event("Unfinished", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_drafts_under_a_banner(editor_client):
    draft = make_event("Unfinished", status=Status.REVIEW)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published" in html
    assert '<meta name="robots" content="noindex">' in html


def test_published_events_have_no_preview_banner(editor_client, recognition):
    assert "Preview: not published" not in editor_client.get(recognition.get_absolute_url()).content.decode()


def test_retired_events_show_their_notice(client):
    event = make_event("Old essay", status=Status.RETIRED, retired_notice="Superseded by the 2024 essay.")
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Superseded by the 2024 essay." in response.content.decode()


def test_an_old_slug_redirects_permanently_to_the_new_one(client, recognition):
    old_url = recognition.get_absolute_url()
    recognition.slug = "recognition-of-the-ussr"
    recognition.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/events/recognition-of-the-ussr/"


def test_an_old_slug_of_a_draft_is_not_found(client):
    event = make_event("Unfinished", status=Status.DRAFT)
    old_url = event.get_absolute_url()
    event.slug = "unfinished-renamed"
    event.save()
    assert client.get(old_url).status_code == 404


def test_an_old_slug_redirects_to_the_record_that_used_it_last(client):
    first = make_event("First", slug="shared")
    first.slug = "first"
    first.save()
    second = make_event("Second", slug="shared")
    second.slug = "second"
    second.save()
    assert client.get("/events/shared/")["Location"] == "/events/second/"


def test_an_unknown_slug_is_not_found(client):
    assert client.get("/events/no-such-event/").status_code == 404


def test_structured_data_cannot_break_out_of_its_script(client):
    event = make_event("</script><script>alert(1)</script> & more", summary="<b>bold</b>")
    html = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    event_node = next(node for node in data["@graph"] if node["@type"] == "Event")
    assert event_node["name"] == "</script><script>alert(1)</script> & more"
    assert event_node["startDate"] == "1933-11-16"
    assert "<script>alert(1)" not in html


def test_it_offers_citations_and_citation_metadata(client, recognition):
    html = client.get(recognition.get_absolute_url()).content.decode()
    assert "Cite this page" in html
    assert "http://testserver/events/" in html
    assert "Chicago" in html and "MLA" in html and "APA" in html
    assert '<meta name="citation_title" content="Recognition of the Soviet Union">' in html
    assert '<meta name="DC.title" content="Recognition of the Soviet Union">' in html
    assert f'<link rel="canonical" href="http://testserver{recognition.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="Recognition of the Soviet Union">' in html


# The page's queries, whatever the number of related rows: the event, the eras (kept until the next
# edit, as for list rows), sections, figures, places, topics, participants, agreements, sources;
# relations both ways with the events they name; previous and next (looked for within a year
# first: one more query for each that is further away, see views._neighbours).
EVENT_PAGE_QUERIES = 12
# Figures, agreements, relations and sources are not asked for when the event's query found none.
EVENT_PAGE_QUERIES_WITHOUT_RARE_PARTS = EVENT_PAGE_QUERIES - 4


@pytest.mark.parametrize("count", [1, 50])
def test_the_number_of_queries_does_not_grow_with_related_records(client, django_assert_num_queries, count):
    make_event("The week before", date="1933-11-09")
    people = [make_person(f"Person {i}") for i in range(count)]
    event = make_event("Big conference", people=[(person, "delegate") for person in people])
    for i in range(count):
        other = make_event(f"Related {i}", date="1934")
        EventRelation.objects.create(from_event=event, to_event=other)
        event.places.add(make_place(f"Place {i}"))
        event.topics.add(make_topic(f"Topic {i}"))
        EventSource.objects.create(event=event, source=make_source(f"Source {i}"), order=i)
        EventFigure.objects.create(event=event, image_url=f"https://example.org/{i}.png", alt_text=f"Figure {i}")
        event.agreements.add(make_agreement(f"Agreement {i}"))
    url = reverse("events:detail", kwargs={"slug": event.slug})
    with django_assert_num_queries(EVENT_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("delegate") == count


def test_an_event_without_relations_does_not_look_for_related_events(client, django_assert_num_queries):
    make_event("The week before", date="1933-11-09")
    make_event("The week after", date="1933-11-23")  # both neighbours within a year: one query each
    event = make_event("A quiet day", date="1933-11-16")
    with django_assert_num_queries(EVENT_PAGE_QUERIES_WITHOUT_RARE_PARTS):
        response = client.get(event.get_absolute_url())
    assert response.context["related"] == []
    assert response.context["parts"].figures == [] and response.context["parts"].agreements == []


def test_related_events_come_in_timeline_order_once_each_with_their_dates(client, recognition):
    later = make_event("Trade agreement", date="1935-07-13")
    sooner = make_event("Bullitt arrives in Moscow", date="1933-12")
    both_ways = make_event("Kelley's memorandum", date="1933-07-27")
    for other in (later, sooner):
        EventRelation.objects.create(from_event=recognition, to_event=other, kind=EventRelation.Kind.LED_TO)
    EventRelation.objects.create(from_event=recognition, to_event=both_ways, kind=EventRelation.Kind.SEE_ALSO)
    EventRelation.objects.create(from_event=both_ways, to_event=recognition, kind=EventRelation.Kind.SEE_ALSO)

    response = client.get(recognition.get_absolute_url())

    related = dict(response.context["related"])
    assert related["Led to"] == [sooner, later]
    assert related["See also"] == [both_ways]
    html = response.content.decode()
    assert f'<a href="{later.get_absolute_url()}">Trade agreement</a> <span class="date">(July 13, 1935)</span>' in html
