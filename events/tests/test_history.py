"""History in the admin: who changed what (with a diff), revert, and recovery of deleted records."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_agreement, make_event, make_person, make_place, make_source, make_topic
from events.models import Agreement, Event, EventPerson, EventSource, Place, PlaceName
from lib.publishing import Status
from people.models import Person, PersonName


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _edit_title(client, event, title, admin_form_data):
    change_url = _url(Event, "change", event.pk)
    data = admin_form_data(client.get(change_url))
    data["title"] = title
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def _delete(client, model, obj):
    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def _recover(client, model, obj_id):
    record = model.history.filter(id=obj_id, history_type="-").latest()
    return client.post(_url(model, "recover"), {"history_id": record.history_id}, follow=True)


def _messages(response):
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.django_db
def test_the_history_page_shows_who_changed_what(editor_client, admin_form_data):
    event = make_event("Recognition of the USSR", status=Status.DRAFT)
    _edit_title(editor_client, event, "Recognition of the Soviet Union", admin_form_data)

    page = editor_client.get(_url(Event, "history", event.pk))

    assert page.status_code == 200
    text = page.content.decode()
    assert "edna-editor" in text
    # simple-history's "Changes" column: the field and its old and new values.
    newest = page.context["page_obj"].object_list[0]
    assert {(c["field"], c["old"], c["new"]) for c in newest.history_delta_changes} == {
        ("Title", "Recognition of the USSR", "Recognition of the Soviet Union")
    }
    assert "<strong>Title:</strong>" in text


@pytest.mark.django_db
def test_reverting_restores_the_old_title(editor, editor_client, admin_form_data):
    event = make_event("Recognition of the USSR", status=Status.DRAFT)
    original = event.history.earliest()
    _edit_title(editor_client, event, "A mistaken title", admin_form_data)

    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, original.history_id])
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    assert b'value="Revert"' in page.content
    response = editor_client.post(revert_url, admin_form_data(page))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Recognition of the USSR"
    latest = event.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of ")


@pytest.mark.django_db
def test_reverting_keeps_the_first_publication_date(publisher_client, admin_form_data):
    event = make_event(status=Status.DRAFT)
    draft_version = event.history.earliest()
    event.set_status(Status.PUBLISHED)
    event.save()
    published_at = event.published_at

    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, draft_version.history_id])
    publisher_client.post(revert_url, admin_form_data(publisher_client.get(revert_url)))

    event.refresh_from_db()
    assert event.status == Status.DRAFT
    assert event.published_at == published_at


@pytest.mark.django_db
def test_an_editor_cannot_revert_a_draft_to_its_published_version(publisher_client, editor_client, admin_form_data):
    event = make_event("Published title", status=Status.PUBLISHED)
    published_version = event.history.earliest()
    event.title = "Draft title"
    event.set_status(Status.DRAFT)
    event.save()
    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, published_version.history_id])

    data = admin_form_data(editor_client.get(revert_url))
    assert data["status"] == Status.PUBLISHED
    response = editor_client.post(revert_url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    assert Event.objects.get(pk=event.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_a_place_is_reverted_like_any_record(editor_client, admin_form_data):
    place = make_place("Soviet Union")
    original = place.history.earliest()
    place.name = "USSR"
    place.save()
    revert_url = reverse("admin:events_place_simple_history", args=[place.pk, original.history_id])

    editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url)))

    place.refresh_from_db()
    assert place.name == "Soviet Union"
    assert place.history.latest().history_change_reason.startswith("Reverted to the version of ")


@pytest.mark.django_db
def test_a_viewer_cannot_revert(viewer_client, admin_form_data):
    event = make_event("Old title")
    original = event.history.earliest()
    event.title = "New title"
    event.save()
    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, original.history_id])

    page = viewer_client.get(revert_url)
    assert page.status_code == 200
    assert b'value="Revert"' not in page.content
    assert viewer_client.post(revert_url, admin_form_data(page)).status_code == 403
    assert Event.objects.get(pk=event.pk).title == "New title"


@pytest.mark.django_db
def test_an_editor_cannot_revert_a_live_record_to_an_old_draft(editor_client, admin_form_data):
    event = make_event("Draft title", status=Status.DRAFT)
    draft_version = event.history.earliest()
    event.title = "Published title"
    event.set_status(Status.PUBLISHED)
    event.save()
    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, draft_version.history_id])

    page = editor_client.get(revert_url)
    assert b'value="Revert"' not in page.content
    assert editor_client.post(revert_url, admin_form_data(page)).status_code == 403
    event.refresh_from_db()
    assert (event.title, event.status) == ("Published title", Status.PUBLISHED)


@pytest.mark.django_db
def test_a_deleted_event_is_recovered_with_its_slug_rows_and_links(editor, editor_client):
    person, topic, source = make_person(), make_topic(), make_source()
    event = make_event(
        "Recognition", status=Status.DRAFT, people=[(person, "negotiator")], sections=[("Talks", "Text")]
    )
    event.topics.add(topic)
    EventSource.objects.create(event=event, source=source, pages="12")
    event_id, slug = event.pk, event.slug
    _delete(editor_client, Event, event)

    listing = editor_client.get(_url(Event, "recover"))
    assert listing.status_code == 200
    [record] = listing.context["records"]
    assert (record.id, record.history_user) == (event_id, editor)
    assert b"Recognition" in listing.content and b"edna-editor" in listing.content
    # The history of the deleted event stays readable from the list.
    assert editor_client.get(_url(Event, "history", event_id)).status_code == 200

    response = _recover(editor_client, Event, event_id)

    recovered = Event.objects.get(pk=event_id)
    assert recovered.slug == slug
    assert [(p.person, p.role) for p in recovered.participants.all()] == [(person, "negotiator")]
    assert [s.heading for s in recovered.sections.all()] == ["Talks"]
    assert list(recovered.topics.all()) == [topic]
    assert recovered.citations.get().pages == "12"
    assert "Recovered “Recognition” with 3 related rows" in _messages(response)
    assert editor_client.get(_url(Event, "recover")).context["records"] == []


@pytest.mark.django_db
def test_a_recovered_row_whose_person_is_gone_is_skipped(publisher_client):
    person = make_person()
    event = make_event(people=[(person, "negotiator")], status=Status.DRAFT)
    event_id = event.pk
    _delete(publisher_client, Event, event)
    _delete(publisher_client, Person, person)

    _recover(publisher_client, Event, event_id)

    assert Event.objects.get(pk=event_id).participants.count() == 0


@pytest.mark.django_db
def test_a_participant_removed_long_before_the_deletion_stays_removed(publisher, publisher_client):
    event = make_event(people=[(make_person(), "negotiator")], status=Status.DRAFT)
    event.participants.get().delete()
    removal = EventPerson.history.get(history_type="-")
    removal.history_user = publisher
    removal.history_date -= datetime.timedelta(hours=1)
    removal.save()
    event_id = event.pk
    _delete(publisher_client, Event, event)

    _recover(publisher_client, Event, event_id)

    assert Event.objects.get(pk=event_id).participants.count() == 0


@pytest.mark.django_db
def test_a_deleted_person_comes_back_with_alternate_names(publisher_client):
    person = make_person("Maxim Litvinov", status=Status.DRAFT)
    PersonName.objects.create(person=person, name="Максим Литвинов", kind=PersonName.Kind.SCRIPT)
    person_id = person.pk
    _delete(publisher_client, Person, person)

    _recover(publisher_client, Person, person_id)

    recovered = Person.objects.get(pk=person_id)
    assert recovered.name_key == "maxim litvinov"  # Derived fields are computed again.
    assert [n.name for n in recovered.alternate_names.all()] == ["Максим Литвинов"]


@pytest.mark.django_db
def test_a_deleted_agreement_comes_back_with_its_parties(publisher_client):
    ussr, usa = make_place("Soviet Union"), make_place("United States")
    agreement = make_agreement(status=Status.DRAFT, parties=[ussr, usa], signatories=[(make_person(), ussr, "")])
    agreement_id = agreement.pk
    _delete(publisher_client, Agreement, agreement)

    _recover(publisher_client, Agreement, agreement_id)

    recovered = Agreement.objects.get(pk=agreement_id)
    assert set(recovered.parties.all()) == {ussr, usa}
    assert recovered.signatories.count() == 1


@pytest.mark.django_db
def test_a_published_record_recovered_by_an_editor_comes_back_as_a_draft(publisher_client, editor_client):
    event = make_event(status=Status.PUBLISHED)
    event_id = event.pk
    _delete(publisher_client, Event, event)

    _recover(editor_client, Event, event_id)

    recovered = Event.objects.get(pk=event_id)
    assert recovered.status == Status.DRAFT
    assert recovered.created_at == event.created_at


@pytest.mark.django_db
def test_a_record_whose_slug_was_taken_again_is_not_recovered(publisher_client):
    event = make_event(slug="recognition", status=Status.DRAFT)
    event_id = event.pk
    _delete(publisher_client, Event, event)
    make_event(slug="recognition")

    response = _recover(publisher_client, Event, event_id)

    assert "cannot be recovered: Event with this Slug already exists." in _messages(response)
    assert not Event.objects.filter(pk=event_id).exists()


@pytest.mark.django_db
def test_a_place_comes_back_with_its_other_names(editor_client):
    place = make_place("Soviet Union")
    PlaceName.objects.create(place=place, name="U.S.S.R.")
    place_id = place.pk
    _delete(editor_client, Place, place)

    _recover(editor_client, Place, place_id)

    assert [n.name for n in Place.objects.get(pk=place_id).other_names.all()] == ["U.S.S.R."]


@pytest.mark.django_db
def test_only_users_who_may_add_can_recover(viewer_client, editor_client):
    event = make_event(status=Status.DRAFT)
    event.delete()
    record = Event.history.filter(history_type="-").latest()

    assert viewer_client.get(_url(Event, "recover")).status_code == 403
    assert viewer_client.post(_url(Event, "recover"), {"history_id": record.history_id}).status_code == 403
    assert not Event.objects.exists()
    assert b"Recover deleted events" not in viewer_client.get(_url(Event, "changelist")).content
    assert b"Recover deleted events" in editor_client.get(_url(Event, "changelist")).content
