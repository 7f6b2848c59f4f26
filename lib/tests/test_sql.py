"""lib.sql.inline: integers and dates written into a query's SQL, nothing else."""

import datetime

import pytest

from conftest import make_event
from events.models import Event
from lib.sql import inline

pytestmark = pytest.mark.django_db


def test_a_date_and_an_integer_are_written_into_the_sql():
    day = datetime.date(1933, 11, 16)
    sql, params = Event.objects.filter(date_lower__gte=inline(day), id__gte=inline(7)).query.sql_with_params()
    assert "'1933-11-16'" in sql and "(7)" in sql
    assert params == ()


def test_an_inlined_date_compares_as_a_date_on_either_database():
    make_event("Letter to Kalinin", date="1933-10-10")
    make_event("Recognition", date="1933-11-16")
    make_event("Pact", date="1939-08-23")
    found = Event.objects.filter(
        date_lower__gte=inline(datetime.date(1933, 11, 16)), date_lower__lte=inline(datetime.date(1939, 1, 1))
    )
    assert [event.title for event in found] == ["Recognition"]


@pytest.mark.parametrize("value", ["1933", "1 OR 1=1", 1.5, True, None, datetime.datetime(1933, 11, 16, 12, 0), b"7"])
def test_it_refuses_anything_but_an_integer_or_a_date(value):
    with pytest.raises(TypeError, match="integer or a date"):
        inline(value)
