"""What a record's page reads of its relations: events.querysets.event_parts and agreement_parts,
people.models.person_names_and_positions. Each relation is one query with no ORDER BY, its rows
sorted in Python in the order of the model's Meta.ordering (lib.ordering)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_agreement, make_event, make_person, make_place, make_source, make_topic
from events.models import AgreementSource, EventFigure, EventPerson, EventSection, EventSource
from events.querysets import agreement_parts, event_parts
from lib.ordering import nulls_last
from lib.publishing import Status
from people.models import PersonName, Position, person_names_and_positions

pytestmark = pytest.mark.django_db


def read(parts_of, record):
    """The parts of ``record``, and the SQL of the queries that read them."""
    with CaptureQueriesContext(connection) as queries:
        parts = parts_of(record)
    return parts, [query["sql"] for query in queries]


def test_an_events_parts_come_in_order(recognition_with_parts):
    event, hidden = recognition_with_parts

    parts, sql = read(event_parts, event)

    assert [section.heading for section in parts.sections] == ["Background", "The talks", "Aftermath"]
    assert [figure.alt_text for figure in parts.figures] == ["First", "Second"]
    assert [place.name for place in parts.places] == ["Austria", "France", "Soviet Union"]
    assert [topic.name for topic in parts.topics] == ["Recognition", "Trade"]
    assert [(p.name, p.role) for p in parts.participants] == [
        ("Maxim Litvinov", "negotiator"),
        ("Franklin D. Roosevelt", "host"),
    ]
    assert hidden.display_name not in {p.name for p in parts.participants}
    assert [agreement.title for agreement in parts.agreements] == ["Earlier accord", "Later accord", "Undated accord"]
    assert [citation.source.title for citation in parts.citations] == ["Papers", "Memoirs"]
    assert len(sql) == len(parts) and not any("ORDER BY" in query for query in sql)


@pytest.fixture
def recognition_with_parts():
    # Each relation saved out of order, so that the tables' own order is not the one asked for.
    litvinov, roosevelt, hidden = make_person(), make_person("Franklin D. Roosevelt"), make_person("A draft person")
    hidden.status = Status.DRAFT
    hidden.save()
    event = make_event(people=[(hidden, "secret")])
    EventPerson.objects.create(event=event, person=roosevelt, role="host", order=2)
    EventPerson.objects.create(event=event, person=litvinov, role="negotiator", order=1)
    for order, heading in [(3, "Aftermath"), (1, "Background"), (2, "The talks")]:
        EventSection.objects.create(event=event, order=order, heading=heading, body="Text.")
    for order, alt in [(2, "Second"), (1, "First")]:
        EventFigure.objects.create(event=event, order=order, alt_text=alt, image_url="https://example.org/a.jpg")
    event.places.set([make_place(name) for name in ["Soviet Union", "France", "Austria"]])
    event.topics.set([make_topic("Trade"), make_topic("Recognition")])
    event.agreements.set(
        [
            make_agreement("Undated accord", signed=""),
            make_agreement("Later accord", signed="1933-11-16"),
            make_agreement("Earlier accord", signed="1921"),
            make_agreement("Draft accord", signed="1920", status=Status.DRAFT),
        ]
    )
    EventSource.objects.create(event=event, source=make_source("Memoirs"), order=2)
    EventSource.objects.create(event=event, source=make_source("Papers"), order=1)
    return event, hidden


def test_an_agreements_parts_come_in_order():
    litvinov, roosevelt = make_person(), make_person("Franklin D. Roosevelt")
    usa, ussr = make_place("United States"), make_place("Soviet Union")
    agreement = make_agreement(parties=[usa, ussr], signatories=[(roosevelt, usa, "President"), (litvinov, ussr, "")])
    for title, date in [("Pact", "1939"), ("Undated talks", ""), ("Recognition", "1933-11-16")]:
        make_event(title, date=date).agreements.add(agreement)
    make_event("Draft talks", date="1934", status=Status.DRAFT).agreements.add(agreement)
    AgreementSource.objects.create(agreement=agreement, source=make_source("Treaty series"), order=1)

    parts, sql = read(agreement_parts, agreement)

    assert [party.name for party in parts.parties] == ["Soviet Union", "United States"]
    assert [(s.person.display_name, s.party.name) for s in parts.signatories] == [
        ("Franklin D. Roosevelt", "United States"),
        ("Maxim Litvinov", "Soviet Union"),
    ]
    assert [event.title for event in parts.events] == ["Recognition", "Pact", "Undated talks"]
    assert [citation.source.title for citation in parts.citations] == ["Treaty series"]
    assert len(sql) == len(parts) and not any("ORDER BY" in query for query in sql)


def test_a_persons_names_and_positions_come_in_order():
    person = make_person()
    for name in ["Wallach", "Finkelstein"]:
        PersonName.objects.create(person=person, name=name)
    for title, start in [("Undated post", ""), ("Ambassador", "1941"), ("Commissar", "1930")]:
        Position.objects.create(person=person, title=title, start=start)

    (names, positions), sql = read(person_names_and_positions, person)

    assert [name.name for name in names] == ["Finkelstein", "Wallach"]
    assert [position.title for position in positions] == ["Commissar", "Ambassador", "Undated post"]
    assert len(sql) == 2 and not any("ORDER BY" in query for query in sql)


def test_nulls_last_puts_missing_values_after_every_value():
    dates = [None, datetime.date(1933, 11, 16), datetime.date(1917, 11, 7)]
    assert sorted(dates, key=nulls_last) == [datetime.date(1917, 11, 7), datetime.date(1933, 11, 16), None]
