"""``manage.py backup`` and ``manage.py restore``: every record of every model comes back as it was (the demo
data, edge cases, history, users and groups), compared field by field; a restore refuses a database
that holds data unless forced, and a bad file changes nothing."""

import gzip
import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import make_agreement, make_event, make_person, make_place, make_source
from events.management.commands.backup import saved_models
from events.management.commands.restore import empty_tables
from events.models import Event, EventFigure, EventRelation, EventSource, ImportRun, Place
from events.search import search
from lib.publishing import Status
from people.models import Person, PersonName, Position

pytestmark = pytest.mark.django_db


def _key(obj):
    natural_key = getattr(obj, "natural_key", None)
    return natural_key() if natural_key is not None else obj.pk


def snapshot():
    """{model: {natural key (or id): every field, primary key and many-to-many links included}}."""
    state = {}
    for model in saved_models():
        rows = {}
        for obj in model._base_manager.order_by("pk"):
            record = serializers.serialize("python", [obj], use_natural_foreign_keys=True)[0]
            rows[_key(obj)] = (record["pk"], record["fields"])
        state[model._meta.label] = rows
    return state


@pytest.fixture
def archive(editor, publisher, superuser):
    """The demo data plus records at the edges, with history, users and groups."""
    call_command("loaddata", "demo", verbosity=0)
    litvinov = Person.objects.get(slug="maxim-litvinov") if Person.objects.filter(slug="maxim-litvinov") else None
    person = make_person("Édouard Herriot ‘Ω’ 東京 🎉", status=Status.DRAFT, birth="1872~", death="")
    PersonName.objects.create(person=person, name="Эдуа́р Эррио́", kind="variant", language="ru")
    Position.objects.create(person=person, title="Prime Minister", organization="France", start="1924/1925")
    place = make_place("Place with a very long name " + "x" * 150, description="*Markdown* with `code`\n\n" * 20)
    source = make_source("A source", url="https://example.org/?q=a&b=c", note="")
    event = make_event(
        'An event "quoted" <b>not markup</b> & \\ backslash',
        date="193X",
        status=Status.REVIEW,
        summary="Line one\nLine two\r\nTabs\tand trailing spaces   ",
        people=[(person, "negotiator")],
        sections=[("", "An untitled opening."), ("Heading", "Body " * 500)],
    )
    event.places.set([place, *Place.objects.all()[:2]])
    EventFigure.objects.create(event=event, image_url="https://example.org/a.png", alt_text="An image", order=1)
    EventSource.objects.create(event=event, source=source, pages="12–14")
    other = make_event("Another event", date="1933-11-16/1933-11-17")
    EventRelation.objects.create(from_event=event, to_event=other, kind=EventRelation.Kind.LED_TO)
    make_agreement("An agreement", signed="1933", parties=[place], signatories=[(person, place, "")])
    # History: an edit, a deletion of a record and of an inline row, with the user who made them.
    event.title = "An event, retitled"
    event._history_user = editor
    event.save()
    gone = make_event("A deleted event", status=Status.DRAFT)
    gone._history_user = publisher
    gone.delete()
    event.sections.filter(heading="").delete()
    if litvinov is not None:
        litvinov.biography = "Edited after the fixture was loaded."
        litvinov.save()
    ImportRun.objects.create(
        source="/data",
        datasets="tags",
        outcome="success",
        started_at="2026-01-01T00:00:00Z",
        finished_at="2026-01-01T00:01:00Z",
        counts={"events": {"created": 3}},
        problems=[{"file": "a.xml", "line": 3, "record": "x", "message": "odd"}],
    )
    group = Group.objects.create(name="Guests")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    editor.user_permissions.add(Permission.objects.get(codename="publish_event"))
    LogEntry.objects.log_actions(user_id=editor.pk, queryset=[event], action_flag=CHANGE, change_message="Edited")
    return event


def _assert_same(before, after):
    for label, rows in before.items():
        for key, (pk, fields) in rows.items():
            assert key in after[label], (label, key)
            assert after[label][key][0] == pk, (label, key)
            changed = {
                name: (value, after[label][key][1].get(name))
                for name, value in fields.items()
                if after[label][key][1].get(name) != value
            }
            assert not changed, (label, key, changed)
        assert set(after[label]) == set(rows), label


def _backup(tmp_path, name="archive.jsonl.gz"):
    path = tmp_path / name
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "Wrote" in out.getvalue()
    return path


def test_a_backup_restored_over_changed_data_gives_back_every_record(archive, tmp_path):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 100
    assert before["events.HistoricalEvent"] and before["auth.User"] and before["admin.LogEntry"]
    path = _backup(tmp_path)

    # Change, add and delete things, then restore over them.
    Event.objects.filter(pk=archive.pk).update(title="Changed after the backup")
    make_event("Added after the backup")
    ImportRun.objects.all().delete()
    Event.objects.filter(status=Status.REVIEW).delete()
    Group.objects.filter(name="Guests").delete()
    out = StringIO()
    call_command("restore", str(path), "--force", stdout=out)

    assert "Restored" in out.getvalue()
    _assert_same(before, snapshot())
    # The search index was rebuilt from the restored records.
    assert [hit.title for hit in search("retitled", public=False).hits] == ["An event, retitled"]


def test_a_backup_loads_into_an_empty_database_without_force(archive, tmp_path):
    before = snapshot()
    path = _backup(tmp_path, "archive.jsonl")
    # A new database: what `migrate` leaves (content types, permissions, the curator groups), no records.
    empty_tables()
    importlib.import_module("events.migrations.0002_curator_groups").create_groups(django_apps, None)
    assert not Event.objects.exists()

    call_command("restore", str(path), stdout=StringIO())

    _assert_same(before, snapshot())


def test_a_database_with_records_is_refused_without_force(archive, tmp_path):
    path = _backup(tmp_path)
    Event.objects.filter(pk=archive.pk).update(title="Not to be lost")
    before = snapshot()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))
    assert snapshot() == before


def test_a_bad_file_changes_nothing_even_with_force(archive, tmp_path):
    path = _backup(tmp_path, "archive.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    # Most of the records, then a record that does not fit the schema.
    broken.write_text("".join(lines[: len(lines) - 5]) + '{"model": "events.event", "pk": 1, "fields": {"nope": 1}}\n')
    before = snapshot()

    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("restore", str(broken), "--force")

    assert snapshot() == before


def test_refusals_that_need_no_database(tmp_path):
    with pytest.raises(CommandError, match="ends in .jsonl"):
        call_command("backup", str(tmp_path / "archive.json"))
    existing = tmp_path / "archive.jsonl"
    existing.write_text("")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing))
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.jsonl"))


def test_dry_runs_count_and_write_nothing(archive, tmp_path):
    out = StringIO()
    call_command("backup", str(tmp_path / "a.jsonl.gz"), "--dry-run", stdout=out)
    assert "Would write" in out.getvalue() and not (tmp_path / "a.jsonl.gz").exists()
    path = _backup(tmp_path)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        total = sum(1 for _ in lines)
    out = StringIO()
    call_command("restore", str(path), "--dry-run", stdout=out)
    assert f"holds {total} records" in out.getvalue()


def test_content_types_and_permissions_are_named_not_numbered(archive, tmp_path):
    path = _backup(tmp_path, "archive.jsonl")
    text = path.read_text(encoding="utf-8")
    assert '"model": "contenttypes.contenttype"' not in text and '"model": "auth.permission"' not in text
    assert '["publish_event","events","event"]' in text.replace(
        ", ", ","
    )  # the editor's own permission, by natural key
    assert ContentType.objects.exists()
