"""manage.py benchmark_search: a tiny run prints one row per query, on a scratch database only."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from events.management.commands.benchmark_search import QUERIES
from events.models import Event

pytestmark = pytest.mark.django_db


def test_it_times_every_query_on_a_temporary_database_and_prints_a_table():
    configured = connections["default"].settings_dict["NAME"]
    out = StringIO()
    call_command("benchmark_search", events=60, repeat=1, stdout=out)

    table = out.getvalue()
    assert "temporary SQLite file" in table and "was not touched" in table
    rows = [line for line in table.splitlines() if line.endswith("x") and ":" in line[:36]]
    assert [row[:36].split(":")[0] for row in rows] == [label for label, _ in QUERIES]
    # The real names are in the synthetic archive, accents and all: each finds its person.
    found = {row[:36].split(": ", 1)[1].strip(): int(row[36:44].strip().lstrip(">")) for row in rows}
    for name in ("Litvinov", "Livitnov", "Ribentrop", "Édouard Herriot", "Edouard Herriot"):
        assert found[name] >= 1, name
    assert "Median ratio" in table
    assert connections["default"].settings_dict["NAME"] == configured
    assert Event.objects.count() == 0


def test_reuse_refuses_a_database_that_is_not_a_bench_one():
    with pytest.raises(CommandError, match="bench"):
        call_command("benchmark_search", events=10, reuse=True, stdout=StringIO())
