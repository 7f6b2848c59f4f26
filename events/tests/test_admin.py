"""The curators' admin for events, agreements, eras, places, topics and sources: pages, inlines,
filters, bulk edits and changelist query counts. The workflow is in test_workflow.py, history in
test_history.py, validation in test_validation.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import (
    make_agreement,
    make_era,
    make_event,
    make_person,
    make_place,
    make_source,
    make_topic,
)
from events.admin import EventDecadeFilter
from events.models import Agreement, Era, Event, EventPerson, EventSection, PersonSource, Place, Source, Topic
from lib.publishing import Status
from people.models import Person


def _one_of_each():
    """A record of every model with an admin page, keyed by model."""
    place = make_place()
    return {
        Event: make_event(),
        Agreement: make_agreement(parties=[place]),
        Person: make_person(),
        Era: make_era(),
        Place: place,
        Topic: make_topic(),
        Source: make_source(),
    }


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


MODELS = [Event, Agreement, Person, Era, Place, Topic, Source]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["viewer", "editor", "publisher"])
def test_every_changelist_and_change_page_loads_for_each_curator(actor, request):
    client = request.getfixturevalue(f"{actor}_client")
    records = _one_of_each()
    for model in MODELS:
        assert client.get(_url(model, "changelist")).status_code == 200, model
        assert client.get(_url(model, "change", records[model].pk)).status_code == 200, model
        assert client.get(_url(model, "history", records[model].pk)).status_code == 200, model


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["editor", "publisher"])
def test_every_add_page_loads_for_editors_and_publishers(actor, request):
    client = request.getfixturevalue(f"{actor}_client")
    for model in MODELS:
        assert client.get(_url(model, "add")).status_code == 200, model


@pytest.mark.django_db
def test_a_viewer_reads_but_cannot_add_or_change(viewer_client):
    records = _one_of_each()
    for model in MODELS:
        change_url = _url(model, "change", records[model].pk)
        page = viewer_client.get(change_url)
        assert page.context["has_change_permission"] is False
        assert b'name="_save"' not in page.content
        assert viewer_client.get(_url(model, "add")).status_code == 403
        assert viewer_client.post(_url(model, "add"), {}).status_code == 403
        assert viewer_client.post(change_url, {}).status_code == 403


@pytest.mark.django_db
def test_a_viewer_gets_no_bulk_actions(viewer_client):
    make_event()
    page = viewer_client.get(_url(Event, "changelist"))
    assert page.context["action_form"] is None


@pytest.mark.django_db
def test_an_editor_creates_an_event_with_a_participant_as_a_draft(editor, editor_client, admin_form_data):
    litvinov = make_person("Maxim Litvinov", birth="1876-07-17", death="1951-12-31", status=Status.DRAFT)
    add_url = _url(Event, "add")
    data = admin_form_data(editor_client.get(add_url))
    data.update(title="Recognition of the Soviet Union", slug="recognition-ussr", date="1933-11-16", kind="recognition")
    data.add_row(EventPerson, person=litvinov.pk, role="negotiator")
    data.add_row(EventSection, heading="The talks", body="Litvinov came to Washington.", order="1")

    response = editor_client.post(add_url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get(slug="recognition-ussr")
    assert event.status == Status.DRAFT
    assert event.published_at is None
    assert [(p.person, p.role) for p in event.participants.all()] == [(litvinov, "negotiator")]
    assert event.sections.get().heading == "The talks"
    assert event.history.latest().history_user == editor


@pytest.mark.django_db
def test_the_status_choices_are_the_ones_the_user_may_give(editor_client, publisher_client):
    add_url = _url(Event, "add")
    editor_choices = editor_client.get(add_url).context["adminform"].form.fields["status"].choices
    publisher_choices = publisher_client.get(add_url).context["adminform"].form.fields["status"].choices
    assert [value for value, _ in editor_choices] == ["draft", "review"]
    assert [value for value, _ in publisher_choices] == ["draft", "review", "published", "retired"]


@pytest.mark.django_db
def test_the_change_page_of_a_draft_offers_a_preview_on_the_site(editor_client):
    event = make_event(status=Status.DRAFT)
    page = editor_client.get(_url(Event, "change", event.pk))
    assert b"Preview on site" in page.content
    preview = editor_client.get(page.context["absolute_url"])
    assert preview.status_code == 302
    assert preview["Location"].endswith(event.get_absolute_url())


@pytest.mark.django_db
def test_the_change_page_of_a_published_event_says_view_on_site(publisher_client):
    event = make_event(status=Status.PUBLISHED)
    page = publisher_client.get(_url(Event, "change", event.pk))
    assert b"View on site" in page.content
    assert b"Preview on site" not in page.content


@pytest.mark.django_db
def test_the_person_page_has_the_sources_inline_from_events(editor_client):
    person = make_person()
    page = editor_client.get(_url(Person, "change", person.pk))
    models = [inline.formset.model for inline in page.context["inline_admin_formsets"]]
    assert PersonSource in models


@pytest.mark.django_db
def test_the_changelist_search_finds_events_by_title(editor_client):
    make_event("Recognition of the Soviet Union")
    make_event("Munich Agreement", date="1938-09-30")
    page = editor_client.get(_url(Event, "changelist"), {"q": "munich"})
    assert [event.title for event in page.context["cl"].result_list] == ["Munich Agreement"]


@pytest.mark.django_db
def test_the_decade_filter_counts_uncertain_dates_in_every_decade_they_overlap(editor_client):
    make_event("Recognition", date="1933-11-16")
    make_event("Sometime in the thirties", date="193X")
    make_event("Straddling", date="1929/1931")
    make_event("Before", date="1917-11-07")
    make_event("Undated", date="")
    changelist = _url(Event, "changelist")

    page = editor_client.get(changelist)
    [decade_filter] = [spec for spec in page.context["cl"].filter_specs if isinstance(spec, EventDecadeFilter)]
    decades = dict(decade_filter.lookup_choices)
    assert decades["1910-1919"] == "1910s"
    assert decades["1930-1939"] == "1930s"

    thirties = editor_client.get(changelist, {"decade": "1930-1939"}).context["cl"].result_list
    assert {event.title for event in thirties} == {"Recognition", "Sometime in the thirties", "Straddling"}
    undated = editor_client.get(changelist, {"decade": "undated"}).context["cl"].result_list
    assert [event.title for event in undated] == ["Undated"]


@pytest.mark.django_db
def test_people_filter_by_the_decades_they_were_alive(editor_client):
    make_person("Maxim Litvinov", birth="1876-07-17", death="1951-12-31")
    make_person("William Bullitt", birth="1891-01-25", death="1967-02-15")
    page = editor_client.get(_url(Person, "changelist"), {"alive": "1960-1969"})
    assert [person.display_name for person in page.context["cl"].result_list] == ["William Bullitt"]


def _changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Event, Person, Agreement, Era, Place, Topic])
def test_a_changelist_makes_as_many_queries_for_thirty_rows_as_for_one(
    model, publisher_client, django_assert_num_queries
):
    era, place, topic = make_era(), make_place(), make_topic()
    parties = [place, make_place("United States")]

    def add_row(i):
        if model is Event:
            make_event(f"Event {i}", era=era)
        elif model is Person:
            make_person(f"Person {i}")
        elif model is Agreement:
            make_agreement(f"Agreement {i}", parties=parties)
        elif model is Era:
            make_era(f"Era {i}")
        elif model is Place:
            make_place(f"Place {i}", parent=place)
        elif model is Topic:
            make_topic(f"Topic {i}", parent=topic)

    url = _url(model, "changelist")
    add_row(0)
    _changelist_queries(publisher_client, url)  # Warm the per-process caches (content types).
    one_row = _changelist_queries(publisher_client, url)
    for i in range(1, 30):
        add_row(i)
    with django_assert_num_queries(one_row):
        response = publisher_client.get(url)
    assert response.context["cl"].result_count >= 30


# Bulk edits with a confirmation page ------------------------------------------------------------


def _action(client, action, objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "index": "0", **extra}
    return client.post(_url(Event, "changelist"), data)


def _apply(client, action, objects, **values):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "apply": "yes", **values}
    return client.post(_url(Event, "changelist"), data)


@pytest.mark.django_db
def test_assigning_an_era_asks_which_era_and_lists_the_events(editor_client):
    era = make_era()
    events = [make_event("Draft one", status=Status.DRAFT), make_event("Live one", status=Status.PUBLISHED)]

    page = _action(editor_client, "assign_era", events)

    assert page.status_code == 200
    assert page.template_name == "admin/curated/bulk_edit.html"
    assert [e.title for e in page.context["changeable"]] == ["Draft one"]
    assert [e.title for e in page.context["locked"]] == ["Live one"]
    assert era.title.encode() in page.content


@pytest.mark.django_db
def test_assigning_an_era_changes_drafts_but_not_an_editors_published_events(editor, editor_client):
    era = make_era()
    draft = make_event("Draft one", status=Status.DRAFT)
    live = make_event("Live one", status=Status.PUBLISHED)

    response = _apply(editor_client, "assign_era", [draft, live], era=era.pk)

    assert response.status_code == 302
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.era == era
    assert live.era is None
    latest = draft.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == f"Era: {era} (bulk action)"


@pytest.mark.django_db
def test_a_publisher_assigns_an_era_to_published_events_too(publisher_client):
    era = make_era()
    live = make_event("Live one", status=Status.PUBLISHED)
    _apply(publisher_client, "assign_era", [live], era=era.pk)
    live.refresh_from_db()
    assert live.era == era


@pytest.mark.django_db
def test_adding_a_topic_keeps_the_other_topics_and_records_each_event(editor, editor_client):
    recognition, trade = make_topic("Recognition"), make_topic("Trade")
    first = make_event("First", status=Status.DRAFT)
    second = make_event("Second", status=Status.DRAFT)
    first.topics.add(trade)

    response = _apply(editor_client, "add_topic", [first, second], topic=recognition.pk)

    assert response.status_code == 302
    assert set(first.topics.all()) == {trade, recognition}
    assert list(second.topics.all()) == [recognition]
    assert second.history.latest().history_user == editor


@pytest.mark.django_db
def test_a_bulk_edit_without_a_choice_shows_the_form_again(editor_client):
    event = make_event(status=Status.DRAFT)
    page = _apply(editor_client, "assign_era", [event], era="")
    assert page.status_code == 200
    assert page.context["form"].errors["era"]
