"""Time the public pages on a synthetic archive: uncached, cached, and beside a static file.

The data goes into a scratch database, never the configured one:

* if the configured database's name contains "bench" (``DATABASE_URL=postgres://…/archive_bench``,
  ``sqlite:////tmp/bench.sqlite3``) it is taken as scratch: migrated, emptied, filled;
* otherwise a temporary SQLite file is made, used and deleted, and the configured database is not
  even opened. So ``manage.py benchmark_pages`` alone benchmarks SQLite safely.

Pages are cached in their own namespace (prefix "archive-bench" in Redis when REDIS_URL is set, a
separate local-memory cache otherwise), so the site's cache is not touched either.
"""

import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import warnings
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from events import synthetic
from events.filters import MINOR_KINDS
from events.models import Agreement, Era, Event, Place, Topic
from lib import page_cache
from people.models import Person

HOST = "127.0.0.1"
# Each kind of request is measured in ROUNDS runs of a second and the best counts: this machine's
# speed varies by a third from minute to minute, and the best of three still caught slow minutes.
ROUNDS = 5


class Command(BaseCommand):
    help = (
        "Fill a scratch database with a synthetic archive (never the configured one: see the module "
        "docstring), then print per page type the median time and queries, uncached and cached, and "
        "requests per second beside a static file of the same size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000, help="How many events to generate (default 10000).")
        parser.add_argument("--seed", type=int, default=1933, help="Random seed, for repeatable data.")
        parser.add_argument("--repeat", type=int, default=15, help="Timed requests per page; the median is shown.")
        parser.add_argument(
            "--seconds",
            type=float,
            default=5.0,
            help=f"Seconds of load per page and kind, in {ROUNDS} runs (0 skips throughput; default 5).",
        )
        parser.add_argument("--concurrency", type=int, default=4, help="Clients at once in throughput runs.")
        parser.add_argument(
            "--keep-data",
            action="store_true",
            help=(
                "Measure the archive an earlier run left in a configured bench database, if it holds --events "
                "events, instead of emptying and filling it again (100,000 events take minutes to generate)."
            ),
        )

    def handle(self, *args, events, seed, repeat, seconds, concurrency, keep_data=False, verbosity=1, **options):
        if events < 1 or repeat < 1:
            raise CommandError("--events and --repeat must be at least 1.")
        self.verbosity = verbosity
        with _scratch_database(keep=lambda: keep_data and Event.objects.count() == events) as where:
            self._say(f"Scratch database: {where}")
            if "kept" in where:
                summary = _summary_of_kept_data()
            else:
                started = time.perf_counter()
                summary = synthetic.generate(events, seed=seed, progress=self._progress)
                self._say(f"Generated in {time.perf_counter() - started:.0f}s: " + _counts(summary.counts))
            # Planner statistics, as there should be after any bulk import: PostgreSQL's autovacuum
            # gathers them in time, SQLite never does by itself (and then picks worse plans: see
            # docs/performance.md).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            with (
                _scratch_cache(),
                override_settings(DEBUG=False, ALLOWED_HOSTS=[HOST, "testserver"]),
                warnings.catch_warnings(),
            ):
                # WhiteNoise looks for STATIC_ROOT, which only collectstatic makes.
                warnings.filterwarnings("ignore", "No directory at")
                page_cache.bump_content_version()
                pages = _pages(summary)
                rows = [self._time(label, url, repeat) for label, url in pages]
                if seconds > 0:
                    self._throughput(rows, seconds, concurrency)
            self._report(rows, events, where, seconds, concurrency)

    def _say(self, text):
        if self.verbosity >= 1:
            self.stdout.write(text)

    def _progress(self, done, total):
        step = max(1, total // 5)
        if self.verbosity >= 2 or (self.verbosity >= 1 and (done == total or done % step < synthetic.BATCH_SIZE)):
            self.stdout.write(f"  {done}/{total} events")

    def _time(self, label, url, repeat):
        """Median milliseconds and queries of ``url``, built every time and then from the cache."""
        client = Client()
        row = {"label": label, "url": url}
        with override_settings(PAGE_CACHE=False):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            row["queries"], row["bytes"], row["content"] = len(queries), len(response.content), response.content
            row["uncached"] = _median_ms(client, url, repeat)
        client.get(url)  # stores it
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        row["cached_queries"] = len(queries)
        row["cached"] = _median_ms(client, url, repeat)
        self._say(f"  {label:<28} {row['uncached']:8.1f} ms uncached {row['cached']:6.2f} ms cached")
        return row

    def _throughput(self, rows, seconds, concurrency):
        """Requests/s over HTTP of each page, uncached and cached, and of a static file of its size.

        Page by page, the three are measured in turn, in ROUNDS short runs each, and each one's best
        run counts: other work on the machine then slows the three alike instead of skewing ratios.
        """
        with tempfile.TemporaryDirectory(prefix="archive-bench-static-") as static_root:
            for number, row in enumerate(rows):
                # The page itself, served by WhiteNoise as a file: the fastest this stack answers.
                row["static_path"] = f"/bench-{number}.html"
                Path(static_root, row["static_path"][1:]).write_bytes(row["content"])
            with override_settings(WHITENOISE_ROOT=static_root), _server() as address:
                for row in rows:
                    runs = {"static_rps": [], "uncached_rps": [], "cached_rps": []}
                    for _ in range(ROUNDS):
                        runs["static_rps"].append(_load(address + row["static_path"], seconds / ROUNDS, concurrency))
                        with override_settings(PAGE_CACHE=False):
                            runs["uncached_rps"].append(_load(address + row["url"], seconds / ROUNDS, concurrency))
                        runs["cached_rps"].append(_load(address + row["url"], seconds / ROUNDS, concurrency))
                    row.update({name: max(values) for name, values in runs.items()})
                    self._say(
                        f"  {row['label']:<28} {row['static_rps']:6.0f}/s static {row['uncached_rps']:6.0f}/s uncached "
                        f"{row['cached_rps']:6.0f}/s cached"
                    )

    def _report(self, rows, events, where, seconds, concurrency):
        out = self.stdout.write
        out("")
        out(f"{events} events; {where}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
        out(f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        header = f"{'page':<28} {'KB':>5} {'queries':>7} {'uncached':>9} {'cached':>7}"
        if seconds > 0:
            header += f" {'static/s':>8} {'uncached/s':>10} {'%':>4} {'cached/s':>8} {'%':>4}"
        out(header)
        for row in rows:
            line = (
                f"{row['label']:<28} {row['bytes'] / 1024:>5.0f} {row['queries']:>7} "
                f"{row['uncached']:>7.1f}ms {row['cached']:>5.2f}ms"
            )
            if seconds > 0:
                static = row["static_rps"] or 1
                uncached, cached = 100 * row["uncached_rps"] / static, 100 * row["cached_rps"] / static
                line += f" {row['static_rps']:>8.0f} {row['uncached_rps']:>10.0f} {uncached:>3.0f}%"
                line += f" {row['cached_rps']:>8.0f} {cached:>3.0f}%"
            out(line)
        if seconds > 0:
            out(
                f"Requests/s over HTTP from {concurrency} keep-alive clients (lib/loadgen.py, its own process), "
                f"best of {ROUNDS} runs of {seconds / ROUNDS:.2g}s; static: the same bytes served by WhiteNoise "
                "from the same server."
            )
        missed = [row["label"] for row in rows if row["cached_queries"]]
        if missed:
            out(
                self.style.WARNING(
                    f"Cached pages that still ran queries: {', '.join(missed)}. The page cache is not working, "
                    "or something emptied the cache during the run."
                )
            )


def _median_ms(client, url, repeat, budget=5.0):
    """Median of up to ``repeat`` requests (at least three), stopping once ``budget`` seconds are spent."""
    times, spent = [], 0.0
    while len(times) < repeat and (len(times) < 3 or spent < budget):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
        spent += times[-1]
    return statistics.median(times) * 1000


def _pages(summary):
    """[(label, url)]: each page type, on a typical record; the busiest person and place too."""
    events = Event.objects.published().annotate(
        people_count=Count("participants", distinct=True), section_count=Count("sections", distinct=True)
    )
    typical_event = _middle(events.exclude(kind__in=MINOR_KINDS).filter(people_count__gte=2, section_count__gte=1))
    typical_event = typical_event or _middle(events)
    essay = _middle(events.filter(kind=Event.Kind.ESSAY)) or typical_event
    people = Person.objects.published()
    person = _middle(people.annotate(n=Count("participations")).filter(n__gte=3)) or _middle(people)
    place = _middle(Place.objects.annotate(n=Count("events")).filter(n__gte=3)) or _middle(Place.objects.all())
    topic = _middle(Topic.objects.filter(parent__isnull=False)) or _middle(Topic.objects.all())
    era = Era.objects.annotate(n=Count("events")).order_by("-n").first()
    return [
        ("home", "/"),
        ("timeline (1930s)", "/timeline/?decade=1930"),
        ("event list", "/events/"),
        ("event detail", typical_event.get_absolute_url()),
        ("event detail (essay)", essay.get_absolute_url()),
        ("person list", "/people/"),
        ("person detail", person.get_absolute_url()),
        ("person detail (busiest)", f"/people/{summary.busiest_person}/"),
        ("agreement list", "/agreements/"),
        ("agreement detail", _middle(Agreement.objects.published()).get_absolute_url()),
        ("era (largest)", era.get_absolute_url()),
        ("place", place.get_absolute_url()),
        ("place (United States)", f"/places/{summary.busiest_place}/"),
        ("topic", topic.get_absolute_url()),
    ]


def _middle(queryset):
    count = queryset.count()
    return queryset.order_by("pk")[count // 2] if count else None


def _counts(counts):
    return ", ".join(f"{number} {name}" for name, number in counts.items() if number)


def _summary_of_kept_data():
    """The Summary synthetic.generate() returned for the data an earlier run left."""
    people = Person.objects.published().annotate(n=Count("participations")).order_by("-n")
    places = Place.objects.annotate(n=Count("events")).order_by("-n")
    counts = {"events": Event.objects.count(), "people": Person.objects.count()}
    return synthetic.Summary(counts, people.values_list("slug", flat=True)[0], places.values_list("slug", flat=True)[0])


@contextlib.contextmanager
def _scratch_database(keep=lambda: False):
    """Yield a description of the database in use; see the module docstring for the choice.

    ``keep()`` says, once the database is migrated, whether to keep the data of a bench database.
    """
    current = connections.settings[DEFAULT_DB_ALIAS]
    name = str(current["NAME"])
    if "bench" in Path(name).name.lower():
        try:
            call_command("migrate", verbosity=0, interactive=False)
        except OperationalError as error:
            raise CommandError(
                f"Cannot open the bench database {name} ({error}). Create it first (PostgreSQL: "
                f"createdb {name}) or point DATABASE_URL at one that exists."
            ) from error
        if keep():
            yield f"{connection.vendor} {name} (data kept from an earlier run)"
            return
        call_command("flush", verbosity=0, interactive=False)
        yield f"{connection.vendor} {name} (emptied first)"
        return
    directory = tempfile.mkdtemp(prefix="archive-bench-")
    scratch = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": os.path.join(directory, "bench.sqlite3"),
                "OPTIONS": settings.SQLITE_OPTIONS,
            }
        }
    )[DEFAULT_DB_ALIAS]
    # The configured connection is set aside, not closed: a test's transaction survives it.
    saved = connections[DEFAULT_DB_ALIAS]
    connections.settings[DEFAULT_DB_ALIAS] = scratch  # threads (the HTTP server's) connect from here
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield f"temporary SQLite file ({name} was not touched)"
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = current
        connections[DEFAULT_DB_ALIAS] = saved
        # Content types are cached by id per alias: the scratch database's ids are not the real ones.
        ContentType.objects.clear_cache()
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def _scratch_cache():
    """The configured cache backend, in a namespace of its own."""
    configured = settings.CACHES["default"]
    if configured["BACKEND"].endswith("RedisCache"):
        scratch = {**configured, "KEY_PREFIX": "archive-bench"}
    else:
        scratch = {**configured, "LOCATION": "archive-bench", "OPTIONS": {"MAX_ENTRIES": 10_000}}
    with override_settings(CACHES={**settings.CACHES, "default": scratch}):
        yield


class _QuietHandler(WSGIRequestHandler):
    # Headers and body go out in separate writes: with Nagle's algorithm each response waits for
    # the client's delayed ACK (40 ms on Linux), which would cap every page alike at ~25 per second.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass  # a line per request would cost more than some pages


@contextlib.contextmanager
def _server():
    """The site on a threaded WSGI server on 127.0.0.1; yields its address."""
    application = get_wsgi_application()
    server = ThreadedWSGIServer((HOST, 0), _QuietHandler, allow_reuse_address=True)
    server.set_app(application)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _load(url, seconds, concurrency):
    """Requests per second ``url`` answers, from lib/loadgen.py in its own process."""
    with urllib.request.urlopen(url) as response:  # warm: templates compiled, the page cached
        response.read()
    result = subprocess.run(
        [sys.executable, "-m", "lib.loadgen", "--seconds", str(seconds), "--concurrency", str(concurrency), url],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    run = json.loads(result.stdout)[url]
    if run["errors"]:
        raise CommandError(f"{url}: {run['errors']} failed requests under load")
    return run["requests"] / run["seconds"]
