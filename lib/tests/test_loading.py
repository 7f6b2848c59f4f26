"""lib.loading.QuickLoad: rows become instances as Model.__init__ would make them."""

import pytest
from django.db.models.signals import post_init

from conftest import make_era, make_event
from events.models import Event

pytestmark = pytest.mark.django_db


def test_a_loaded_record_is_as_django_would_make_it():
    era = make_era()
    made = make_event("Recognition", date="1933-11-16", era=era)
    loaded = Event.objects.get(pk=made.pk)
    assert type(loaded) is Event
    assert not loaded._state.adding and loaded._state.db == "default"
    assert loaded.get_deferred_fields() == set()
    assert (loaded.title, loaded.date, loaded.era_id, loaded.era) == ("Recognition", "1933-11-16", era.pk, era)
    assert loaded == made


def test_deferred_fields_stay_deferred_and_load_when_read(django_assert_num_queries):
    made = make_event("Recognition", date="1933-11-16", summary="The United States recognizes the Soviet Union.")
    row = Event.objects.only("title").get(pk=made.pk)
    assert "summary" in row.get_deferred_fields() and "title" not in row.get_deferred_fields()
    with django_assert_num_queries(1):
        assert row.summary == "The United States recognizes the Soviet Union."


def test_a_loaded_record_saves_as_an_update():
    made = make_event("Recognition", date="1933-11-16")
    loaded = Event.objects.get(pk=made.pk)
    loaded.title = "Recognition of the Soviet Union"
    loaded.save()
    assert Event.objects.count() == 1
    assert Event.objects.get(pk=made.pk).title == "Recognition of the Soviet Union"
    loaded.refresh_from_db()
    assert loaded.title == "Recognition of the Soviet Union"


def test_it_makes_records_through_init_when_something_listens_to_their_signals():
    made = make_event("Recognition", date="1933-11-16")
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.title)

    post_init.connect(listener, sender=Event)
    try:
        loaded = Event.objects.get(pk=made.pk)
    finally:
        post_init.disconnect(listener, sender=Event)
    assert seen == ["Recognition"] and loaded.title == "Recognition"
