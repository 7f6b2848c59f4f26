"""visits/: visits of foreign leaders to the United States, one file a decade.

Each visit is a dated event of its own kind (Event.Kind.VISIT) linked to the visitor's country,
outside any era (like trips, they stay off the narrative unless a reader asks for them). The
visitor is linked too when the name, exactly as written, is that of one person in the database.
"""

from events.hsg.base import People, child, child_text, date_span, required, text_of
from events.hsg.sync import Incoming, Spec, Sync
from events.hsg.travels import EVENT_FIELDS, PARTICIPANTS, with_places
from events.models import Event
from lib.publishing import Status

VISITS = Spec(Event, "source_key", EVENT_FIELDS, "Visits", children=(PARTICIPANTS,), m2m=("places",))


def run(context):
    people = People()
    sync = Sync(context, VISITS)
    for path in context.each(context.source.files("visits/data"), "visits"):
        sync.run(_visits(context, people, path))


def _visits(context, people, path):
    source, report = context.source, context.report
    file = source.name(path)
    incoming, countries = [], {}
    for element in source.records(path, "visits", "visit"):
        key = f"visit/{required(source, path, element, 'id')}"
        visitor = required(source, path, element, "visitor", key)
        country = child(element, "from")
        country_id = country.get("id", "") if country is not None else ""
        country_name = text_of(country)
        if country_id:
            countries.setdefault(country_id, country_name)
        start = required(source, path, element, "start-date", key)
        person = people.named(visitor)
        values = {
            "title": f"Visit of {visitor} ({country_name})" if country_name else f"Visit of {visitor}",
            "kind": Event.Kind.VISIT,
            "date": date_span(report, file, element.sourceline, key, start, child_text(element, "end-date")),
            "era_id": None,
            "summary": child_text(element, "description"),
            "status": Status.PUBLISHED,
            "retired_notice": "",
        }
        item = Incoming(
            key=key,
            values=values,
            record=values["title"],
            slug=f"{visitor} {start}",
            children={"participants": [{"person_id": person, "role": "visitor", "order": 0}] if person else []},
            file=file,
            line=element.sourceline,
        )
        item.m2m = {"places": country_id}
        incoming.append(item)
    return with_places(context, incoming, countries, file)
