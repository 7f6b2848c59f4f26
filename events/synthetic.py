"""A synthetic archive for benchmarks: ``generate(events=10_000)`` fills an empty database.

Shaped like the real one: eras from 1776 on; "United States" among the places of most events and a
party to most agreements; a few people (presidents, secretaries of state) in thousands of events
and most in a handful, always during their working lives; essays with long narratives, dated
occurrences with a summary and a paragraph or two. Words come from a diplomatic vocabulary, so
site search finds things. The same seed gives the same archive.

Rows are written with ``bulk_create`` in batches: no history, no search index (``manage.py
reindex`` builds it). EDTF bounds come from ``EDTFField.pre_save``, which ``bulk_create`` calls;
other derived fields from ``fill_derived()``, for sections through a pool (see ``_Paragraphs``).

Only for scratch databases: benchmark_pages chooses one; never call this on real data.
"""

import bisect
import itertools
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify

from events.models import (
    Agreement,
    Era,
    Event,
    EventPerson,
    EventRelation,
    EventSection,
    EventSource,
    Place,
    PlaceName,
    Signatory,
    Source,
    Topic,
)
from lib.publishing import Status
from people.models import Person, PersonName, Position

BATCH_SIZE = 2_000
FIRST_YEAR, LAST_YEAR = 1776, 2024

ERAS = [
    (1776, 1783, "Diplomacy and the American Revolution"),
    (1784, 1800, "The Early Republic"),
    (1801, 1829, "Jeffersonian and Monroe Diplomacy"),
    (1830, 1860, "Manifest Destiny"),
    (1861, 1865, "Civil War Diplomacy"),
    (1866, 1898, "Reconstruction and Expansion"),
    (1899, 1913, "The Open Door and the Caribbean"),
    (1914, 1920, "World War I and After"),
    (1921, 1936, "Interwar Diplomacy"),
    (1937, 1945, "The Road to World War II"),
    (1946, 1952, "The Early Cold War"),
    (1953, 1960, "Eisenhower and Containment"),
    (1961, 1968, "Kennedy, Johnson and Vietnam"),
    (1969, 1976, "Détente"),
    (1977, 1980, "Carter and Human Rights"),
    (1981, 1988, "Reagan and the End of the Cold War"),
    (1989, 2000, "After the Cold War"),
    (2001, 2024, "The Twenty-First Century"),
]
VOCABULARY = (
    "treaty recognition embassy ambassador negotiation trade debts propaganda conference summit war peace alliance "
    "neutrality sanctions tariff grain loan credit mission envoy consulate protocol pact armistice blockade embargo "
    "visit letter notes exchange agreement convention declaration ministry commissar president secretary minister "
    "delegation talks border navy fleet island harbor railway oil cotton wheat fisheries claims boundary arbitration "
    "legation charge affaires memorandum communique ratification senate congress cabinet crisis revolution "
    "independence colony territory occupation relief refugees famine loans bonds gold silver currency shipping "
    "the the the the of of of of and and and to to in in on with for by from that was were had its their after "
    "before during between against under new old first second final formal secret public private joint general "
    "minor major long short difficult lasting uneasy cordial friendly hostile"
).split()
KINDS = [kind for kind, _ in Event.Kind.choices]
# Rough shares of each kind: trips and visits are many once the Office's travel records are imported.
KIND_WEIGHTS = {"essay": 2, "trip": 9, "visit": 9, "meeting": 14, "negotiation": 10, "signing": 8, "letter": 10}
ROLES = ["negotiator", "head of state", "envoy", "intermediary", "delegate", "host", "signatory", "observer"]
POSITIONS = ["Ambassador to", "Minister to", "Consul General in", "Chargé d'Affaires in", "Envoy to"]
# Real people among the invented ones, so that benchmarks can search for names with accents and
# misspell them: (forenames, surname, year of birth, nationality, other names). Each takes the
# place of the invented person born nearest that year, so the rest of the archive is unchanged.
REAL_PEOPLE = [
    ("Maxim", "Litvinov", 1876, "Soviet", ["Maksim Litvinov", "Meir Wallach"]),
    ("Vyacheslav", "Molotov", 1890, "Soviet", ["Viacheslav Molotov"]),
    ("Joachim", "von Ribbentrop", 1893, "German", []),
    ("Édouard", "Herriot", 1872, "French", []),
    ("Aristide", "Briand", 1862, "French", []),
    ("Gustav", "Stresemann", 1878, "German", []),
    ("Kijūrō", "Shidehara", 1872, "Japanese", ["Kijuro Shidehara"]),
    ("Tomáš", "Masaryk", 1850, "Czechoslovak", ["Thomas Masaryk"]),
]


@dataclass
class Summary:
    counts: dict
    busiest_person: str
    busiest_place: str


def generate(events, *, seed=1933, progress=None):
    """Fill the (empty) database with an archive of ``events`` events; return a ``Summary``.

    ``progress(done, total)`` is called after each batch of events. One transaction: all or nothing.
    """
    with transaction.atomic():
        return _Generator(events, random.Random(seed), progress).run()


class _Paragraphs:
    """Pools of Markdown paragraphs and of headings, each passed through ``fill_derived()`` once.

    A section joins a few paragraphs: its HTML is their HTML joined the same way, which is what
    ``EventSection.fill_derived()`` returns for it (test_synthetic checks). Rendering Markdown
    costs about 2 ms a call, mostly setting the renderer up: a hundred thousand sections would
    spend minutes on it.
    """

    def __init__(self, rng, words, count):
        self.rng = rng
        self.items, self.headings = [], []
        for _ in range(count):
            section = EventSection(heading=words.words(2, 4).capitalize(), body=words.paragraph(60, 160))
            section.fill_derived()
            self.items.append((section.body, section.body_html))
            self.headings.append((section.heading, section.anchor))

    def section(self, event, order, paragraphs, headed=True):
        chosen = self.rng.sample(self.items, paragraphs)
        heading, anchor = self.rng.choice(self.headings) if headed else ("", "")
        return EventSection(
            event=event,
            order=order,
            heading=heading,
            anchor=anchor,
            body="\n\n".join(body for body, _ in chosen),
            body_html="\n".join(html for _, html in chosen),
        )


class _Words:
    def __init__(self, rng):
        self.rng = rng
        syllables = "ba be bo da de di ka ko la le li lo ma mi mo na ne no ra re ri ro sa so ta te to va ve vi za zo"
        self.syllables = syllables.split()

    def name(self, parts=(2, 3)):
        return "".join(self.rng.choices(self.syllables, k=self.rng.randint(*parts))).capitalize()

    def words(self, low, high):
        return " ".join(self.rng.choices(VOCABULARY, k=self.rng.randint(low, high)))

    def sentence(self, low=8, high=24):
        return self.words(low, high).capitalize() + "."

    def paragraph(self, low, high):
        sentences, count, target = [], 0, self.rng.randint(low, high)
        while count < target:
            sentence = self.sentence()
            if self.rng.random() < 0.2:  # some Markdown to render
                sentence = sentence.replace(" treaty ", " *treaty* ", 1).replace(" talks ", " **talks** ", 1)
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(sentences)


class _Weighted:
    """Random picks from ``items`` where a few are common and most rare (weight 1 / (rank + 20)).

    ``pick(lo, hi)`` chooses among ``items[lo:hi]`` only (people alive at an event's date).
    """

    def __init__(self, rng, items):
        self.rng, self.items = rng, items
        ranks = list(range(len(items)))
        rng.shuffle(ranks)
        self.cumulative = list(itertools.accumulate(1 / (rank + 20) for rank in ranks))

    def pick(self, lo=0, hi=None):
        hi = len(self.items) if hi is None else hi
        base = self.cumulative[lo - 1] if lo else 0.0
        point = base + self.rng.random() * (self.cumulative[hi - 1] - base)
        return self.items[min(bisect.bisect_left(self.cumulative, point, lo, hi), hi - 1)]

    def sample(self, count, lo=0, hi=None):
        return list(dict.fromkeys(self.pick(lo, hi) for _ in range(count)))


class _Generator:
    def __init__(self, events, rng, progress):
        self.total, self.rng, self.progress = events, rng, progress or (lambda done, total: None)
        self.words = _Words(rng)
        self.counts = {}

    def run(self):
        eras = self._eras()
        places = self._places()
        topics = self._topics()
        sources = self._sources()
        people = self._people()
        self.paragraphs = _Paragraphs(self.rng, self.words, count=min(1_500, 20 + self.total // 10))
        agreements = self._agreements(places, people)
        self._events(eras, places, topics, sources, people, agreements)
        busiest_person = (
            Person.objects.published()
            .annotate(events_count=Count("participations"))
            .order_by("-events_count")
            .values_list("slug", flat=True)
            .first()
        )
        return Summary(self.counts, busiest_person, places.items[0].slug)

    def _create(self, model, objects):
        created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        self.counts[model._meta.verbose_name_plural] = self.counts.get(model._meta.verbose_name_plural, 0) + len(
            created
        )
        return created

    def _date(self, year):
        """EDTF as curators write it: mostly days, some months and years, a few uncertain."""
        roll = self.rng.random()
        if roll < 0.65:
            return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        if roll < 0.88:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        if roll < 0.97:
            return str(year)
        return f"{year}~"

    def _slug(self, text, number):
        return f"{slugify(text)[:80]}-{number}"

    def _eras(self):
        eras = []
        for start, end, title in ERAS:
            era = Era(
                title=f"{start}–{end}: {title}",
                slug=self._slug(title, start),
                start_year=start,
                end_year=end,
                introduction="\n\n".join(self.words.paragraph(80, 200) for _ in range(3)),
            )
            era.fill_derived()
            eras.append(era)
        return self._create(Era, eras)

    def _places(self):
        count = max(12, min(250, self.total // 50))
        names = ["United States"] + [
            self.words.name() + self.rng.choice(["ia", "a", "land", "stan"]) for _ in range(count)
        ]
        places = [
            Place(name=name, slug=self._slug(name, i), kind=Place.Kind.COUNTRY, description=self.words.sentence())
            for i, name in enumerate(names)
        ]
        places = self._create(Place, places)
        other_names = []
        for place in places[1::3]:
            other_name = PlaceName(place=place, name=f"Republic of {place.name}", used="1920–1991")
            other_name.fill_derived()
            other_names.append(other_name)
        self._create(PlaceName, other_names)
        # The United States is items[0]: callers add it on purpose and pick the others from 1 on.
        return _Weighted(self.rng, places)

    def _topics(self):
        broad = self._create(
            Topic, [Topic(name=f"{word.capitalize()} affairs", slug=f"{word}-affairs") for word in VOCABULARY[:12]]
        )
        narrow = [
            Topic(name=f"{self.words.words(1, 2).capitalize()} {i}", slug=f"topic-{i}", parent=self.rng.choice(broad))
            for i in range(max(10, min(150, self.total // 100)))
        ]
        return _Weighted(self.rng, broad + self._create(Topic, narrow))

    def _sources(self):
        sources = [
            Source(
                slug=f"frus-{i}",
                author="Department of State",
                title=f"Foreign Relations of the United States, volume {i}",
                publisher="Government Printing Office",
                year=str(self.rng.randint(1861, 2020)),
                url=f"https://history.state.gov/historicaldocuments/frus{i}",
            )
            for i in range(max(20, self.total // 50))
        ]
        return self._create(Source, sources)

    def _people(self):
        """People sorted by birth year, so those alive at a date are a slice (``_alive``)."""
        count = max(30, self.total // 10)
        births = sorted(self.rng.randint(FIRST_YEAR - 70, LAST_YEAR - 30) for _ in range(count))
        real = self._real_people(births)
        people = []
        for i, birth in enumerate(births):
            forenames, surname = self.words.name(), self.words.name((2, 4))
            death = birth + self.rng.randint(45, 95)
            nationality = self.rng.choice(["American", "British", "French", "Soviet", "Mexican", "Japanese"])
            if i in real:
                # Chosen after the random draws above, which the rest of the archive depends on.
                forenames, surname, _, nationality, _ = real[i]
            person = Person(
                display_name=f"{forenames} {surname}",
                forenames=forenames,
                surname=surname,
                slug=self._slug(f"{forenames} {surname}", i),
                birth=str(birth),
                death=str(death) if death <= LAST_YEAR else "",
                nationality=nationality,
                biography="\n\n".join(self.words.paragraph(40, 120) for _ in range(self.rng.randint(1, 2))),
                status=Status.PUBLISHED if self.rng.random() < 0.95 else Status.DRAFT,
            )
            if i in real:
                person.status = Status.PUBLISHED  # benchmarks search for them
            person.fill_derived()
            people.append(person)
        people = self._create(Person, people)
        other_names = [self._other_name(person) for person in people if self.rng.random() < 0.3]
        for i, (*_, names) in real.items():
            other_names += [self._named(people[i], name) for name in names]
        self._create(PersonName, other_names)
        positions = []
        for person in people:
            start = int(person.birth) + 30
            for _ in range(self.rng.randint(0, 3)):
                end = start + self.rng.randint(1, 6)
                positions.append(
                    Position(
                        person=person,
                        title=f"{self.rng.choice(POSITIONS)} {self.words.name()}ia",
                        start=str(start),
                        end=str(end),
                    )
                )
                start = end
        self._create(Position, positions)
        self.births = births
        return _Weighted(self.rng, people)

    def _real_people(self, births):
        """{index in ``births``: an entry of REAL_PEOPLE}, each at the first free index born nearest."""
        chosen = {}
        for person in REAL_PEOPLE:
            i = min(bisect.bisect_left(births, person[2]), len(births) - 1)
            while i in chosen and len(chosen) < len(births):
                i = (i + 1) % len(births)
            chosen[i] = person
        return chosen

    def _other_name(self, person):
        return self._named(person, f"{person.forenames[0]}. {person.surname}")

    def _named(self, person, name):
        name = PersonName(person=person, name=name, kind="variant")
        name.fill_derived()
        return name

    def _alive(self, year):
        """The slice of people (sorted by birth) aged 25 to 80 in ``year``."""
        lo = bisect.bisect_left(self.births, year - 80)
        hi = bisect.bisect_right(self.births, year - 25)
        return (lo, hi) if hi > lo else (0, len(self.births))

    def _agreements(self, places, people):
        agreements, years = [], []
        for i in range(max(5, self.total // 20)):
            year = self.rng.randint(FIRST_YEAR, LAST_YEAR)
            title = f"Treaty of {self.words.words(1, 2).title()} {i}"
            agreement = Agreement(
                title=title,
                slug=self._slug(title, i),
                kind=self.rng.choice(Agreement.Kind.values),
                negotiated=str(year),
                signed=self._date(year),
                agreement_status=self.rng.choice(Agreement.AgreementStatus.values),
                summary=self.words.sentence(15, 35),
                body="\n\n".join(self.words.paragraph(60, 150) for _ in range(self.rng.randint(1, 3))),
                status=Status.PUBLISHED if self.rng.random() < 0.95 else Status.DRAFT,
            )
            agreement.fill_derived()
            agreements.append(agreement)
            years.append(year)
        agreements = self._create(Agreement, agreements)
        parties, signatories = [], []
        for agreement, year in zip(agreements, years, strict=True):
            # The United States and one or two others.
            others = {places.pick(1) for _ in range(self.rng.randint(1, 2))}
            for order, party in enumerate([places.items[0], *others]):
                parties.append(Agreement.parties.through(agreement=agreement, place=party))
                signatory = people.pick(*self._alive(year))
                signatories.append(Signatory(agreement=agreement, person=signatory, party=party, order=order))
        self._create(Agreement.parties.through, parties)
        self._create(Signatory, signatories)
        return agreements

    def _events(self, eras, places, topics, sources, people, agreements):
        weights = [KIND_WEIGHTS.get(kind, 5) for kind in KINDS]
        era_of_year = {year: era for era in eras for year in range(era.start_year, era.end_year + 1)}
        previous = []
        for start in range(0, self.total, BATCH_SIZE):
            batch = []
            for i in range(start, min(start + BATCH_SIZE, self.total)):
                year = self.rng.randint(FIRST_YEAR, LAST_YEAR)
                kind = self.rng.choices(KINDS, weights)[0]
                title = f"{self.words.words(2, 5).capitalize()} with {places.pick(1).name}"
                batch.append(
                    Event(
                        title=title,
                        slug=self._slug(title, i),
                        kind=kind,
                        date=self._date(year) if self.rng.random() > 0.005 else "",
                        era=era_of_year.get(year),
                        summary=self.words.sentence(20, 45),
                        status=self.rng.choices(
                            [Status.PUBLISHED, Status.DRAFT, Status.RETIRED, Status.REVIEW], [90, 5, 3, 2]
                        )[0],
                    )
                )
            batch = self._create(Event, batch)
            self._event_rows(batch, places, topics, sources, people, agreements, previous)
            previous = batch
            self.progress(min(start + BATCH_SIZE, self.total), self.total)

    def _event_rows(self, batch, places, topics, sources, people, agreements, previous):
        sections, participants, event_places, event_topics, citations, links, relations = [], [], [], [], [], [], []
        for event in batch:
            essay = event.kind == Event.Kind.ESSAY
            count = self.rng.randint(4, 7) if essay else self.rng.choice([0, 1, 1, 2])
            for order in range(count):
                paragraphs = self.rng.randint(1, 4 if essay else 2)
                sections.append(self.paragraphs.section(event, order, paragraphs, headed=essay or order > 0))
            year = event.date_lower.year if event.date_lower else 1900
            who = people.sample(self.rng.randint(0, 5 if not essay else 12), *self._alive(year))
            for order, person in enumerate(who):
                participants.append(EventPerson(event=event, person=person, role=self.rng.choice(ROLES), order=order))
            where = {places.items[0]} if self.rng.random() < 0.6 else set()
            where |= set(places.sample(self.rng.randint(1, 2), 1))
            event_places += [Event.places.through(event=event, place=place) for place in where]
            event_topics += [Event.topics.through(event=event, topic=topic) for topic in topics.sample(3)]
            for order, source in enumerate(self.rng.sample(sources, self.rng.randint(0, 3))):
                citations.append(
                    EventSource(event=event, source=source, pages=f"doc. {self.rng.randint(1, 900)}", order=order)
                )
            if event.kind == Event.Kind.SIGNING and self.rng.random() < 0.5:
                links.append(Event.agreements.through(event=event, agreement=self.rng.choice(agreements)))
            if previous and self.rng.random() < 0.15:
                other = self.rng.choice(previous)
                relations.append(EventRelation(from_event=other, to_event=event, kind=EventRelation.Kind.LED_TO))
        self._create(EventSection, sections)
        self._create(EventPerson, participants)
        self._create(Event.places.through, event_places)
        self._create(Event.topics.through, event_topics)
        self._create(EventSource, citations)
        self._create(Event.agreements.through, links)
        self._create(EventRelation, relations)
