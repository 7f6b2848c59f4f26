"""events.synthetic: the benchmark archive is shaped like the real one and its derived fields are right."""

import pytest
from django.db import transaction

from events import synthetic
from events.models import Agreement, Event, EventSection
from lib.publishing import PUBLIC_STATUSES
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary():
    return synthetic.generate(200, seed=7)


def test_it_fills_every_kind_of_record(summary):
    assert Event.objects.count() == summary.counts["events"] == 200
    for name in ("eras", "places", "topics", "people", "agreements", "event sections", "event persons"):
        assert summary.counts[name] > 0, name
    assert Event.objects.filter(status__in=PUBLIC_STATUSES).count() > 150


def test_section_html_is_what_fill_derived_gives(summary):
    for section in EventSection.objects.order_by("?")[:20]:
        expected = EventSection(heading=section.heading, body=section.body)
        expected.fill_derived()
        assert (section.body_html, section.anchor) == (expected.body_html, expected.anchor)


def test_dates_have_bounds_and_people_take_part_while_alive(summary):
    assert not Event.objects.exclude(date="").filter(date_lower__isnull=True).exists()
    for event in Event.objects.exclude(date="").prefetch_related("people")[:50]:
        for person in event.people.all():
            assert person.birth_lower.year + 25 <= event.date_lower.year <= person.birth_lower.year + 80


def test_the_busiest_person_and_the_united_states_are_the_stress_cases(summary):
    busiest = Person.objects.get(slug=summary.busiest_person)
    assert busiest.participations.count() == max(p.participations.count() for p in Person.objects.published())
    assert Agreement.objects.exclude(parties__slug=summary.busiest_place).count() == 0


def test_the_same_seed_gives_the_same_archive():
    assert _titles(seed=3) == _titles(seed=3) != _titles(seed=4)


class _Undo(Exception):
    pass


def _titles(seed):
    try:
        with transaction.atomic():
            synthetic.generate(20, seed=seed)
            raise _Undo(list(Event.objects.order_by("pk").values_list("title", flat=True)))
    except _Undo as undo:
        return undo.args[0]
