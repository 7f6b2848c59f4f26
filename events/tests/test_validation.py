"""What the admin refuses, and how it says so: the models' checks surfaced in forms and inlines."""

import pytest
from django.urls import reverse

from conftest import make_agreement, make_event, make_person, make_place, make_topic
from events.models import Agreement, Event, EventFigure, EventPerson, Signatory, Topic
from lib.dates import ACCEPTED_FORMS
from lib.publishing import Status


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _inline_errors(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return [form.errors for form in inline.formset.forms if form.errors]
    raise AssertionError(f"no {model.__name__} inline on the page")


def _new_event(client, admin_form_data, **fields):
    data = admin_form_data(client.get(_url(Event, "add")))
    data.update(title="Recognition of the Soviet Union", slug="recognition", date="1933-11-16")
    data.update(fields)
    return data


@pytest.mark.django_db
def test_a_participant_who_died_before_the_event_is_refused_on_a_new_event(editor_client, admin_form_data):
    lenin = make_person("Vladimir Lenin", birth="1870-04-22", death="1924-01-21")
    data = _new_event(editor_client, admin_form_data)
    data.add_row(EventPerson, person=lenin.pk, role="negotiator")

    response = editor_client.post(_url(Event, "add"), data)

    assert response.status_code == 200
    [errors] = _inline_errors(response, EventPerson)
    assert errors["person"] == ["Vladimir Lenin was not alive at the date of this event (November 16, 1933)."]
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_participant_is_checked_against_the_date_entered_in_the_same_form(editor_client, admin_form_data):
    lenin = make_person("Vladimir Lenin", birth="1870-04-22", death="1924-01-21")
    event = make_event(date="1920", status=Status.DRAFT)
    change_url = _url(Event, "change", event.pk)
    data = admin_form_data(editor_client.get(change_url))
    data["date"] = "1933-11-16"  # Lenin was alive in 1920, not in 1933.
    data.add_row(EventPerson, person=lenin.pk)

    response = editor_client.post(change_url, data)

    assert response.status_code == 200
    assert _inline_errors(response, EventPerson)[0]["person"]
    assert Event.objects.get(pk=event.pk).date == "1920"


@pytest.mark.django_db
def test_a_participant_alive_at_an_uncertain_date_is_accepted(editor_client, admin_form_data):
    lenin = make_person("Vladimir Lenin", birth="1870-04-22", death="1924-01-21")
    data = _new_event(editor_client, admin_form_data, date="192X")
    data.add_row(EventPerson, person=lenin.pk)
    assert editor_client.post(_url(Event, "add"), data).status_code == 302


@pytest.mark.django_db
def test_an_invalid_date_lists_the_accepted_forms(editor_client, admin_form_data):
    data = _new_event(editor_client, admin_form_data, date="16 November 1933")
    response = editor_client.post(_url(Event, "add"), data)
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["date"]
    assert message == f"“16 November 1933” is not a date this archive understands. {ACCEPTED_FORMS}"


@pytest.mark.django_db
def test_a_duplicate_slug_is_a_form_error(editor_client, admin_form_data):
    make_event(slug="recognition")
    response = editor_client.post(_url(Event, "add"), _new_event(editor_client, admin_form_data))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == ["Event with this Slug already exists."]


@pytest.mark.django_db
def test_a_figure_needs_an_image_or_its_address(editor_client, admin_form_data):
    data = _new_event(editor_client, admin_form_data)
    data.add_row(EventFigure, alt_text="Litvinov and Roosevelt", caption="At the White House")
    response = editor_client.post(_url(Event, "add"), data)
    assert response.status_code == 200
    assert _inline_errors(response, EventFigure)[0]["__all__"] == ["Upload an image or give its address."]


def _new_agreement(client, admin_form_data, parties, **fields):
    data = admin_form_data(client.get(_url(Agreement, "add")))
    data.update(title="Roosevelt–Litvinov Agreements", slug="roosevelt-litvinov", signed="1933-11-16")
    data["parties"] = [str(party.pk) for party in parties]
    data.update(fields)
    return data


@pytest.mark.django_db
def test_a_signatory_must_sign_for_one_of_the_parties_submitted(editor_client, admin_form_data):
    usa, ussr, france = make_place("United States"), make_place("Soviet Union"), make_place("France")
    litvinov = make_person()
    data = _new_agreement(editor_client, admin_form_data, [usa, ussr])
    data.add_row(Signatory, person=litvinov.pk, party=france.pk)

    response = editor_client.post(_url(Agreement, "add"), data)

    assert response.status_code == 200
    [errors] = _inline_errors(response, Signatory)
    assert errors["party"] == [
        "France is not one of this agreement's parties: add it to the parties above, or choose another."
    ]
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_a_signatory_for_a_party_added_in_the_same_form_is_accepted(editor_client, admin_form_data):
    usa, ussr = make_place("United States"), make_place("Soviet Union")
    litvinov = make_person()
    data = _new_agreement(editor_client, admin_form_data, [usa, ussr])
    data.add_row(Signatory, person=litvinov.pk, party=ussr.pk, role="Commissar for Foreign Affairs")

    assert editor_client.post(_url(Agreement, "add"), data).status_code == 302
    assert Agreement.objects.get().signatories.get().party == ussr


@pytest.mark.django_db
def test_removing_a_party_that_has_a_signatory_is_refused(editor_client, admin_form_data):
    usa, ussr = make_place("United States"), make_place("Soviet Union")
    agreement = make_agreement(status=Status.DRAFT, parties=[usa, ussr], signatories=[(make_person(), ussr, "")])
    change_url = _url(Agreement, "change", agreement.pk)
    data = admin_form_data(editor_client.get(change_url))
    data["parties"] = [str(usa.pk)]

    response = editor_client.post(change_url, data)

    assert response.status_code == 200
    assert _inline_errors(response, Signatory)[0]["party"]
    assert set(agreement.parties.all()) == {usa, ussr}


@pytest.mark.django_db
def test_agreement_dates_out_of_order_are_refused(editor_client, admin_form_data):
    data = _new_agreement(editor_client, admin_form_data, [], negotiated="1933-11", signed="1933-10-01")
    response = editor_client.post(_url(Agreement, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["signed"] == ["Signed is before negotiated."]


@pytest.mark.django_db
def test_a_topic_cannot_sit_inside_itself(editor_client, admin_form_data):
    diplomacy = make_topic("Diplomacy")
    recognition = make_topic("Recognition", parent=diplomacy)
    change_url = _url(Topic, "change", diplomacy.pk)
    data = admin_form_data(editor_client.get(change_url))
    data["parent"] = str(recognition.pk)

    response = editor_client.post(change_url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == ["A topic cannot sit inside itself."]
