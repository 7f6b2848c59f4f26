"""The demo fixture (fixtures/demo.json, loaded with ``manage.py loaddata demo``).

It must load on an empty database, load again without changing anything (natural keys, no pks),
hold only records that pass model validation, and a broken fixture must stop with a message that
names the record, leaving the database as it was.
"""

import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.utils.text import slugify

from events.models import (
    Agreement,
    AgreementSource,
    Era,
    Event,
    EventPerson,
    EventRelation,
    EventSection,
    EventSource,
    PersonSource,
    Place,
    PlaceName,
    Signatory,
    Source,
    Topic,
)
from lib.markup import render_markdown
from people.models import Person, PersonName, Position, normalize_name

DEMO = Path(settings.FIXTURE_DIRS[0]) / "demo.json"
ESSAY = "recognition-of-the-soviet-union-1933"
STAMP = "2025-01-01T00:00:00Z"

# In the order the fixture lists them: every model comes after the ones it refers to.
DEMO_MODELS = [
    Era,
    Place,
    PlaceName,
    Topic,
    Source,
    Person,
    PersonName,
    Position,
    PersonSource,
    Agreement,
    Signatory,
    AgreementSource,
    Event,
    EventSection,
    EventPerson,
    EventRelation,
    EventSource,
]


def _load(label="demo"):
    call_command("loaddata", label, stdout=StringIO())


def _counts():
    return {model._meta.label_lower: model.objects.count() for model in DEMO_MODELS}


def _snapshot():
    """Every column of every demo row, the plain M2M rows and the history row counts.

    ``updated_at`` is left out: it records when a row was last written, not what it says.
    """
    state = {}
    for model in DEMO_MODELS:
        rows = model.objects.order_by("pk").values()
        state[model._meta.label_lower] = [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]
        state[f"{model._meta.label_lower} history"] = model.history.count()
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                state[through._meta.label_lower] = list(through.objects.order_by("pk").values())
    return state


def _write_fixture(tmp_path, objects):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    return str(path)


def _event(slug, **fields):
    """A minimal event object as it appears in a fixture."""
    return {
        "model": "events.event",
        "fields": {
            "title": slug.replace("-", " ").capitalize(),
            "slug": slug,
            "date": "1933",
            "status": "published",
            "created_at": STAMP,
            "updated_at": STAMP,
            **fields,
        },
    }


@pytest.fixture
def demo(db):
    _load()


@pytest.mark.django_db
def test_it_loads_every_record_of_the_file_on_an_empty_database():
    assert set(_counts().values()) == {0}
    _load()

    in_file = Counter(obj["model"] for obj in json.loads(DEMO.read_text(encoding="utf-8")))
    # Equal counts mean no two records of the file share a natural key and none was dropped.
    assert _counts() == {label: in_file[label] for label in _counts()}
    assert Era.objects.count() == 3
    assert Agreement.objects.count() == 3
    assert Event.objects.published().count() == Event.objects.count() >= 15


def test_the_file_has_no_primary_keys(demo):
    assert not [obj for obj in json.loads(DEMO.read_text(encoding="utf-8")) if "pk" in obj]


def test_the_essay_has_its_five_sections_in_order(demo):
    essay = Event.objects.get(slug=ESSAY)

    assert essay.kind == Event.Kind.ESSAY
    assert essay.date == "1933-11-16"
    assert essay.era.slug == "1921-1936"
    assert [section.heading for section in essay.sections.all()] == [
        "Introduction",
        "Roosevelt Pushes for Recognition",
        "The Roosevelt–Litvinov Conversations",
        "Violence in the USSR",
        "The Molotov–Ribbentrop Pact",
    ]
    assert all(len(section.body) > 400 for section in essay.sections.all())
    assert essay.participants.filter(person__slug="maxim-litvinov").exists()
    assert set(essay.agreements.values_list("slug", flat=True)) == {
        "roosevelt-litvinov-agreements",
        "treaty-of-brest-litovsk",
        "molotov-ribbentrop-pact",
    }
    assert essay.citations.filter(source__url="https://history.state.gov/milestones/1921-1936/ussr").exists()


def test_litvinov_is_recorded_under_his_other_names(demo):
    litvinov = Person.objects.get(slug="maxim-litvinov")
    names = {name.name: name for name in litvinov.alternate_names.all()}

    assert names["Livitnov"].kind == PersonName.Kind.MISSPELLING
    assert "heading" in names["Livitnov"].note
    assert names["Maksim Litvinov"].kind == PersonName.Kind.TRANSLITERATION
    assert (names["Максим Литвинов"].kind, names["Максим Литвинов"].language) == (PersonName.Kind.SCRIPT, "ru")
    assert litvinov.positions.filter(title="People's Commissar for Foreign Affairs", start="1930-07").exists()


def test_each_agreement_has_parties_and_signatories_for_them(demo):
    for agreement in Agreement.objects.prefetch_related("parties", "signatories"):
        parties = set(agreement.parties.all())
        assert len(parties) >= 2, agreement
        assert agreement.signatories.exists(), agreement
        for signatory in agreement.signatories.all():
            assert signatory.party in parties, signatory

    pact = Agreement.objects.get(slug="molotov-ribbentrop-pact")
    assert pact.agreement_status == Agreement.AgreementStatus.BROKEN
    assert {(s.person.slug, s.party.slug) for s in pact.signatories.all()} == {
        ("vyacheslav-molotov", "soviet-union"),
        ("joachim-von-ribbentrop", "germany"),
    }


def test_every_dated_event_has_an_era_people_and_a_place_in_the_essay(demo):
    for event in Event.objects.exclude(slug=ESSAY):
        assert event.era is not None and event.summary and event.sections.exists(), event
        assert event.participants.exists() and event.places.exists(), event
        assert EventRelation.objects.filter(from_event=event, to_event__slug=ESSAY, kind="part_of").exists(), event
        assert event.era.start_year <= event.date_lower.year <= event.era.end_year, event


def test_it_loads_twice_without_changes(demo):
    before = _snapshot()
    _load()
    assert _snapshot() == before


def test_every_loaded_record_passes_full_clean(demo):
    failures = []
    for model in DEMO_MODELS:
        for obj in model.objects.all():
            try:
                obj.full_clean()
            except ValidationError as error:
                failures.append(f"{model._meta.label} {obj}: {error.message_dict}")
    assert failures == []


def test_events_come_out_in_chronological_order(demo):
    events = list(Event.objects.published().chronological())
    slugs = [event.slug for event in events]

    assert (
        slugs.index("united-states-severs-relations-with-russia-1917")
        < slugs.index("united-states-recognizes-the-soviet-union-1933")
        < slugs.index("molotov-ribbentrop-pact-1939")
        < slugs.index("german-invasion-of-the-soviet-union-1941")
    )
    assert [event.date_lower for event in events] == sorted(event.date_lower for event in events)


def test_it_fills_date_bounds_on_load(demo):
    purges = Event.objects.get(slug="great-purges-1936-1938")
    assert (purges.date_lower.isoformat(), purges.date_upper.isoformat()) == ("1936-01-01", "1938-12-31")
    assert not Event.objects.filter(date_lower__isnull=True).exists()
    assert not Agreement.objects.filter(signed_lower__isnull=True).exists()
    assert not Position.objects.filter(start_lower__isnull=True).exists()
    assert not Person.objects.exclude(birth="").filter(birth_lower__isnull=True).exists()


def test_it_fills_rendered_html_and_name_keys_on_load(demo):
    for person in Person.objects.all():
        assert person.biography_html == render_markdown(person.biography), person
        assert person.sort_name == person.compute_sort_name(), person
        assert person.name_key == normalize_name(person.display_name), person
    for name in [*PersonName.objects.all(), *PlaceName.objects.all()]:
        assert name.name_key == normalize_name(name.name), name
    for section in EventSection.objects.all():
        assert section.body_html == render_markdown(section.body), section
        assert section.anchor == (slugify(section.heading)[:100] if section.heading else ""), section
    for agreement in Agreement.objects.all():
        assert agreement.body_html == render_markdown(agreement.body), agreement
    for era in Era.objects.all():
        assert era.introduction_html == render_markdown(era.introduction), era
    assert Person.objects.by_name("Livitnov").get().slug == "maxim-litvinov"


def test_a_reference_to_a_missing_record_stops_the_load_and_changes_nothing(demo, tmp_path):
    before = _snapshot()
    broken = _write_fixture(
        tmp_path,
        [
            # A change to a demo record and a new record, both to be rolled back.
            _event(ESSAY, title="Renamed by a broken fixture", kind="essay"),
            _event("a-new-event"),
            _event("an-event-with-a-missing-topic", topics=[["no-such-topic"]]),
        ],
    )

    with pytest.raises(DeserializationError) as raised:
        _load(broken)

    message = str(raised.value)
    assert "events.event" in message and "Topic" in message and "no-such-topic" in message
    assert _snapshot() == before


def test_a_row_for_a_missing_person_stops_the_load_and_changes_nothing(demo, tmp_path):
    before = _snapshot()
    broken = _write_fixture(
        tmp_path,
        [
            _event("a-new-event"),
            {"model": "events.eventperson", "fields": {"event": ["a-new-event"], "person": ["no-such-person"]}},
        ],
    )

    with pytest.raises(DeserializationError) as raised:
        _load(broken)

    # Django cannot echo the slug here: the row's own natural key needs the person it cannot find.
    assert "EventPerson has no person" in str(raised.value)
    assert _snapshot() == before


def test_an_impossible_date_stops_the_load_and_changes_nothing(demo, tmp_path):
    before = _snapshot()
    broken = _write_fixture(tmp_path, [_event("an-event-on-a-day-that-never-was", date="1933-13-45")])

    with pytest.raises((DeserializationError, ValidationError), match="1933-13-45"):
        _load(broken)

    assert _snapshot() == before
