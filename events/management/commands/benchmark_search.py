"""Time the site search against the naive alternative (icontains over the same fields).

The archive is ``events.synthetic`` (the one benchmark_pages uses, with a few real names among the
invented ones), indexed as ``manage.py reindex`` would. It goes into a scratch database, never the
configured one, chosen as benchmark_pages chooses: the configured database if its name contains
"bench" (emptied first), otherwise a temporary SQLite file.

What is timed for each query is what the search page asks of the database for the first page:
``events.search.search()`` with its ranking, snippets, total, facet counts and spelling check.
"""

import os
import statistics
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Q

from events import synthetic
from events.management.commands.benchmark_pages import _scratch_database
from events.models import Event, Place
from events.search import search
from events.search_index import rebuild_index
from events.search_models import SearchEntry
from events.search_query import parse
from lib.publishing import PUBLIC_STATUSES

# icontains over 100,000 events takes seconds to minutes a query: it is repeated while under this many seconds.
NAIVE_BUDGET = 30
# (label, query); None is filled in from the data (see _rare_word).
QUERIES = [
    ("common word", "treaty"),
    ("rare word", None),
    ("phrase", '"trade agreement"'),
    ("two words", "embassy negotiation"),
    ("either word", "armistice OR blockade"),
    ("exclusion", "summit -war"),
    ("stem", "negotiating"),
    ("a name", "Litvinov"),
    ("misspelt name", "Livitnov"),
    ("misspelt name", "Ribentrop"),
    ("accented name", "Édouard Herriot"),
    ("unaccented name", "Edouard Herriot"),
]


def _rare_word():
    """The name of the place that the fewest public events mention (at least one): a rare word."""
    return (
        Place.objects.annotate(
            uses=Count("events", filter=Q(events__status__in=PUBLIC_STATUSES)),
        )
        .filter(uses__gt=0)
        .order_by("uses", "pk")
        .values_list("name", flat=True)
        .first()
    )


def _naive(text):
    """What one would write without a search engine: each word somewhere in the same fields, as the
    admin's default search does, and the first page in date order with the total."""
    events = Event.objects.published()
    for group in parse(text).groups[:1]:
        for item in group.include:
            word = " ".join(item.words)
            events = events.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(sections__body__icontains=word)
                | Q(people__display_name__icontains=word)
            )
    events = events.distinct()
    return events.count(), list(events.chronological()[:20])


class Command(BaseCommand):
    help = (
        "Fill a scratch database with a synthetic archive (see the module docstring), then print per "
        "query the median time of the search page's query and of Django icontains lookups over the same fields."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000, help="How many events to generate (default 10000).")
        parser.add_argument("--repeat", type=int, default=7, help="Runs per query; the median is shown (default 7).")
        parser.add_argument("--seed", type=int, default=1933, help="Random seed, for repeatable data.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Time the archive an earlier run left in the bench database (same --events and --seed) "
            "instead of generating it again, which takes minutes at 100000 events.",
        )

    def handle(self, *args, events, repeat, seed, reuse, verbosity=1, **options):
        if events < 1 or repeat < 1:
            raise CommandError("--events and --repeat must be at least 1.")
        self.verbosity = verbosity
        if reuse:
            self._check_reusable(events)
            self._compare(repeat)
            return
        with _scratch_database() as where:
            self.stdout.write(f"Scratch database: {where}")
            self._fill(events, seed)
            self._compare(repeat)

    def _check_reusable(self, events):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in Path(name).name.lower():
            raise CommandError(f"--reuse needs the configured database to be a bench one; {name} is not.")
        call_command("migrate", verbosity=0, interactive=False)
        found = Event.objects.count()
        if found != events or not SearchEntry.objects.filter(kind=SearchEntry.Kind.EVENT).exists():
            raise CommandError(f"{name} holds {found} events, not {events} indexed ones: run without --reuse.")
        self.stdout.write(f"Scratch database: {connection.vendor} {name}, as an earlier run left it")

    def _fill(self, events, seed):
        started = time.perf_counter()
        summary = synthetic.generate(
            events, seed=seed, progress=lambda done, total: self._progress("generated", done, total)
        )
        self.stdout.write(f"Generated {summary.counts['events']} events in {time.perf_counter() - started:.0f}s.")
        started = time.perf_counter()
        rebuild_index(progress=lambda kind, done, total: self._progress(f"indexed {kind}", done, total))
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would give the planner.
            cursor.execute("ANALYZE")
        self.stdout.write(f"Indexed in {time.perf_counter() - started:.0f}s.")

    def _progress(self, verb, done, total):
        if self.verbosity >= 2 or (self.verbosity >= 1 and done == total):
            self.stdout.write(f"  {verb} {done}/{total}")

    def _compare(self, repeat):
        load = os.getloadavg()[0]
        self.stdout.write(
            f"\nMedian of {repeat} runs ({connection.vendor}, load average {load:.1f} at the start); "
            f"icontains is run {repeat} times or until {NAIVE_BUDGET} s have passed, at least once:"
        )
        self.stdout.write(f"{'query':<36} {'hits':>7} {'search':>10} {'icontains':>10} {'runs':>5} {'ratio':>7}")
        ratios = []
        for label, text in QUERIES:
            text = text or _rare_word()
            page = search(text)  # also warms the caches
            hits = f">{page.total}" if page.more_than else str(page.total)
            fast = statistics.median(_timed(search, text, repeat))
            slow_times = _timed(_naive, text, repeat, budget=NAIVE_BUDGET)
            slow = statistics.median(slow_times)
            ratios.append(slow / fast)
            name = f"{label}: {text}"
            self.stdout.write(
                f"{name:<36} {hits:>7} {fast * 1000:>8.1f}ms {slow * 1000:>8.1f}ms {len(slow_times):>5} "
                f"{slow / fast:>6.1f}x"
            )
        self.stdout.write(
            f"Median ratio {statistics.median(ratios):.1f}x, lowest {min(ratios):.1f}x "
            f"(load average {os.getloadavg()[0]:.1f} at the end)."
        )
        self.stdout.write(
            self.style.WARNING(
                "search() also ranks, highlights, corrects names and counts facets; icontains neither ranks "
                "nor stems nor folds accents, and only handles the first OR-group and no exclusions."
            )
        )


def _timed(function, text, repeat, budget=None):
    """Seconds taken by ``repeat`` calls of ``function(text)``, fewer if they pass ``budget`` seconds."""
    times = []
    while len(times) < repeat and (budget is None or sum(times) < budget):
        started = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - started)
    return times
