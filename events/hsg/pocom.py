"""pocom/: Principal Officers and Chiefs of Mission: people and the posts they held.

People (one file each) become published Person records keyed by their Office id, with their other
names, life years, career type, states of residence and former ids. Posts become Position records
keyed by the Office's post id: chiefs of mission to a country (missions-countries/), to an
organization (missions-orgs/) and the Department's principal officers (positions-principals/).
"Other nominees" and "other appointees" (posts not taken up) are kept as nominations. A post held
concurrently with others from one residence (concurrent-appointments/) says so.
"""

import re
from itertools import chain

from events.hsg.base import (
    People,
    SourceError,
    checked_date,
    child,
    child_text,
    children,
    humanize_id,
    required,
)
from events.hsg.sync import Child, Incoming, Spec, Sync, by_key
from events.hsg.taxonomy import ensure_places
from events.models import Place
from lib.dates import bounds, readable
from lib.publishing import Status
from people.models import CareerType, Person, PersonName, Position

PEOPLE = Spec(
    Person,
    "hsg_id",
    (
        "display_name",
        "surname",
        "forenames",
        "name_suffix",
        "birth",
        "death",
        "nationality",
        "career_type",
        "residence_states",
        "hsg_old_ids",
        "status",
    ),
    "People",
    children=(Child("alternate_names", PersonName, "person", ("name", "kind", "note"), identity=("name",)),),
)
POSTS = Spec(
    Position,
    "source_key",
    (
        "person_id",
        "kind",
        "title",
        "organization",
        "organization_key",
        "appointed",
        "start",
        "end",
        "note",
        "concurrent",
    ),
    "Posts",
    slugged=False,
)
DEPARTMENT = "Department of State"
ORG_PREFIX = "organization:"
# A note like "Left post on" reads on into the date it belongs to.
_LEADS_INTO_DATE = re.compile(r"\b(on|about|by|before|after|at|in|from|until|since|soon after|shortly before)$", re.I)


def run(context):
    source = context.source
    states = _codes(source, "pocom/code-tables/us-state-codes.xml")
    _people(context, states)
    people = People()
    roles = _role_names(source)
    territories = _chief_territories(context)
    # Every country a post names exists before any text is made from country names (the same on each run).
    countries = {value for value in territories.values() if value and not value.startswith(ORG_PREFIX)}
    ensure_places(context, dict.fromkeys(countries, ""), "pocom/missions-countries")
    places = {
        key: (name, slug) for key, name, slug in by_key(Place, countries).values_list("source_key", "name", "slug")
    }
    concurrent = _concurrent(context, territories)
    # One stream of posts, written 500 at a time, rather than a few rows per file (300 files).
    posts = chain(
        _country_missions(context, people, roles, concurrent, places),
        _org_missions(context, people, concurrent),
        _principals(context, people),
    )
    Sync(context, POSTS).run(post for post in posts if post)
    return people


# Code tables ------------------------------------------------------------------------------------


def _codes(source, relative):
    path = source.path(relative)
    if not path.exists():
        return {}
    root = source.parse(path, "code-table")
    return {child_text(item, "value"): child_text(item, "label") for item in root.iter("item")}


def _role_names(source):
    names = {}
    for path in source.files("pocom/roles-country-chiefs"):
        root = source.parse(path, "role")
        names[required(source, path, root, "id")] = child_text(root, "names/singular")
    return names


# People -----------------------------------------------------------------------------------------


def _people(context, states):
    source, report = context.source, context.report
    careers = set(CareerType.values)

    def incoming():
        for path in context.each(source.files("pocom/people"), "pocom people"):
            file = source.name(path)
            root = source.parse(path, "person")
            identifier = required(source, path, root, "id")
            if identifier != path.stem:
                report.problem(file, root.sourceline, identifier, f"the id “{identifier}” differs from the file name.")
            names = child(root, "persName")
            surname, forenames = child_text(names, "surname"), child_text(names, "forename")
            suffix = child_text(names, "genName")
            if not surname and not forenames:
                raise SourceError(file, root.sourceline, identifier, "has no <persName> with a surname or forename.")
            display = " ".join(part for part in (forenames, surname) if part)
            if suffix:
                display = f"{display}, {suffix}" if suffix.rstrip(".") in ("Jr", "Sr") else f"{display} {suffix}"
            career = child_text(root, "career-type")
            if career and career not in careers:
                report.problem(file, root.sourceline, identifier, f"unknown career type “{career}”: left empty.")
                career = ""
            residence = [
                states.get(code, code.upper()) for code in (item.text or "" for item in root.iter("state-id")) if code
            ]
            old_ids = [item.text.strip() for item in root.iter("old-id") if item.text and item.text.strip()]
            alternates = []
            for item in children(names, "altname") if names is not None else []:
                name = " ".join((item.text or "").split())
                if name and name != display and name not in {row["name"] for row in alternates}:
                    alternates.append(
                        {"name": name, "kind": PersonName.Kind.VARIANT, "note": "Office of the Historian"}
                    )
            values = {
                "display_name": display,
                "surname": surname,
                "forenames": forenames,
                "name_suffix": suffix,
                "birth": checked_date(
                    report, file, root.sourceline, identifier, child_text(root, "birth"), "birth year"
                ),
                "death": checked_date(
                    report, file, root.sourceline, identifier, child_text(root, "death"), "death year"
                ),
                "nationality": "American",
                "career_type": career,
                "residence_states": ", ".join(dict.fromkeys(residence)),
                "hsg_old_ids": " ".join(old_ids),
                "status": Status.PUBLISHED,
            }
            yield Incoming(
                key=identifier,
                values=values,
                record=display,
                slug=identifier,
                children={"alternate_names": alternates},
                file=file,
                line=root.sourceline,
            )

    Sync(context, PEOPLE).run(incoming())


# Posts ------------------------------------------------------------------------------------------


def _chief_territories(context):
    """{chief id: its country's id, or ORG_PREFIX + organization} of every chief of mission (for concurrent posts)."""
    found = {}
    for path in context.source.files("pocom/missions-countries"):
        root = context.source.parse(path, "country-mission")
        territory = child_text(root, "territory-id")
        found[f"mission:{path.stem}"] = territory
        for chief in root.iter("chief"):
            found[child_text(chief, "id")] = child_text(chief, "contemporary-territory-id") or territory
    for path in context.source.files("pocom/missions-orgs"):
        root = context.source.parse(path, "org-mission")
        organization = ORG_PREFIX + _organization(child_text(root, "names/singular") or humanize_id(path.stem))
        for chief in root.iter("chief"):
            found[child_text(chief, "id")] = organization
    return found


def _organization(title):
    """ "Permanent Representative of the U.S.A. to the Organization of American States" -> the organization."""
    return re.split(r"\bto (?:the )?", title, maxsplit=1)[-1] if " to " in title else title


def _concurrent(context, territories):
    """{chief id: "Also accredited to …; resident at …."} from concurrent-appointments/."""
    source, report = context.source, context.report
    groups = []
    for path in source.files("pocom/concurrent-appointments"):
        root = source.parse(path, "concurrent-appointments")
        identifier = required(source, path, root, "id")
        chiefs = [item.text.strip() for item in children(root, "chief-id") if item.text and item.text.strip()]
        for chief in chiefs:
            if chief not in territories:
                report.problem(
                    source.name(path), root.sourceline, identifier, f"names the post “{chief}”, which does not exist."
                )
        resident = child(root, "resident-at")
        groups.append(
            (
                [chief for chief in chiefs if chief in territories],
                child_text(resident, "contemporary-territory-id"),
                child_text(resident, "locale-id"),
            )
        )
    place_ids = {
        territory for chiefs, resident, _ in groups for territory in [resident, *(territories[c] for c in chiefs)]
    }
    place_ids = {territory for territory in place_ids if territory and not territory.startswith(ORG_PREFIX)}
    ensure_places(context, dict.fromkeys(place_ids, ""), "pocom/concurrent-appointments")
    names = dict(by_key(Place, place_ids).values_list("source_key", "name"))
    text = {}
    for chiefs, resident, locale in groups:
        for chief in chiefs:
            others = [
                territories[other] for other in chiefs if other != chief and territories[other] != territories[chief]
            ]
            others = list(dict.fromkeys(_name(names, other) for other in others))
            if not others:
                continue
            sentence = f"Also accredited to {_and(others)}"
            where = ", ".join(part for part in (humanize_id(locale) if locale else "", names.get(resident, "")) if part)
            text[chief] = f"{sentence}; resident at {where}." if where else f"{sentence}."
    return text


def _name(names, territory):
    if territory.startswith(ORG_PREFIX):
        return territory[len(ORG_PREFIX) :]
    return names.get(territory, humanize_id(territory))


def _and(items):
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _note(event, what):
    """A dated step's note joined with its date: "Left post on" + 1936-03-16 -> "Left post on March 16, 1936."."""
    note, date = child_text(event, "note"), child_text(event, "date")
    if not note:
        return f"Arrived at post {readable(date)}." if what == "arrived" and date else ""
    if date:
        joiner = " " if _LEADS_INTO_DATE.search(note) else ", "
        note = f"{note}{joiner}{readable(date)}"
    return note if note.endswith((".", "?", "!")) else f"{note}."


def _post(context, path, element, people, *, kind, title, organization, organization_key="", concurrent=None):
    """An Incoming post from a <chief> or <principal>, or None (reported) when its person is missing."""
    source, report = context.source, context.report
    file, line = source.name(path), element.sourceline
    identifier = required(source, path, element, "id")
    person_key = required(source, path, element, "person-id", identifier)
    person = people.by_hsg_id.get(person_key)
    if person is None:
        report.problem(
            file, line, identifier, f"refers to the person “{person_key}”, who is not in pocom/people: skipped."
        )
        return None
    dates = {}
    for name, step in (("appointed", "appointed"), ("start", "started"), ("end", "ended")):
        dates[name] = checked_date(report, file, line, identifier, child_text(element, f"{step}/date"), f"{step} date")
    if dates["start"] and dates["end"] and bounds(dates["end"])[1] < bounds(dates["start"])[0]:
        report.problem(
            file, line, identifier, f"ends ({dates['end']}) before it starts ({dates['start']}): end left empty."
        )
        dates["end"] = ""
    notes = [
        _note(child(element, step), step)
        for step in ("appointed", "arrived", "started", "ended")
        if child(element, step) is not None
    ]
    notes.append(child_text(element, "note"))
    values = {
        "person_id": person,
        "kind": kind,
        "title": title,
        "organization": organization,
        "organization_key": organization_key,
        **dates,
        "note": " ".join(note for note in notes if note),
        "concurrent": (concurrent or {}).get(identifier, ""),
    }
    return Incoming(key=identifier, values=values, record=f"{title} ({person_key})", file=file, line=line)


def _country_missions(context, people, roles, concurrent, places):
    source, report = context.source, context.report
    for path in context.each(source.files("pocom/missions-countries"), "pocom missions"):
        root = source.parse(path, "country-mission")
        territory = required(source, path, root, "territory-id")
        file = source.name(path)
        chiefs = [(chief, Position.Kind.CHIEF_OF_MISSION) for chief in _under(root, "chiefs", "chief")]
        chiefs += [(chief, Position.Kind.NOMINATION) for chief in _under(root, "other-nominees", "chief")]
        for chief, kind in chiefs:
            role = child_text(chief, "role-title-id")
            if role and role not in roles:
                report.problem(file, chief.sourceline, child_text(chief, "id"), f"unknown role “{role}”.")
            name, slug = places[child_text(chief, "contemporary-territory-id") or territory]
            title = roles.get(role) or humanize_id(role or "chief-of-mission")
            yield _post(
                context,
                path,
                chief,
                people,
                kind=kind,
                title=title,
                organization=name,
                organization_key=slug,
                concurrent=concurrent,
            )


def _under(root, group, tag):
    container = child(root, group)
    return children(container, tag) if container is not None else []


def _org_missions(context, people, concurrent):
    source = context.source
    for path in context.each(source.files("pocom/missions-orgs"), "pocom organizations"):
        root = source.parse(path, "org-mission")
        title = child_text(root, "names/singular") or humanize_id(required(source, path, root, "id"))
        organization = _organization(title)
        chiefs = [(chief, Position.Kind.REPRESENTATIVE) for chief in _under(root, "chiefs", "chief")]
        chiefs += [(chief, Position.Kind.NOMINATION) for chief in _under(root, "other-appointees", "chief")]
        for chief, kind in chiefs:
            yield _post(
                context, path, chief, people, kind=kind, title=title, organization=organization, concurrent=concurrent
            )


def _principals(context, people):
    source = context.source
    for path in context.each(source.files("pocom/positions-principals"), "pocom principal officers"):
        root = source.parse(path, "principal-position")
        title = child_text(root, "names/singular") or humanize_id(required(source, path, root, "id"))
        posts = [(item, Position.Kind.PRINCIPAL_OFFICER) for item in _under(root, "principals", "principal")]
        posts += [(item, Position.Kind.NOMINATION) for item in _under(root, "other-appointees", "principal")]
        for item, kind in posts:
            yield _post(context, path, item, people, kind=kind, title=title, organization=DEPARTMENT)
