"""The whole of the Office of the Historian's data (../shared/hsg beside the repository), imported twice.

Takes one to two minutes a database; skipped, with the reason, when the data is not there. The counts are those of
the commits pinned in shared/hsg/README.md.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from events.models import Era, Event, ImportRun, Place, Topic
from lib.publishing import Status
from people.models import Person, Position

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "hsg"

ESSAYS_PER_CHAPTER = {
    "1750-1775": 6,
    "1776-1783": 8,
    "1784-1800": 9,
    "1801-1829": 7,
    "1861-1865": 6,
    "1866-1898": 10,
    "1899-1913": 8,
    "1914-1920": 6,
    "1921-1936": 14,
    "1937-1945": 15,
    "1953-1960": 13,
    "1961-1968": 13,
    "1969-1976": 12,
    "1981-1988": 5,
    "1989-1992": 8,
    "1993-2000": 6,
}

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"the Office of the Historian's data is not at {DATA.resolve()}"),
]


def test_it_imports_the_whole_office_of_the_historian_data_once(client):
    out = StringIO()
    call_command("import_hsg", str(DATA), stdout=out, stderr=StringIO())

    assert "Import done" in out.getvalue()
    assert Era.objects.count() == 16
    per_chapter = {era.source_key: era.events.filter(kind=Event.Kind.ESSAY).count() for era in Era.objects.all()}
    assert per_chapter == ESSAYS_PER_CHAPTER
    assert Person.objects.count() == 4261 + 36  # pocom's people and the presidents it lacks.
    assert Position.objects.count() == 7292
    assert Event.objects.filter(kind=Event.Kind.TRIP).count() == 4271
    assert Event.objects.filter(kind=Event.Kind.VISIT).count() == 3264
    # The taxonomy's places and the 40 countries only pocom, travels or visits name; its topics.
    assert Place.objects.count() == 311 and Topic.objects.count() == 234
    essays = Event.objects.filter(kind=Event.Kind.ESSAY)
    assert essays.filter(figures__isnull=False).distinct().count() == 143
    assert essays.filter(places__isnull=False).distinct().count() == 45
    assert essays.filter(topics__isnull=False).distinct().count() == 44
    assert essays.exclude(status=Status.RETIRED).count() == 0

    # Ids that repeat across chapters are different essays with different addresses.
    haiti = Event.objects.filter(source_key__endswith="/haiti")
    assert haiti.count() == 2 and len({event.slug for event in haiti}) == 2

    ussr = Event.objects.get(source_key="1921-1936/ussr")
    assert ussr.date == "1933" and ussr.title == "Recognition of the Soviet Union"
    assert Event.objects.get(source_key="1921-1936/neutrality-acts").date == "193X"
    assert Event.objects.get(source_key="1866-1898/blaine").date == "188X/189X"
    naval = Event.objects.get(source_key="1921-1936/naval-conference")
    assert naval.participants.filter(person__hsg_id="hughes-charles-evans").exists()
    assert naval.sections.count() > 1 and naval.figures.exists()
    assert Event.objects.get(source_key="1776-1783/declaration").relations_out.exists()
    hughes = Person.objects.get(hsg_id="hughes-charles-evans")
    trip = hughes.events.filter(kind=Event.Kind.TRIP).first()
    assert trip is not None and trip.places.exists()

    for old, record in [
        ("/milestones/1921-1936/ussr", ussr),
        ("/milestones/1921-1936", Era.objects.get(source_key="1921-1936")),
        ("/departmenthistory/people/hughes-charles-evans", hughes),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, record.get_absolute_url())
    old_id = Person.objects.exclude(hsg_old_ids="").first()
    response = client.get(f"/departmenthistory/people/{old_id.hsg_old_ids.split()[0]}")
    assert response["Location"] == old_id.get_absolute_url()
    for old in ["/milestones/1921-1936/", "/milestones/1921-1936/foreword"]:
        assert client.get(old)["Location"] == ussr.era.get_absolute_url()

    essay_page = client.get(naval.get_absolute_url()).content.decode()
    assert hughes.get_absolute_url() in essay_page and "static.history.state.gov/milestones/" in essay_page
    person_page = client.get(hughes.get_absolute_url()).content.decode()
    assert trip.title in person_page and "Secretary of State" in person_page

    again = StringIO()
    call_command("import_hsg", str(DATA), stdout=again, stderr=StringIO())
    assert "Nothing changed" in again.getvalue()
    latest = ImportRun.objects.latest()
    assert latest.total("created") == latest.total("updated") == latest.total("skipped") == 0
    assert latest.total("missing") == 0  # Every record the first run made is still seen in the data.
