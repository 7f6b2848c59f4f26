"""lib.baked: a query compiled once gives what the ORM gives, on either database."""

import datetime
from unittest import mock

import pytest
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.db.models.sql.compiler import SQLCompiler

from conftest import make_era, make_event, make_person, make_place
from events.models import Event, EventPerson, EventRelation, Place
from events.querysets import kept_eras
from lib.baked import SLUG_MARKER, Baked
from lib.sql import has_rows

pytestmark = pytest.mark.django_db


def fields_of(record):
    return {name: value for name, value in vars(record).items() if not name.startswith("_")}


def test_model_rows_are_the_orms_with_their_columns_converted():
    soviet, france = make_place("Soviet Union"), make_place("France")
    event = make_event("Recognition", date="1933-11-16")
    event.places.set([soviet, france])
    baked = Baked(lambda pk: Place.objects.filter(events=pk).order_by("name"))
    ours, orms = baked(event.pk), list(Place.objects.filter(events=event.pk).order_by("name"))
    assert [type(place) for place in ours] == [Place, Place]
    assert [fields_of(place) for place in ours] == [fields_of(place) for place in orms]
    assert not ours[0]._state.adding and ours[0]._state.db == "default"
    assert baked(make_event("Unrelated").pk) == []


def test_dates_and_booleans_come_back_as_python_values():
    # SQLite sends dates as text and EXISTS as 0 or 1: the backend's converters turn them back.
    event = make_event("Recognition", date="1933-11-16")
    baked = Baked(lambda pk: Event.objects.filter(pk=pk).annotate(has_places=has_rows(Place.events.through, "event")))
    [found] = baked(event.pk)
    assert found.date_lower == datetime.date(1933, 11, 16) and isinstance(found.date_lower, datetime.date)
    assert found.has_places is False
    event.places.add(make_place())
    assert baked(event.pk)[0].has_places is True


def test_deferred_columns_stay_deferred():
    event = make_event("Recognition", summary="The United States recognizes the Soviet Union.")
    [found] = Baked(lambda pk: Event.objects.filter(pk=pk).only("title"))(event.pk)
    assert "summary" in found.get_deferred_fields() and found.title == "Recognition"
    assert found.summary == "The United States recognizes the Soviet Union."  # loaded on first use


def test_values_list_gives_the_orms_tuples():
    event = make_event("Recognition", date="1933-11-16")
    litvinov = make_person("Maxim Litvinov")
    EventPerson.objects.create(event=event, person=litvinov, role="negotiator", order=1)
    baked = Baked(
        lambda pk: EventPerson.objects.filter(event_id=pk).values_list("role", "person__slug", "event__date_lower")
    )
    expected = list(
        EventPerson.objects.filter(event_id=event.pk).values_list("role", "person__slug", "event__date_lower")
    )
    assert baked(event.pk) == expected == [("negotiator", litvinov.slug, datetime.date(1933, 11, 16))]


def test_the_value_goes_everywhere_the_query_uses_it():
    first, second, third = make_event("First"), make_event("Second"), make_event("Third")
    EventRelation.objects.create(from_event=first, to_event=second, kind="led_to")
    EventRelation.objects.create(from_event=third, to_event=first, kind="led_to")
    EventRelation.objects.create(from_event=second, to_event=third, kind="led_to")
    baked = Baked(lambda pk: EventRelation.objects.filter(Q(from_event=pk) | Q(to_event=pk)).values_list("id"))
    assert sorted(baked(first.pk)) == sorted(
        EventRelation.objects.filter(Q(from_event=first) | Q(to_event=first)).values_list("id")
    )
    assert len(baked(first.pk)) == 2


def test_a_slug_and_constants_of_the_query():
    event = make_event("Recognition", status="published")
    make_event("Draft", status="draft", slug="draft-event")
    baked = Baked(lambda slug: Event.objects.published().filter(slug=slug)[:1], marker=SLUG_MARKER)
    assert [found.pk for found in baked(event.slug)] == [event.pk]
    assert baked("draft-event") == []  # the status filter is still in the SQL, with its own values


def test_it_compiles_once_and_runs_one_query_each_time(django_assert_num_queries):
    events = [make_event(f"Event {number}") for number in range(3)]
    baked = Baked(lambda pk: Event.objects.filter(pk=pk))
    baked(events[0].pk)
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled again")):
        with django_assert_num_queries(2):
            assert [found.title for found in baked(events[1].pk) + baked(events[2].pk)] == ["Event 1", "Event 2"]


class _Marked(ModelIterable):
    @staticmethod
    def finish(events):
        for event in events:
            event.marked = True
        return events


def test_a_model_iterable_of_the_projects_finishes_the_rows():
    event = make_event("Recognition", era=make_era())
    queryset = Event.objects.filter(pk=event.pk)
    queryset._iterable_class = _Marked
    [found] = Baked(lambda pk: queryset.filter(pk=pk))(event.pk)
    assert found.marked is True
    # As events.querysets.for_detail()'s iterable does, with the eras kept for the page.
    [detail] = Baked(lambda pk: Event.objects.for_detail().filter(pk=pk))(event.pk)
    assert detail.era == kept_eras()[event.era_id] and detail.has_sources is False


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Event.objects.filter(pk=pk).select_related("era"),
        lambda pk: Event.objects.filter(pk=pk).prefetch_related("places"),
        lambda pk: Event.objects.filter(pk=pk).values("title"),
        lambda pk: Event.objects.filter(pk=pk).values_list("title", flat=True),
        lambda pk: Event.objects.filter(pk=1).exclude(title=str(pk)),  # the value is not a filter's id
    ],
    ids=["select_related", "prefetch_related", "values", "flat", "value unused"],
)
def test_what_it_cannot_bake_is_refused_on_the_first_run(build):
    with pytest.raises(TypeError, match="baked query"):
        Baked(build)(make_event().pk)
