"""Each query a page runs, planned by PostgreSQL for its values and planned without them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench100k \
        .venv/bin/python scripts/postgres_plans.py /timeline/ /places/united-states-0/

With prepared statements (settings: DATABASE_PREPARED_STATEMENTS), after a statement's fifth run
PostgreSQL may keep one "generic" plan, made without the parameters' values, when its estimated
cost is no higher than that of the plans made with them. An estimate can be wrong: the timeline's
decade query had a generic plan ten times slower than its own (lib/sql.py). For each query of each
page this prints the execution time of both plans (best of three), their estimated costs, and
"WORSE" where the generic plan is at least twice as slow and a millisecond or more; "chosen" when
PostgreSQL would use it (its estimate is the lower, as plan_cache_mode=auto compares them). The
remedy is lib.sql.inline() for a value of few kinds, or a query PostgreSQL estimates better.

Pages are requested uncached (PAGE_CACHE off) through Django's test client; statements are
prepared and explained in this session only, and nothing is written.
"""

import os
import re
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from psycopg.sql import Literal  # noqa: E402

COST = re.compile(r"cost=[\d.]+\.\.([\d.]+)")
TIME = re.compile(r"Execution Time: ([\d.]+) ms")


def queries_of(client, url):
    """[(sql, params)] of one uncached request for ``url``, after two that warm the process."""
    for _ in range(2):
        if client.get(url).status_code != 200:
            sys.exit(f"{url} did not answer 200")
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url)
    return seen


def plans(sql, params):
    """{"custom": (ms, cost), "generic": (ms, cost)} of ``sql`` prepared with its parameters."""
    numbered = iter(range(1, len(params) + 1))
    statement = re.sub(r"%s", lambda _: f"${next(numbered)}", sql.replace("%%", "%"))
    results = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own: the statement is prepared by hand, not by psycopg
        raw.execute(f"PREPARE plan_check AS {statement}", prepare=False)
        try:
            # As literals, quoted by psycopg: EXECUTE's own parameters would have no type.
            values = ", ".join(Literal(_value(value)).as_string(raw.connection) for value in params)
            execute = f"EXECUTE plan_check({values})" if params else "EXECUTE plan_check"
            for mode in ("custom", "generic"):
                raw.execute(f"SET plan_cache_mode = force_{mode}_plan", prepare=False)
                runs = []
                for _ in range(3):
                    raw.execute(f"EXPLAIN (ANALYZE) {execute}", prepare=False)
                    lines = [row[0] for row in raw.fetchall()]
                    runs.append((float(TIME.search(lines[-1]).group(1)), float(COST.search(lines[0]).group(1))))
                results[mode] = min(runs)
        finally:
            raw.execute("RESET plan_cache_mode", prepare=False)
            raw.execute("DEALLOCATE plan_check", prepare=False)
    return results


def _value(value):
    # Choices (Status.PUBLISHED) as their text: EXECUTE takes the values as literals.
    return getattr(value, "value", value)


def main(urls):
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must name a PostgreSQL database.")
    worse = 0
    with override_settings(DEBUG=False, PAGE_CACHE=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for url in urls:
            print(url)
            for number, (sql, params) in enumerate(queries_of(client, url), 1):
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                found = plans(sql, params)
                (custom_ms, custom_cost), (generic_ms, generic_cost) = found["custom"], found["generic"]
                flags = []
                if generic_cost <= custom_cost:
                    flags.append("chosen")
                if generic_ms >= 2 * custom_ms and generic_ms - custom_ms >= 1:
                    flags.append("WORSE")
                    worse += "chosen" in flags
                print(
                    f"  {number:2} custom {custom_ms:7.3f} ms (cost {custom_cost:9.1f})  generic {generic_ms:7.3f} ms"
                    f" (cost {generic_cost:9.1f}) {' '.join(flags):13} {' '.join(sql.split())[:60]}"
                )
    if worse:
        print(f"{worse} generic plan(s) much slower than their own and likely chosen: see lib/sql.py.")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: scripts/postgres_plans.py URL [URL ...]")
    main(sys.argv[1:])
