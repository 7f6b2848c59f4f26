"""Time the site search against the naive alternative (icontains over the same fields).

Writes only to a scratch database that it creates (Django's test database for the configured
backend, "test_<name>") and drops at the end; the real database is never touched.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q

from events.models import Event, EventPerson, EventSection
from events.search import search
from events.search_index import BATCH_SIZE, batched, index_records
from events.search_query import parse
from lib.publishing import Status
from people.models import Person

SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru "
SYLLABLES += "sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu"
TOPIC_WORDS = (
    "treaty recognition embassy ambassador negotiation trade debts propaganda conference summit war peace "
    "alliance neutrality sanctions tariff grain loan credit mission envoy consulate protocol pact armistice "
    "blockade embargo visit letter notes exchange agreement convention declaration ministry commissar president"
).split()
QUERIES = [
    ("common word", "treaty"),
    ("two words", "embassy negotiation"),
    ("phrase", '"trade agreement"'),
    ("either word", "armistice OR blockade"),
    ("exclusion", "summit -war"),
    ("a name", None),  # filled with a generated surname
]


def _words(rng, count):
    return " ".join(rng.choice(TOPIC_WORDS) if rng.random() < 0.3 else _pseudo_word(rng) for _ in range(count))


def _pseudo_word(rng):
    syllables = SYLLABLES.split()
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


class Command(BaseCommand):
    help = (
        "Fill a scratch database with synthetic events and people, then print the median time of "
        "events.search.search() and of Django icontains lookups over the same fields, per query."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000, help="How many events to generate (default 10000).")
        parser.add_argument("--people", type=int, default=None, help="How many people (default: events / 20).")
        parser.add_argument("--repeat", type=int, default=9, help="Runs per query; the median is shown (default 9).")
        parser.add_argument("--seed", type=int, default=1933, help="Random seed, for repeatable data.")

    def handle(self, *args, events, people, repeat, seed, verbosity=1, **options):
        if events < 1 or repeat < 1:
            raise CommandError("--events and --repeat must be at least 1.")
        people = people or max(10, events // 20)
        old_name = connection.settings_dict["NAME"]
        self.stdout.write(f"Creating a scratch {connection.vendor} database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            surname = self._fill(events, people, seed, verbosity)
            self._compare(surname, repeat)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _fill(self, events, people, seed, verbosity):
        rng = random.Random(seed)
        started = time.perf_counter()
        surnames = [_pseudo_word(rng).capitalize() for _ in range(people)]
        Person.objects.bulk_create(
            Person(
                display_name=f"{_pseudo_word(rng).capitalize()} {surname}",
                surname=surname,
                slug=f"person-{i}",
                sort_name=surname,
                name_key=surname.lower(),
                status=Status.PUBLISHED,
            )
            for i, surname in enumerate(surnames)
        )
        person_ids = list(Person.objects.values_list("pk", flat=True))
        for start in range(0, events, BATCH_SIZE):
            batch = Event.objects.bulk_create(
                Event(
                    title=_words(rng, rng.randint(4, 8)).capitalize(),
                    slug=f"event-{i}",
                    date=f"{rng.randint(1776, 2000)}-{rng.randint(1, 12):02d}",
                    summary=_words(rng, rng.randint(15, 30)).capitalize() + ".",
                    status=Status.PUBLISHED if rng.random() < 0.9 else Status.DRAFT,
                )
                for i in range(start, min(start + BATCH_SIZE, events))
            )
            EventSection.objects.bulk_create(
                EventSection(event=event, order=0, heading="", body=_words(rng, rng.randint(40, 80)) + ".")
                for event in batch
            )
            EventPerson.objects.bulk_create(
                EventPerson(event=event, person_id=person_id, role="participant", order=order)
                for event in batch
                for order, person_id in enumerate(rng.sample(person_ids, 2))
            )
            self._progress(verbosity, "generated", min(start + BATCH_SIZE, events), events, "events")
        for kind, model in (("person", Person), ("event", Event)):
            ids = list(model.objects.values_list("pk", flat=True))
            for done, batch in enumerate(batched(ids, BATCH_SIZE), start=1):
                index_records(kind, batch)
                self._progress(verbosity, "indexed", min(done * BATCH_SIZE, len(ids)), len(ids), f"{kind}s")
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would give the planner.
            cursor.execute("ANALYZE")
        self.stdout.write(f"Generated and indexed in {time.perf_counter() - started:.1f}s.")
        return rng.choice(surnames)

    def _progress(self, verbosity, verb, done, total, what):
        # Every tenth of the way (every batch with -v 2).
        step = max(1, total // 10)
        if verbosity >= 2 or (verbosity >= 1 and (done == total or done // step != (done - BATCH_SIZE) // step)):
            self.stdout.write(f"  {verb} {done}/{total} {what}")

    def _compare(self, surname, repeat):
        def naive(text):
            # What one would write without a search engine: every word somewhere in the same fields.
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

        def median_ms(function, text):
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                function(text)
                times.append(time.perf_counter() - started)
            return statistics.median(times) * 1000

        self.stdout.write(f"\nMedian of {repeat} runs ({connection.vendor}), first page of 20 with the total:")
        self.stdout.write(f"{'query':<34} {'hits':>7} {'search()':>10} {'icontains':>10} {'ratio':>7}")
        for label, text in QUERIES:
            text = text or surname
            hits = search(text).total
            fast, slow = median_ms(search, text), median_ms(naive, text)
            name = f"{label}: {text}"
            self.stdout.write(f"{name:<34} {hits:>7} {fast:>8.1f}ms {slow:>8.1f}ms {slow / fast:>6.1f}x")
        self.stdout.write(
            self.style.WARNING(
                "search() also ranks, highlights and counts facets; icontains neither ranks nor stems, "
                "and only handles the first OR-group and no exclusions."
            )
        )
