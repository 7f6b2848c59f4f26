"""CPU time a page costs this process and its PostgreSQL server process, per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python scripts/postgres_cpu.py 60 /events/
    DATABASE_PREPARED_STATEMENTS=false DATABASE_URL=… .venv/bin/python scripts/postgres_cpu.py 60 /events/

Pages are built uncached (PAGE_CACHE off) through Django's test client, as in benchmark_pages,
after eight requests that warm the process and prepare the statements. The server's CPU is read
from /proc/<pid>/stat of the connection's backend, so PostgreSQL must run on this machine. Ticks
are 10 ms: use enough requests (60 or more) for the totals to mean something.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_site.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from lib.page_cache import bump_content_version  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def backend_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def main(requests, urls):
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must name a PostgreSQL database.")
    # Values kept with remember() under the current version may come from another database that
    # shares the cache (a 10,000- and a 100,000-event bench on one Redis): start a new version.
    bump_content_version()
    with override_settings(DEBUG=False, PAGE_CACHE=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for url in urls:
            for _ in range(8):
                if client.get(url).status_code != 200:
                    sys.exit(f"{url} did not answer 200")
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            server, own, wall = backend_seconds(pid), time.process_time(), time.perf_counter()
            for _ in range(requests):
                client.get(url)
            server = (backend_seconds(pid) - server) / requests * 1000
            own = (time.process_time() - own) / requests * 1000
            wall = (time.perf_counter() - wall) / requests * 1000
            print(f"{url:<60} python {own:6.2f} ms  postgres {server:5.2f} ms  wall {wall:6.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
