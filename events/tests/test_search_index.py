"""The search index follows the records: saves, deletes, the workflow, related names; reindex; checks."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import make_agreement, make_era, make_event, make_person, make_place, make_topic
from events import search_index
from events.checks import check_search_index, missing_search_objects
from events.models import EventPerson, EventSection, PlaceName, Signatory
from events.search import search
from events.search_models import SearchEntry, SearchName
from lib.publishing import Status
from people.models import PersonName, Position

pytestmark = pytest.mark.django_db


def titles(text, **options):
    return [hit.title for hit in search(text, **options).hits]


def test_a_new_record_is_found_once_committed(indexing):
    make_event("Zeppelin before commit")
    assert titles("zeppelin") == []
    with indexing():
        make_event("Zeppelin after commit")
    assert sorted(titles("zeppelin")) == ["Zeppelin after commit", "Zeppelin before commit"]


def test_an_edit_replaces_the_old_text(indexing):
    with indexing():
        event = make_event("Zeppelin visit", summary="An airship.")
    with indexing():
        event.title, event.summary = "Balloon visit", "A balloon."
        event.save()
    assert titles("zeppelin") == []
    assert titles("balloon") == ["Balloon visit"]
    assert SearchEntry.objects.filter(kind="event", object_id=event.pk).count() == 1


def test_a_deleted_record_leaves_the_index(indexing):
    with indexing():
        event = make_event("Zeppelin visit")
        agreement = make_agreement("Zeppelin accord")
        person = make_person("Zeppelin Count")
    with indexing():
        event.delete()
        agreement.delete()
        person.delete()
    assert titles("zeppelin") == []
    assert not SearchEntry.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        (Status.DRAFT, Status.PUBLISHED, True),
        (Status.REVIEW, Status.PUBLISHED, True),
        (Status.PUBLISHED, Status.DRAFT, False),
        (Status.PUBLISHED, Status.RETIRED, True),
        (Status.RETIRED, Status.REVIEW, False),
    ],
)
def test_publishing_unpublishing_and_retiring_change_what_is_found(indexing, start, end, found):
    with indexing():
        event = make_event("Zeppelin visit", status=start)
        person = make_person("Zeppelin Count", status=start)
    with indexing():
        for record in (event, person):
            record.set_status(end)
            record.save()
    assert sorted(titles("zeppelin")) == (["Zeppelin Count", "Zeppelin visit"] if found else [])


def test_renaming_a_person_reindexes_their_events_and_agreements(indexing):
    with indexing():
        person = make_person("Ivan Oldname")
        place = make_place("Freedonia")
        make_event("The conference", people=[(person, "delegate")])
        make_agreement("The accord", signatories=[(person, place, "signatory")])
    assert sorted(titles("Oldname")) == ["Ivan Oldname", "The accord", "The conference"]
    with indexing():
        person.display_name = "Ivan Newname"
        person.save()
    assert titles("Oldname") == []
    assert sorted(titles("Newname")) == ["Ivan Newname", "The accord", "The conference"]


def test_unpublishing_a_person_removes_their_name_from_public_events(indexing):
    with indexing():
        person = make_person("Ivan Hiddenov")
        make_event("The conference", people=[(person, "delegate")])
    with indexing():
        person.set_status(Status.DRAFT)
        person.save()
    assert titles("Hiddenov") == []


def test_alternate_names_and_participants_follow_their_rows(indexing):
    with indexing():
        person = make_person("Maxim Litvinov")
        event = make_event("The conversations")
    with indexing():
        EventPerson.objects.create(event=event, person=person, role="negotiator")
        name = PersonName.objects.create(person=person, name="Meir Wallach")
    assert sorted(titles("Wallach")) == ["Maxim Litvinov", "The conversations"]
    with indexing():
        name.delete()
        EventPerson.objects.filter(event=event).delete()
    assert titles("Wallach") == []
    assert titles("Litvinov") == ["Maxim Litvinov"]


def test_places_and_their_other_names_follow_links_and_renames(indexing):
    with indexing():
        place = make_place("Soviet Union")
        event = make_event("Recognition")
        agreement = make_agreement("Accord")
    with indexing():
        event.places.add(place)
        agreement.parties.add(place)
        PlaceName.objects.create(place=place, name="U.S.S.R.")
    assert sorted(titles("USSR")) == ["Accord", "Recognition", "Soviet Union"]
    with indexing():
        place.name = "Union of Soviet Socialist Republics"
        place.save()
    assert titles('"Soviet Union"') == []
    with indexing():
        place.events.remove(event)
        agreement.parties.clear()
    assert titles("USSR") == ["Union of Soviet Socialist Republics"]


def test_sections_positions_and_signatories_are_indexed(indexing):
    with indexing():
        person = make_person("Ivan Delegate")
        event = make_event("The conference")
        agreement = make_agreement("The accord")
    with indexing():
        EventSection.objects.create(event=event, heading="Aftermath", body="A *zeppelin* flew over.")
        Position.objects.create(person=person, title="Commissar for Zeppelins", organization="Freedonia")
        Signatory.objects.create(agreement=agreement, person=person, party=make_place("Freedonia"), role="")
    assert sorted(titles("zeppelin")) == ["Ivan Delegate", "The conference"]
    assert sorted(titles("Delegate")) == ["Ivan Delegate", "The accord"]


def test_deleting_a_topic_or_era_updates_the_facets_of_its_events(indexing):
    with indexing():
        topic, era = make_topic("Airships"), make_era("Interwar")
        event = make_event("Zeppelin visit", era=era)
        event.topics.add(topic)
    facets = search("zeppelin").facets
    assert [value.label for value in facets["topic"]] == ["Airships"]
    with indexing():
        topic.delete()
        era.delete()
    facets = search("zeppelin").facets
    assert "topic" not in facets and "era" not in facets
    assert [value.label for value in search("").facets["type"]] == ["Event"]


def test_nothing_is_queued_while_indexing_is_paused(indexing):
    with indexing(), search_index.paused():
        make_event("Zeppelin visit")
    assert titles("zeppelin") == []
    with indexing():
        make_event("Zeppelin crash")
    assert titles("zeppelin") == ["Zeppelin crash"]


def test_loaddata_indexes_the_demo_data(indexing):
    with indexing():
        call_command("loaddata", "demo", verbosity=0)
    page = search("Litvinov")
    assert page.total > 3
    assert "Maxim Litvinov" in [hit.title for hit in page.hits]


def test_reindex_rebuilds_everything_from_the_records(indexing):
    make_event("Zeppelin visit")  # never committed, so never indexed
    make_person("Ivan Draftov", status=Status.DRAFT)
    SearchName.objects.create(word="stalewordx")
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Search index rebuilt: 1 event, 0 agreement, 1 person, 0 place, 0 topic." in out.getvalue()
    assert titles("zeppelin") == ["Zeppelin visit"]
    assert set(SearchName.objects.values_list("word", flat=True)) == {"zeppelin", "visit"}


def test_reindex_dry_run_changes_nothing(db):
    make_event("Zeppelin visit")
    out = StringIO()
    call_command("reindex", "--dry-run", stdout=out)
    assert "1 event records to index" in out.getvalue()
    assert not SearchEntry.objects.exists()


def test_the_full_text_index_exists_after_migrating(db):
    assert missing_search_objects(connection) == set()
    assert check_search_index(databases=["default"]) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables; PostgreSQL alters them")
def test_the_check_reports_lost_triggers(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER events_searchentry_fts_insert")
    [error] = check_search_index(databases=["default"])
    assert error.id == "events.E001"
    assert "events_searchentry_fts_insert" in error.msg


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Litvinov", ("person", "Maxim Litvinov")),
        ("Livitnov", ("person", "Maxim Litvinov")),  # a misspelling the demo records for him
        ("Brest-Litovsk", ("agreement", "Treaty of Brest-Litovsk")),
        ("Molotov Ribbentrop", ("agreement", "Molotov–Ribbentrop Pact")),
        ("recognition 1933", ("event", "Recognition of the Soviet Union, 1933")),
    ],
)
def test_on_the_demo_data_the_record_a_reader_means_comes_first(indexing, typed, first):
    with indexing():
        call_command("loaddata", "demo", verbosity=0)
    hit = search(typed).hits[0]
    assert (hit.kind, hit.title) == first
