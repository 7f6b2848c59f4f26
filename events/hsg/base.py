"""What every dataset's import shares: reading the XML, the run's report, slugs, dates and people."""

import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from lxml import etree

from lib.dates import bounds
from people.models import Person, PersonName, normalize_name

IMPORTER_USERNAME = "importer"
STATIC_HOST = "https://static.history.state.gov/milestones/"
OFFICE = "the Office of the Historian"


@contextmanager
def unrecorded_queries():
    """Run without Django's record of each query's SQL, kept while DEBUG is on (the default here).

    An import sends thousands of long bulk inserts: keeping their text costs memory, and on SQLite
    rendering it asks the database to quote every parameter again (a sixth of a full import).
    """
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


class SourceError(Exception):
    """A file the import cannot read: the run stops, and the database is left as it was."""

    def __init__(self, file, line, record, message):
        self.file, self.line, self.record, self.message = file, line, record, message
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.file}, line {self.line}" if self.line else str(self.file)
        if self.record:
            where += f", {self.record}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    """What a run did, per kind of record, and the data problems it met without stopping."""

    counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    problems: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # imported before, no longer in the source (see missing.py)

    ACTIONS = ("created", "updated", "unchanged", "skipped", "missing")

    def count(self, label, action, number=1):
        self.counts[label][action] += number

    def problem(self, file, line, record, message):
        self.problems.append({"file": str(file), "line": line, "record": record or "", "message": message})

    def skip(self, label, key, record):
        self.skipped.append({"model": label, "key": key, "record": str(record)})

    def gone(self, label, key, record, folder):
        self.count(label, "missing")
        self.missing.append({"model": label, "key": key, "record": record, "file": folder})

    def stored_problems(self):
        """The problems as the import run keeps them: the data's, then the records no longer in the source."""
        gone = [
            {
                "file": item["file"],
                "line": None,
                "record": item["key"],
                "message": f"{item['model']}: “{item['record']}” is no longer in the source; left as it is.",
            }
            for item in self.missing
        ]
        return self.problems + gone

    @property
    def changed(self):
        return any(numbers["created"] or numbers["updated"] for numbers in self.counts.values())

    def as_dict(self):
        return {label: {action: numbers[action] for action in self.ACTIONS} for label, numbers in self.counts.items()}


class Source:
    """The data folder: files named relative to it, parsed with their line numbers (lxml)."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, relative):
        return self.root / relative

    def name(self, path):
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def files(self, folder, pattern="*.xml"):
        """The XML files of ``folder`` (searched recursively), in a stable order."""
        directory = self.path(folder)
        if not directory.is_dir():
            raise SourceError(self.name(directory), None, None, "is missing: this folder is needed for the import.")
        return sorted(directory.rglob(pattern))

    def parse(self, path, root_tag):
        """The root element of a whole file, checked to be ``root_tag`` (files here are small)."""
        # collect_ids=False: a repeated xml:id is a data problem to report, not a reason to refuse the file.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, collect_ids=False)
        try:
            root = etree.parse(str(path), parser).getroot()
        except etree.XMLSyntaxError as error:
            raise SourceError(
                self.name(path),
                error.lineno,
                _record_near(path, error.lineno),
                f"is not well-formed XML ({error.msg}).",
            ) from error
        except OSError as error:
            raise SourceError(self.name(path), None, None, f"cannot be read ({error}).") from error
        if local(root) != root_tag:
            raise SourceError(
                self.name(path), root.sourceline, None, f"expected <{root_tag}> as root, found <{local(root)}>."
            )
        return root

    def records(self, path, root_tag, record_tag):
        """Stream the ``record_tag`` elements of a file, each cleared once it has been read."""
        name = self.name(path)
        context = etree.iterparse(
            str(path), events=("start", "end"), resolve_entities=False, no_network=True, remove_comments=True
        )
        root = None
        try:
            for event, element in context:
                if root is None:
                    root = element
                    if local(root) != root_tag:
                        raise SourceError(
                            name, root.sourceline, None, f"expected <{root_tag}> as root, found <{local(root)}>."
                        )
                    continue
                if event == "end" and local(element) == record_tag and element.getparent() is root:
                    yield element
                    element.clear(keep_tail=True)
                    while element.getprevious() is not None:
                        del element.getparent()[0]
        except etree.XMLSyntaxError as error:
            record = _record_near(path, error.lineno)
            raise SourceError(name, error.lineno, record, f"is not well-formed XML ({error.msg}).") from error


_ID = re.compile(r'xml:id="([^"]+)"|<id>\s*([^<\s]+)\s*</id>')


def _record_near(path, line):
    """How the report names the record of a file that is not well-formed: "near “<id>”", the last id
    written on or before ``line``; None when there is none.

    A broken file cannot be parsed to find the record the error is in; ids come first in every
    record of this data, so the last one before the error names it (or the one before it).
    """
    if not line:
        return None
    found = None
    try:
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, text in enumerate(lines, start=1):
                for match in _ID.finditer(text):
                    found = match.group(1) or match.group(2)
                if number >= line:
                    break
    except OSError:
        return None
    return f"near “{found}”" if found else None


def local(element):
    return etree.QName(element).localname


def text_of(element):
    """The element's text with its children's, whitespace collapsed ("" for None)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def child(element, name):
    """The first child named ``name`` (namespace ignored), or None."""
    for item in element:
        if isinstance(item.tag, str) and local(item) == name:
            return item
    return None


def children(element, name):
    return [item for item in element if isinstance(item.tag, str) and local(item) == name]


def child_text(element, path):
    """Text of a child, or of a grandchild given as "a/b"."""
    for name in path.split("/"):
        element = child(element, name) if element is not None else None
    return text_of(element)


def required(source, path, element, name, record=None):
    """The text of a required child; a SourceError naming the file, line and record when it is missing."""
    value = child_text(element, name)
    if not value:
        raise SourceError(source.name(path), element.sourceline, record, f"has no <{name}>, which is required.")
    return value


def checked_date(report, file, line, record, value, what="date"):
    """``value`` if it is a date the archive can store, else "" and a problem in the report."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        bounds(value)
    except ValidationError:
        report.problem(file, line, record, f"unreadable {what} “{value}”: left empty.")
        return ""
    return value


def date_span(report, file, line, record, start, end):
    """EDTF for a span from ``start`` to ``end`` (either may be empty); an end before its start is reported."""
    start = checked_date(report, file, line, record, start, "start date")
    end = checked_date(report, file, line, record, end, "end date")
    if start and end:
        if start == end:
            return start
        if bounds(end)[1] < bounds(start)[0]:
            report.problem(file, line, record, f"ends ({end}) before it starts ({start}): only the start is kept.")
            return start
        return f"{start}/{end}"
    return start or end


class Slugs:
    """Unique slugs for new records of one model: existing ones are loaded once, new ones remembered."""

    def __init__(self, model, max_length=200):
        self.model, self.max_length, self._taken = model, max_length, None

    def allocate(self, text, fallback="record"):
        if self._taken is None:
            self._taken = set(self.model._default_manager.values_list("slug", flat=True))
        # slugify() drops dashes other than "-": "1921–1936" would become "19211936".
        text = text.replace("\u2013", " ").replace("\u2014", " ")
        base = slugify(text)[: self.max_length - 6].strip("-") or fallback
        slug, number = base, 1
        while slug in self._taken:
            number += 1
            slug = f"{base}-{number}"
        self._taken.add(slug)
        return slug


def importer_user():
    """The inactive user the import's history rows name (created on first use; it cannot log in)."""
    user = User.objects.filter(username=IMPORTER_USERNAME).first()
    if user is None:
        user = User(username=IMPORTER_USERNAME, first_name="Data", last_name="import", is_active=False)
        user.set_unusable_password()
        user.save()
    return user


class People:
    """The people in the database, found by Office of the Historian id or by an exact name."""

    def __init__(self):
        self.by_hsg_id = {}
        self.by_name = defaultdict(set)
        for pk, hsg_id, old_ids, name_key in Person.objects.values_list("pk", "hsg_id", "hsg_old_ids", "name_key"):
            if hsg_id:
                self.by_hsg_id[hsg_id] = pk
            for old in old_ids.split():
                self.by_hsg_id.setdefault(old, pk)
            self.by_name[name_key].add(pk)
        for person_id, name_key in PersonName.objects.values_list("person_id", "name_key"):
            self.by_name[name_key].add(person_id)
        self.slugs = None

    def named(self, name):
        """The one person with this name or alternate name (folded), or None when none or several."""
        found = self.by_name.get(normalize_name(name), ())
        return next(iter(found)) if len(found) == 1 else None

    def slug(self, pk):
        if self.slugs is None:
            self.slugs = dict(Person.objects.values_list("pk", "slug"))
        return self.slugs.get(pk)


def humanize_id(identifier):
    """A readable name from an id the data gives no name for ("two-sicilies-1861" -> "Two Sicilies")."""
    words = re.sub(r"-\d{4}$", "", identifier).split("-")
    small = {"of", "and", "the", "de", "da", "du", "la", "le"}
    return " ".join(word if (word in small and i) else word.capitalize() for i, word in enumerate(words))


@dataclass
class Context:
    """One run: where the data is, whom the history names, whether curators' edits may be overwritten."""

    source: Source
    report: Report
    user: User
    overwrite: bool = False
    progress: object = None  # progress(iterable, description, total) -> iterable
    # {model: keys} of every record the source still has: synced, or only looked up (a country made by
    # an earlier run). Records missing from it are listed at the end (missing.py); Sync also uses it
    # to report an id that two files share.
    seen: dict = field(default_factory=lambda: defaultdict(set))

    def reason(self, file):
        return f"Imported from {OFFICE}: {file}"

    def each(self, items, description):
        items = list(items)
        return self.progress(items, description, len(items)) if self.progress else items
