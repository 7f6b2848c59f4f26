"""The publication workflow in the admin: draft -> in review -> published, and retired.

Editors write and submit for review; publishers also publish, unpublish and retire; a live record
is read-only to editors. Everything is checked on the server, so crafted requests are tried too.
"""

import pytest
from django.urls import reverse

from conftest import make_agreement, make_event, make_person
from events.models import Agreement, Event, EventPerson
from lib.publishing import DEFAULT_RETIRED_NOTICE, Status
from people.models import Person


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _bulk(client, model, action, objects):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "index": "0"}
    return client.post(_url(model, "changelist"), data, follow=True)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _actions(client, model):
    page = client.get(_url(model, "changelist"))
    return {name for name, _ in page.context["action_form"].fields["action"].choices if name}


@pytest.mark.django_db
def test_an_editor_submits_a_draft_for_review_from_its_page(editor, editor_client, admin_form_data):
    event = make_event(status=Status.DRAFT)
    change_url = _url(Event, "change", event.pk)
    data = admin_form_data(editor_client.get(change_url))
    data["status"] = Status.REVIEW

    assert editor_client.post(change_url, data).status_code == 302

    event.refresh_from_db()
    assert event.status == Status.REVIEW
    assert event.published_at is None
    latest = event.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Status: Draft → In review")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETIRED])
def test_an_editor_cannot_publish_by_crafted_post(status, editor_client, admin_form_data):
    event = make_event(status=Status.DRAFT, title="Unreviewed")
    change_url = _url(Event, "change", event.pk)
    data = admin_form_data(editor_client.get(change_url))
    data["status"] = status
    data["title"] = "Sneaked out"

    response = editor_client.post(change_url, data)

    assert response.status_code == 200
    assert "only publishers publish" in str(response.context["adminform"].form.errors["status"])
    event.refresh_from_db()
    assert (event.status, event.title, event.published_at) == (Status.DRAFT, "Unreviewed", None)


@pytest.mark.django_db
def test_an_editor_cannot_add_a_published_record_by_crafted_post(editor_client, admin_form_data):
    add_url = _url(Person, "add")
    data = admin_form_data(editor_client.get(add_url))
    data.update(display_name="George Kennan", slug="george-kennan", status=Status.PUBLISHED)

    response = editor_client.post(add_url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    assert not Person.objects.filter(slug="george-kennan").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Event, Agreement, Person])
def test_an_editor_sees_only_the_submit_for_review_workflow_action(model, editor_client, publisher_client):
    editor_actions = _actions(editor_client, model)
    assert "submit_for_review" in editor_actions
    assert not editor_actions & {"publish", "unpublish", "retire"}
    assert {"submit_for_review", "publish", "unpublish", "retire"} <= _actions(publisher_client, model)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "retire", "unpublish"])
def test_an_editors_crafted_publish_action_is_refused(action, editor_client):
    draft = make_event("Draft", status=Status.DRAFT)
    live = make_event("Live", status=Status.PUBLISHED)

    response = _bulk(editor_client, Event, action, [draft, live])

    assert response.status_code == 200
    assert "No action selected." in _messages(response)
    assert Event.objects.get(pk=draft.pk).status == Status.DRAFT
    assert Event.objects.get(pk=live.pk).status == Status.PUBLISHED


@pytest.mark.django_db
def test_an_editor_submits_drafts_for_review_in_bulk_and_live_records_are_skipped(editor, editor_client):
    drafts = [make_event(f"Draft {i}", status=Status.DRAFT) for i in range(2)]
    live = make_event("Live", status=Status.PUBLISHED)

    response = _bulk(editor_client, Event, "submit_for_review", [*drafts, live])

    assert "Submitted for review 2 events." in _messages(response)
    assert any(message.startswith("Skipped 1 event") for message in _messages(response))
    assert {event.status for event in Event.objects.filter(pk__in=[d.pk for d in drafts])} == {Status.REVIEW}
    assert Event.objects.get(pk=live.pk).status == Status.PUBLISHED
    # One history row per record, naming the editor.
    for draft in drafts:
        assert draft.history.latest().history_user == editor


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Event, Agreement, Person])
def test_a_publisher_publishes_in_bulk_and_the_date_is_stamped(model, publisher, publisher_client):
    make = {Event: make_event, Agreement: make_agreement, Person: make_person}[model]
    records = [make(status=Status.REVIEW), make(status=Status.DRAFT)]

    response = _bulk(publisher_client, model, "publish", records)

    assert f"Published 2 {model._meta.verbose_name_plural}." in _messages(response)
    for record in model.objects.filter(pk__in=[r.pk for r in records]):
        assert record.status == Status.PUBLISHED
        assert record.published_at is not None
        assert record.history.latest().history_user == publisher


@pytest.mark.django_db
def test_a_publisher_publishes_from_the_change_page(publisher_client, admin_form_data):
    event = make_event(status=Status.REVIEW)
    change_url = _url(Event, "change", event.pk)
    data = admin_form_data(publisher_client.get(change_url))
    data["status"] = Status.PUBLISHED

    assert publisher_client.post(change_url, data).status_code == 302

    event.refresh_from_db()
    assert event.status == Status.PUBLISHED
    assert event.published_at is not None


@pytest.mark.django_db
def test_republishing_keeps_the_first_publication_date(publisher_client):
    event = make_event(status=Status.DRAFT)
    _bulk(publisher_client, Event, "publish", [event])
    first = Event.objects.get(pk=event.pk).published_at
    _bulk(publisher_client, Event, "unpublish", [event])
    _bulk(publisher_client, Event, "publish", [event])
    assert Event.objects.get(pk=event.pk).published_at == first


@pytest.mark.django_db
def test_retiring_keeps_the_record_online_with_the_notice(publisher_client):
    event = make_event(status=Status.PUBLISHED)

    _bulk(publisher_client, Event, "retire", [event])

    event.refresh_from_db()
    assert event.status == Status.RETIRED
    assert event.is_retired and event.is_public
    assert event.notice == DEFAULT_RETIRED_NOTICE
    assert event in Event.objects.published()


@pytest.mark.django_db
def test_only_published_records_are_retired(publisher_client):
    draft = make_event(status=Status.DRAFT)
    response = _bulk(publisher_client, Event, "retire", [draft])
    assert any(message.startswith("Skipped 1 event") for message in _messages(response))
    assert Event.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_unpublishing_takes_a_record_back_to_draft(publisher_client):
    live = make_agreement(status=Status.PUBLISHED)
    _bulk(publisher_client, Agreement, "unpublish", [live])
    live.refresh_from_db()
    assert live.status == Status.DRAFT
    assert live not in Agreement.objects.published()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETIRED])
def test_an_editor_views_but_cannot_change_or_delete_a_live_record(status, editor_client, admin_form_data):
    event = make_event(status=status, title="Live")
    change_url = _url(Event, "change", event.pk)

    page = editor_client.get(change_url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert b"only a publisher can change a live record" in page.content

    assert editor_client.post(change_url, {"title": "Changed", "status": status}).status_code == 403
    assert editor_client.get(_url(Event, "delete", event.pk)).status_code == 403
    assert editor_client.post(_url(Event, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert Event.objects.get(pk=event.pk).title == "Live"


@pytest.mark.django_db
def test_an_editor_cannot_delete_live_records_in_bulk(editor_client):
    draft = make_event("Draft", status=Status.DRAFT)
    live = make_event("Live", status=Status.PUBLISHED)
    data = {"action": "delete_selected", "_selected_action": [draft.pk, live.pk], "post": "yes"}

    response = editor_client.post(_url(Event, "changelist"), data)

    assert response.status_code == 403
    assert Event.objects.count() == 2


@pytest.mark.django_db
def test_an_editor_deletes_drafts_in_bulk(editor_client):
    draft = make_event("Draft", status=Status.DRAFT)
    data = {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    editor_client.post(_url(Event, "changelist"), data)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_publisher_edits_a_live_record(publisher_client, admin_form_data):
    person = make_person("Maxim Litvinov", status=Status.PUBLISHED)
    change_url = _url(Person, "change", person.pk)
    data = admin_form_data(publisher_client.get(change_url))
    data["nationality"] = "Soviet"

    assert publisher_client.post(change_url, data).status_code == 302
    person.refresh_from_db()
    assert (person.nationality, person.status) == ("Soviet", Status.PUBLISHED)


@pytest.mark.django_db
def test_an_editor_drafts_a_person_and_an_event_and_a_publisher_publishes_them(
    editor_client, publisher_client, admin_form_data
):
    person_data = admin_form_data(editor_client.get(_url(Person, "add")))
    person_data.update(display_name="William Bullitt", slug="william-bullitt", birth="1891-01-25", death="1967-02-15")
    assert editor_client.post(_url(Person, "add"), person_data).status_code == 302
    bullitt = Person.objects.get(slug="william-bullitt")

    event_data = admin_form_data(editor_client.get(_url(Event, "add")))
    event_data.update(title="Bullitt presents his credentials", slug="bullitt-credentials", date="1933-12-13")
    event_data.add_row(EventPerson, person=bullitt.pk, role="ambassador")
    assert editor_client.post(_url(Event, "add"), event_data).status_code == 302
    event = Event.objects.get(slug="bullitt-credentials")
    assert (bullitt.status, event.status) == (Status.DRAFT, Status.DRAFT)
    assert event.participants.get().person == bullitt

    _bulk(editor_client, Event, "submit_for_review", [event])
    _bulk(editor_client, Person, "submit_for_review", [bullitt])
    _bulk(publisher_client, Event, "publish", [event])
    _bulk(publisher_client, Person, "publish", [bullitt])

    event.refresh_from_db()
    bullitt.refresh_from_db()
    assert event.status == bullitt.status == Status.PUBLISHED
    assert event.published_at and bullitt.published_at
    statuses = [row.status for row in event.history.order_by("history_date")]
    assert statuses[0] == Status.DRAFT and statuses[-2:] == [Status.REVIEW, Status.PUBLISHED]
