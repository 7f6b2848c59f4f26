"""Events and agreements: the checks clean() makes, including on records not saved yet."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_event, make_person, make_topic
from events.models import Agreement, Event, EventFigure, EventPerson, EventRelation


@pytest.mark.django_db
def test_a_participant_not_alive_at_the_event_is_refused():
    lenin = make_person("Vladimir Lenin", birth="1870-04-22", death="1924-01-21")
    event = make_event(date="1933-11-16")
    with pytest.raises(ValidationError) as error:
        EventPerson(event=event, person=lenin).full_clean()
    assert error.value.message_dict["person"] == [
        "Vladimir Lenin was not alive at the date of this event (November 16, 1933)."
    ]


@pytest.mark.django_db
def test_a_participant_of_an_unsaved_event_is_checked_against_its_date():
    lenin = make_person("Vladimir Lenin", birth="1870-04-22", death="1924-01-21")
    event = Event(title="Recognition", slug="recognition", date="1933-11-16")
    with pytest.raises(ValidationError):
        EventPerson(event=event, person=lenin).full_clean(exclude=["event"])


@pytest.mark.django_db
def test_a_participant_is_checked_against_the_date_as_changed():
    lenin = make_person("Vladimir Lenin", birth="1870-04-22", death="1924-01-21")
    event = make_event(date="1920")
    EventPerson(event=event, person=lenin).full_clean()
    event.date = "1933"
    with pytest.raises(ValidationError):
        EventPerson(event=event, person=lenin).full_clean()


@pytest.mark.django_db
def test_an_event_with_an_unreadable_date_leaves_the_error_to_the_event():
    event = Event(title="Recognition", slug="recognition", date="sometime")
    EventPerson(event=event, person=make_person()).full_clean(exclude=["event"])


@pytest.mark.django_db
def test_agreement_dates_out_of_order_are_refused_before_the_first_save():
    agreement = Agreement(title="Treaty", slug="treaty", negotiated="1933-11", signed="1933-10-01")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.message_dict["signed"] == ["Signed is before negotiated."]


@pytest.mark.django_db
def test_agreement_dates_that_may_be_in_order_pass():
    Agreement(title="Treaty", slug="treaty", negotiated="1933", signed="1933-01-01", in_force="1933~").full_clean()


@pytest.mark.django_db
def test_a_figure_needs_an_image_or_its_address():
    with pytest.raises(ValidationError):
        EventFigure(event=make_event(), alt_text="A photograph").full_clean()
    EventFigure(event=make_event(), alt_text="A photograph", image_url="https://example.org/a.jpg").full_clean()


@pytest.mark.django_db
def test_an_event_cannot_be_related_to_itself():
    event = make_event()
    with pytest.raises(ValidationError):
        EventRelation(from_event=event, to_event=event).full_clean()


@pytest.mark.django_db
def test_a_topic_cannot_sit_inside_its_own_subtopic():
    diplomacy = make_topic("Diplomacy")
    recognition = make_topic("Recognition", parent=diplomacy)
    diplomacy.parent = recognition
    with pytest.raises(ValidationError):
        diplomacy.full_clean()
