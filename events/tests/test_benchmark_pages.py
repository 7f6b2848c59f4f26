"""manage.py benchmark_pages: a tiny run prints the table, and only ever writes to a scratch database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connections

from events.management.commands import benchmark_pages
from events.models import Event

pytestmark = pytest.mark.django_db

PAGES = [
    "home",
    "timeline (1930s)",
    "event list",
    "event detail",
    "person list",
    "person detail",
    "agreement detail",
    "era (largest)",
    "place",
    "topic",
]


def test_it_times_every_page_type_on_a_temporary_database_and_prints_a_table():
    """The configured database (here the test database) has no "bench" in its name: left alone."""
    configured = connections["default"].settings_dict["NAME"]
    out = StringIO()
    call_command("benchmark_pages", events=30, repeat=1, seconds=0.05, concurrency=1, stdout=out)

    table = out.getvalue()
    assert "temporary SQLite file" in table and "was not touched" in table
    header = next(line for line in table.splitlines() if line.startswith("page "))
    for column in ("queries", "uncached", "cached", "static/s", "uncached/s", "cached/s"):
        assert column in header
    rows = {line[:28].strip(): line.split() for line in table.splitlines() if line[:28].strip() in PAGES}
    assert set(rows) == set(PAGES)
    assert "Cached pages that still ran queries" not in table
    # The test database is untouched and usable again.
    assert connections["default"].settings_dict["NAME"] == configured
    assert Event.objects.count() == 0


def test_it_needs_at_least_one_event():
    with pytest.raises(CommandError):
        call_command("benchmark_pages", events=0, stdout=StringIO())


def test_kept_data_gives_the_summary_the_generator_gave():
    """--keep-data measures a bench database again: it finds the same busiest person and place."""
    from events import synthetic
    from events.management.commands.benchmark_pages import _summary_of_kept_data

    generated = synthetic.generate(60, seed=1933)
    kept = _summary_of_kept_data()
    assert (kept.busiest_person, kept.busiest_place) == (generated.busiest_person, generated.busiest_place)
    assert kept.counts["events"] == Event.objects.count() == 60


def test_a_bench_database_that_cannot_be_opened_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(connections.settings["default"], "NAME", "archive_bench_missing")

    def refuse(*args, **kwargs):
        raise OperationalError('database "archive_bench_missing" does not exist')

    monkeypatch.setattr(benchmark_pages, "call_command", refuse)
    with pytest.raises(CommandError, match="createdb archive_bench_missing"):
        call_command("benchmark_pages", events=30, repeat=1, seconds=0, stdout=StringIO())
