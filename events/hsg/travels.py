"""travels/: the presidents, and the trips abroad of presidents and secretaries of state.

Each trip is a dated event of its own kind (Event.Kind.TRIP) linked to the traveller and the
country, outside any era: trips are not part of the narrative, and the timeline shows them only
when a reader asks (see the public timeline's filter). Presidents missing from pocom/ become people
here, each with a post per term in office.
"""

from events.hsg.base import People, checked_date, child, child_text, date_span, required, text_of
from events.hsg.pocom import PEOPLE, POSTS
from events.hsg.sync import Child, Incoming, Spec, Sync
from events.hsg.taxonomy import ensure_places
from events.models import Event, EventPerson
from lib.publishing import Status
from people.models import Position

EVENT_FIELDS = ("title", "kind", "date", "era_id", "summary", "status", "retired_notice")
PARTICIPANTS = Child(
    "participants", EventPerson, "event", ("person_id", "role", "order"), identity=("person_id", "role")
)
TRIPS = Spec(Event, "source_key", EVENT_FIELDS, "Trips", children=(PARTICIPANTS,), m2m=("places",))
ROLES = {"president": "President", "secretary": "Secretary of State"}


def run(context):
    _presidents(context)
    people = People()
    sync = Sync(context, TRIPS)
    source = context.source
    files = source.files("travels/president-travels") + source.files("travels/secretary-travels")
    for path in context.each(files, "travels"):
        sync.run(_trips(context, people, path))


def _presidents(context):
    source, report = context.source, context.report
    path = source.path("travels/presidents/presidents.xml")
    file = source.name(path)
    root = source.parse(path, "presidents")
    pocom_path = source.path("pocom/people")
    in_pocom = {item.stem for item in pocom_path.rglob("*.xml")} if pocom_path.is_dir() else set()
    people, terms = {}, []
    for element in root.iter("president"):
        identifier = required(source, path, element, "id")
        name = required(source, path, element, "name", identifier)
        terms.append((element, identifier, name))
        if identifier in in_pocom or identifier in people:
            continue  # pocom/ has this person's record (or an earlier term made it).
        forenames, _, surname = name.rpartition(" ")
        death = child(element, "death-year")
        values = {
            "display_name": name,
            "surname": surname,
            "forenames": forenames,
            "name_suffix": "",
            "birth": checked_date(report, file, element.sourceline, identifier, child_text(element, "birth-year")),
            "death": ""
            if death is None or death.get("still-alive") == "true"
            else checked_date(report, file, element.sourceline, identifier, child_text(element, "death-year")),
            "nationality": "American",
            "career_type": "",
            "residence_states": "",
            "hsg_old_ids": "",
            "status": Status.PUBLISHED,
        }
        people[identifier] = Incoming(
            key=identifier,
            values=values,
            record=name,
            slug=identifier,
            children={"alternate_names": []},
            file=file,
            line=element.sourceline,
        )
    Sync(context, PEOPLE).run(people.values())

    known = People()
    posts = []
    for element, identifier, name in terms:
        person = known.by_hsg_id.get(identifier)
        if person is None:
            report.problem(
                file, element.sourceline, identifier, f"the person “{identifier}” is not in the database: no post."
            )
            continue
        left = child(element, "left-office-date")
        end = "" if left is None or left.get("still-in-office") == "true" else child_text(element, "left-office-date")
        span = date_span(report, file, element.sourceline, name, child_text(element, "took-office-date"), end)
        start, _, end = span.partition("/")
        values = {
            "person_id": person,
            "kind": Position.Kind.PRESIDENT,
            "title": "President of the United States",
            "organization": "",
            "organization_key": "",
            "appointed": "",
            "start": start,
            "end": end,
            "note": f"{_ordinal(int(element.get('n') or 0))} President." if element.get("n") else "",
            "concurrent": "",
        }
        key = f"president-{element.get('n') or identifier}"
        posts.append(Incoming(key=key, values=values, record=f"President {name}", file=file, line=element.sourceline))
    Sync(context, POSTS).run(posts)


def _ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _trips(context, people, path):
    """The trips of one file, streamed; their countries are looked up (or added) once the file is read."""
    source, report = context.source, context.report
    file = source.name(path)
    incoming, countries = [], {}
    for element in source.records(path, "trips", "trip"):
        identifier = required(source, path, element, "id")
        key = f"trip/{identifier}"
        role = element.get("role") or child_text(element, "role")
        who = element.get("who") or ""
        name = child_text(element, "name") or who
        label = ROLES.get(role, role.capitalize())
        country = child(element, "country")
        country_id = country.get("id", "") if country is not None else ""
        country_name = text_of(country)
        if country_id:
            countries.setdefault(country_id, country_name)
        start = required(source, path, element, "start-date", key)
        date = date_span(report, file, element.sourceline, key, start, child_text(element, "end-date"))
        participants = []
        person = people.by_hsg_id.get(who)
        if person is None:
            report.problem(file, element.sourceline, key, f"refers to the person “{who}”, who is not in the database.")
        else:
            participants.append({"person_id": person, "role": label, "order": 0})
        locale, remarks = child_text(element, "locale"), child_text(element, "remarks")
        values = {
            "title": f"Trip of {label} {name} to {country_name}",
            "kind": Event.Kind.TRIP,
            "date": date,
            "era_id": None,
            "summary": f"{locale}: {remarks}" if locale and remarks else locale or remarks,
            "status": Status.PUBLISHED,
            "retired_notice": "",
        }
        item = Incoming(
            key=key,
            values=values,
            record=values["title"],
            slug=f"{name} {country_name} {start}",
            children={"participants": participants},
            file=file,
            line=element.sourceline,
        )
        item.m2m = {"places": country_id}
        incoming.append(item)
    return with_places(context, incoming, countries, file)


def with_places(context, incoming, countries, file):
    """Put each record's country (an id in ``m2m["places"]``) as a link, adding countries the taxonomy lacks."""
    places = ensure_places(context, countries, file)
    for item in incoming:
        country_id = item.m2m["places"]
        item.m2m = {"places": {places[country_id]} if country_id in places else set()}
    return incoming
