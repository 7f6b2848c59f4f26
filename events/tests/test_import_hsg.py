"""manage.py import_hsg on small invented samples (events/tests/hsg_samples.py): every odd case of the data."""

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from lxml import etree

from events.hsg.sync import by_key
from events.hsg.tei import combine, element_date, title_and_dates, visible_edtf
from events.models import Era, Event, EventSection, ImportRun, Place, SearchEntry, Topic
from events.tests.hsg_samples import CHAPTER_1901, ORG, TEI, VISITS, write_samples
from lib.page_cache import content_version
from lib.publishing import Status
from people.models import Person, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples(tmp_path):
    return write_samples(tmp_path / "hsg")


def run_import(path, *args):
    out = StringIO()
    call_command("import_hsg", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def essay(key):
    return Event.objects.get(source_key=key)


# Reading heads ------------------------------------------------------------------------------------


def _head(markup):
    return etree.fromstring(f'<head xmlns="{TEI}">{markup}</head>')


@pytest.mark.parametrize(
    ("markup", "title", "date"),
    [
        ('The Canal Dispute, <date when="1956">1956</date>', "The Canal Dispute", "1956"),
        ('Neutral Acts, <date when="1930">1930s</date>', "Neutral Acts", "193X"),
        ('Pan Policy, <date from="1880" to="1890">1880s/1890s</date>', "Pan Policy", "188X/189X"),
        ('Some War, <date from="1753" to="1754">1753–54</date>', "Some War", "1753/1754"),
        ('The Revolution of <date when="1911">1911</date>', "The Revolution of 1911", "1911"),
        ('War of <date from="1812" to="1815">1812–1815</date>', "War of 1812–1815", "1812/1815"),
        (
            'Straits: <date from="1954" to="1955">1954–55</date> and <date when="1958">1958</date>',
            "Straits",
            "1954/1958",
        ),
        ("The Missile Crisis, October 1962", "The Missile Crisis", "1962-10"),
        ("The August 17, 1982 Communiqué", "The August 17, 1982 Communiqué", "1982-08-17"),
        ("An Undated Essay", "An Undated Essay", ""),
    ],
)
def test_it_reads_titles_and_dates_from_heads(markup, title, date):
    found_title, dates = title_and_dates(_head(markup))
    values = [visible_edtf(text) if element is True else element_date(element)[0] for text, element in dates]
    assert found_title == title
    assert combine(values) == date


def test_it_reports_a_date_whose_text_disagrees_with_when():
    value, problem = element_date(_head('<date when="1798">1789–1799</date>')[0])
    assert value == "1789/1799"
    assert "disagrees" in problem and "1798" in problem


# The whole import --------------------------------------------------------------------------------


def test_it_imports_eras_essays_people_posts_trips_and_visits(samples):
    output = run_import(samples)

    assert "Import done" in output
    assert Era.objects.count() == 2
    assert Event.objects.filter(kind=Event.Kind.ESSAY).count() == 7
    assert Person.objects.count() == 3
    assert Position.objects.count() == 8
    assert Event.objects.filter(kind=Event.Kind.TRIP).count() == 3
    assert Event.objects.filter(kind=Event.Kind.VISIT).count() == 2
    era = Era.objects.get(source_key="1901-1910")
    assert (era.title, era.start_year, era.end_year) == ("1901–1910: Invented Decade", 1901, 1910)
    assert "static.history.state.gov/milestones/era-map.jpg" in era.introduction_html


def test_essays_keep_their_dates_titles_and_unique_slugs(samples):
    run_import(samples)

    dates = dict(Event.objects.filter(kind=Event.Kind.ESSAY).values_list("source_key", "date"))
    assert dates == {
        "1901-1910/alpha": "1905",
        "1901-1910/beta": "190X",
        "1901-1910/gamma": "188X/189X",
        "1901-1910/delta": "1906-10",
        "1901-1910/epsilon": "1901/1910",  # Undated: the era's years.
        "1901-1910/zeta": "1902/1903",
        "1911-1920/alpha": "1912/1913",
    }
    assert essay("1901-1910/beta").title == "Beta Troubles of the 1900s"
    assert essay("1901-1910/alpha").slug != essay("1911-1920/alpha").slug
    assert Era.objects.get(source_key="1911-1920").slug == "1911-1920-another-invented-decade"  # Not "19111920-…".
    assert essay("1901-1910/beta").date_lower.year == 1900  # Bounds are filled on bulk create.


def test_essays_are_retired_with_sections_figures_links_and_tags(samples):
    run_import(samples)
    alpha = essay("1901-1910/alpha")

    assert alpha.status == Status.RETIRED and "no longer maintains" in alpha.notice
    assert alpha.published_at is not None
    sections = list(alpha.sections.values_list("heading", flat=True))
    assert sections == ["", "Negotiations", "Aftermath"]
    body = alpha.sections.get(heading="Negotiations").body_html
    assert '<a href="/people/abel-ann-b/"' in body  # A name that matches one person.
    assert '<a href="/people/brook-carl/"' in body  # A <ref> to a person.
    assert f'href="{essay("1901-1910/beta").get_absolute_url()}"' in body
    assert '<span class="person">Nobody Known</span>' in body
    assert "<em>very</em>" in body
    opening = alpha.sections.get(heading="").body_html
    assert '<span class="place">Zenda</span>' in opening and '<time datetime="1905-03-04">' in opening
    assert alpha.sections.get(heading="Aftermath").body_html == "<p>1906. Nothing else happened.</p>"
    figure = alpha.figures.get()
    assert figure.image_url == "https://static.history.state.gov/milestones/alpha-signing.jpg"
    assert figure.caption == "The invented signing"
    people = set(alpha.participants.values_list("person__hsg_id", "role"))
    assert people == {
        ("abel-ann-b", "mentioned"),
        ("brook-carl", "mentioned"),
        ("brook-carl", "subject"),
        ("dover-dan", "subject"),
    }
    related = set(alpha.relations_out.values_list("to_event__source_key", flat=True))
    assert related == {"1901-1910/beta", "1911-1920/alpha"}
    assert set(alpha.topics.values_list("source_key", flat=True)) == {
        "treaties",
        "trade-pacts",
        "dover-dan",
        "brook-carl",
    }
    assert set(alpha.places.values_list("source_key", flat=True)) == {"ruritania"}


def test_people_and_posts_keep_what_pocom_says(samples):
    run_import(samples)

    abel = Person.objects.get(hsg_id="abel-ann-b")
    assert (abel.display_name, abel.birth, abel.death) == ("Ann B. Abel", "1860", "1930")
    assert abel.career_type == "career" and abel.residence_states == "Zed State, Why State"
    assert abel.hsg_old_ids == "abel-ann" and abel.status == Status.PUBLISHED
    assert list(abel.alternate_names.values_list("name", flat=True)) == ["Annie Abel"]
    post = Position.objects.get(source_key="ru-1905-abel-01")
    assert (post.kind, post.title, post.organization_key) == (
        Position.Kind.CHIEF_OF_MISSION,
        "Envoy Extraordinary",
        "ruritania",
    )
    assert (post.appointed, post.start, post.end) == ("1905-01-02", "1905-03-04", "1907-05-06")
    assert post.note == "Left post on May 6, 1907."
    assert post.concurrent == "Also accredited to Freedonia; resident at Zenda, Ruritania."
    assert Position.objects.get(source_key="ru--broo-01").kind == Position.Kind.NOMINATION
    assert Position.objects.get(source_key="league-1920-broo").organization == "League of Invented Nations"
    assert Person.objects.get(hsg_id="brook-carl").display_name == "Carl Brook, Jr."  # pocom's, not presidents.xml's.
    assert Person.objects.get(hsg_id="dover-dan").positions.get().kind == Position.Kind.PRESIDENT


def test_trips_and_visits_are_linked_to_people_and_countries(samples):
    run_import(samples)

    trip = Event.objects.get(source_key="trip/11")
    assert (trip.date, trip.era_id) == ("1905-06-01/1905-06-03", None)
    assert trip.title == "Trip of President Dan Dover to Ruritania"
    assert list(trip.participants.values_list("person__hsg_id", "role")) == [("dover-dan", "President")]
    assert list(trip.places.values_list("source_key", flat=True)) == ["ruritania"]
    assert Event.objects.get(source_key="trip/21").date == "1911-02-02"
    visit = Event.objects.get(source_key="visit/32")
    assert list(visit.participants.values_list("person__hsg_id", flat=True)) == ["abel-ann-b"]
    assert not Event.objects.get(source_key="visit/31").participants.exists()
    assert Place.objects.get(source_key="atlantis").name == "Atlantis"  # A country the taxonomy lacks.


def test_the_taxonomy_becomes_places_and_topics_in_their_hierarchy(samples):
    run_import(samples, "--only", "tags")

    ruritania = Place.objects.get(source_key="ruritania")
    assert (ruritania.kind, ruritania.parent.source_key) == (Place.Kind.COUNTRY, "north-region")
    assert Place.objects.get(source_key="north-region").kind == Place.Kind.REGION
    assert Place.objects.get(source_key="moon-base").kind == Place.Kind.OTHER
    assert Place.objects.get(source_key="freedonia").description == "Next to Ruritania."
    assert Topic.objects.get(source_key="trade-pacts").parent.source_key == "treaties"
    assert Topic.objects.get(source_key="dover-dan").parent.name == "Presidents"
    assert not Place.objects.filter(source_key="sovereign-territories").exists()
    assert not Event.objects.exists()


def test_imports_are_in_the_history_as_made_by_the_importer(samples):
    run_import(samples)

    version = essay("1901-1910/alpha").history.get()
    assert version.history_user.username == "importer" and not version.history_user.is_active
    assert (
        version.history_change_reason == "Imported from the Office of the Historian: milestones/chapters/1901-1910.xml"
    )
    assert version.places.count() == 1  # The links are in the history too.
    assert Position.history.filter(history_user__username="importer").count() == 8


def test_problems_are_reported_and_kept_in_the_import_run(samples):
    output = run_import(samples)

    run = ImportRun.objects.get()
    assert run.outcome == ImportRun.Outcome.DONE and run.total("created") > 0
    messages = [problem["message"] for problem in run.problems]
    expected = [
        "disagrees with its @when",
        "duplicate id “alpha”",
        "duplicate id “ru-1905-abel-01”",
        "“nobody-at-all”, who is not in pocom/people",
        "“ghost-gary”, who is not in the database",
        "ends (1909-02-01) before it starts",
        "ends (1906-05-01) before it starts",
        "the tag “no-such-tag” is not in the taxonomy",
        "“/milestones/1801-1810/gone”, which is not in the data",
        "tags an era's foreword; eras have no tags",
    ]
    for text in expected:
        assert any(text in message for message in messages), text
    duplicate = next(problem for problem in run.problems if "duplicate id “alpha”" in problem["message"])
    assert duplicate["file"] == "milestones/chapters/1901-1910.xml" and duplicate["line"] == 30
    assert "problem(s) in the data" in output


# Running again ------------------------------------------------------------------------------------


def test_a_second_run_changes_nothing_and_says_so(samples):
    run_import(samples)
    versions = Event.history.count()

    output = run_import(samples)

    assert "Nothing changed" in output
    assert Event.history.count() == versions
    latest = ImportRun.objects.latest()
    assert latest.total("unchanged") > 0 and latest.total("created") == latest.total("updated") == 0


def test_a_changed_file_updates_its_records(samples):
    run_import(samples)
    chapter = samples / "milestones/chapters/1901-1910.xml"
    chapter.write_text(
        CHAPTER_1901.replace("Opening words", "Revised opening words").replace("1880s/1890s", "1880s"), encoding="utf-8"
    )

    output = run_import(samples)

    alpha = essay("1901-1910/alpha")
    assert alpha.sections.get(heading="").body.startswith("Revised opening words")
    assert alpha.history.first().history_type == "~"
    assert alpha.sections.get(heading="").history.first().history_type == "~"
    assert ImportRun.objects.latest().counts["Essays"]["updated"] == 2
    assert "Import done" in output


def test_curator_edits_are_skipped_and_listed_unless_overwritten(samples):
    run_import(samples)
    alpha = essay("1901-1910/alpha")
    alpha.title = "A curator's better title"
    alpha.save()
    section = EventSection.objects.get(event__source_key="1901-1910/beta")
    section.body = "Rewritten by a curator."
    section.save()
    (samples / "milestones/chapters/1901-1910.xml").write_text(
        CHAPTER_1901.replace("Decade text.", "Decade text, revised."), encoding="utf-8"
    )

    output = run_import(samples)

    assert essay("1901-1910/alpha").title == "A curator's better title"
    assert essay("1901-1910/beta").sections.get().body == "Rewritten by a curator."
    skipped = {item["key"] for item in ImportRun.objects.latest().skipped}
    assert skipped == {"1901-1910/alpha", "1901-1910/beta"}
    assert "edited by curators" in output and "A curator's better title" in output

    run_import(samples, "--overwrite")

    assert essay("1901-1910/alpha").title == "The Alpha Accord"
    assert essay("1901-1910/beta").sections.get().body == "Decade text, revised."


def test_records_made_by_hand_are_not_taken_over(samples):
    era = Era.objects.create(
        title="A curator's era", slug="curated", start_year=1901, end_year=1910, source_key="1901-1910"
    )

    run_import(samples, "--only", "milestones")

    era.refresh_from_db()
    assert era.title == "A curator's era"
    assert essay("1901-1910/alpha").era == era


def test_a_dry_run_reports_and_saves_nothing(samples):
    output = run_import(samples, "--dry-run")

    assert "Dry run: nothing was saved" in output and "would be made" in output
    assert not Event.objects.exists() and not Person.objects.exists()
    run = ImportRun.objects.get()
    assert run.outcome == ImportRun.Outcome.DRY_RUN and run.counts["Essays"]["created"] == 7


def test_only_imports_the_datasets_asked_for(samples):
    run_import(samples, "--only", "tags", "pocom")

    assert Person.objects.count() == 2  # The presidents come with travels.
    assert not Event.objects.exists()


def test_search_indexing_is_paused_during_the_import_and_rebuilt_once(samples, monkeypatch):
    from events import search_index
    from events.hsg import milestones

    seen, original = [], milestones.run

    def spy(context):
        seen.append(getattr(search_index._queue, "paused", False))
        return original(context)

    monkeypatch.setattr("events.management.commands.import_hsg.DATASETS", {"milestones": spy})
    run_import(samples)

    assert seen == [True]
    assert not getattr(search_index._queue, "paused", False)
    assert SearchEntry.objects.filter(kind=SearchEntry.Kind.EVENT).count() == 7


def test_the_import_keeps_no_record_of_its_sql_even_with_debug_on(samples, settings):
    settings.DEBUG = True
    reset_queries()

    run_import(samples)

    recorded = [query["sql"] for query in connection.queries]
    # Only the few statements after the import proper (statistics, the run's own record): not its
    # thousands of long inserts, which would otherwise stay in memory.
    assert len(recorded) < 10, recorded
    assert not [sql for sql in recorded if "people_position" in sql]
    assert Position.objects.exists()
    assert settings.DEBUG is True  # And DEBUG is back as it was.


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans; PostgreSQL picks its own.")
def test_records_are_found_by_their_source_key_through_its_unique_index(samples):
    run_import(samples)
    keys = list(Position.objects.values_list("source_key", flat=True))

    plan = by_key(Position, keys[:1]).explain()

    assert "position_unique_source_key" in plan, plan  # Not a scan of the table once per batch.
    assert {post.source_key for post in by_key(Position, keys)} == set(keys)


def test_a_post_id_in_two_files_is_a_duplicate_and_a_second_run_still_changes_nothing(samples):
    # The principal officer's id, also given to the organization's post (read before the principals).
    (samples / "pocom/missions-orgs/representative-to-league.xml").write_text(
        ORG.replace("league-1920-broo", "secr-1910-broo"), encoding="utf-8"
    )
    run_import(samples)

    assert Position.objects.get(source_key="secr-1910-broo").organization == "League of Invented Nations"
    problems = ImportRun.objects.get().problems
    duplicate = next(problem for problem in problems if "duplicate id “secr-1910-broo”" in problem["message"])
    assert duplicate["file"] == "pocom/positions-principals/secretary.xml"
    assert "Nothing changed" in run_import(samples)


def test_records_no_longer_in_the_source_are_listed_and_left_as_they_are(samples, superuser_client):
    run_import(samples)
    Era.objects.create(title="A curator's era", slug="curated", start_year=1801, end_year=1810, source_key="1801-1810")
    (samples / "milestones/chapters/1901-1910.xml").write_text(
        CHAPTER_1901.replace(
            '<div type="section" xml:id="epsilon"><head>Epsilon Matters</head><p>Undated.</p></div>', ""
        ),
        encoding="utf-8",
    )
    (samples / "visits/data/1900.xml").write_text(VISITS.split("<visit><id>32</id>")[0] + "</visits>", encoding="utf-8")

    output = run_import(samples)

    assert essay("1901-1910/epsilon").status == Status.RETIRED and essay("visit/32").is_public
    run = ImportRun.objects.latest()
    assert run.counts["Essays"]["missing"] == run.counts["Visits"]["missing"] == 1
    assert run.total("missing") == 2  # Not the curator's era, nor the countries an earlier run added (atlantis).
    gone = {problem["record"]: problem for problem in run.problems if "no longer in the source" in problem["message"]}
    assert set(gone) == {"1901-1910/epsilon", "visit/32"}
    assert gone["1901-1910/epsilon"]["file"] == "milestones/chapters"
    assert "“Epsilon Matters” is no longer in the source" in gone["1901-1910/epsilon"]["message"]
    assert "Nothing changed" in output
    assert "2 record(s) made by an earlier import are no longer in the source" in output
    assert "Essays: Epsilon Matters [1901-1910/epsilon]" in output
    page = superuser_client.get(f"/admin/events/importrun/{run.pk}/change/").content.decode()
    assert "“Epsilon Matters” is no longer in the source" in page
    assert "<th>missing</th>" in page
    assert "<tr><th>Essays</th><td>0</td><td>0</td><td>" in page and "</td><td>0</td><td>1</td></tr>" in page


def test_only_the_datasets_that_ran_are_checked_for_missing_records(samples):
    run_import(samples)
    (samples / "visits/data/1900.xml").write_text(VISITS.split("<visit><id>32</id>")[0] + "</visits>", encoding="utf-8")

    run_import(samples, "--only", "tags", "pocom", "milestones")

    run = ImportRun.objects.latest()
    assert run.total("missing") == 0 and "Visits" not in run.counts


def _run_capturing_sql(samples, *args):
    with CaptureQueriesContext(connection) as queries:
        run_import(samples, *args)
    return [query["sql"] for query in queries]


def _sqlite_row_statistics(table):
    """The row count SQLite's planner assumes for ``table`` after ANALYZE (None without statistics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else None


def test_an_import_that_changed_something_makes_cached_pages_stale_and_refreshes_statistics(samples):
    before = content_version()["token"]

    statements = _run_capturing_sql(samples)

    after = content_version()["token"]
    assert after != before
    assert statements.count("ANALYZE") == 1
    last_index_write = max(i for i, sql in enumerate(statements) if "events_searchentry" in sql)
    assert statements.index("ANALYZE") > last_index_write  # Once the search index is written too.
    if connection.vendor == "sqlite":
        # PostgreSQL's counterpart, pg_class.reltuples, is not rolled back with a test's transaction.
        assert _sqlite_row_statistics("events_event") == Event.objects.count() == 12

    statements = _run_capturing_sql(samples)  # Nothing changed: the pages cached since are still right.

    assert content_version()["token"] == after
    assert "ANALYZE" not in statements


def test_dry_runs_and_failed_runs_leave_the_cached_pages_and_statistics_alone(samples):
    before = content_version()["token"]
    statements = _run_capturing_sql(samples, "--dry-run")
    (samples / "visits/data/1900.xml").write_text("<visits><visit>", encoding="utf-8")
    with pytest.raises(CommandError), CaptureQueriesContext(connection) as failed:
        run_import(samples)

    assert content_version()["token"] == before
    assert "ANALYZE" not in statements + [query["sql"] for query in failed]


def test_the_progress_bar_is_shown_on_a_terminal_only(samples, monkeypatch):
    class Terminal(StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run_import(samples)
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    run_import(samples, "-v", "0")
    piped = StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    run_import(samples)

    assert "milestones" in terminal.getvalue() and "travels" in terminal.getvalue()
    assert quiet.getvalue() == piped.getvalue() == ""


# Bad files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "text", "message"),
    [
        ("milestones/chapters/1911-1920.xml", "<TEI><text><body><div>", "milestones/chapters/1911-1920.xml, line 1"),
        (
            "milestones/chapters/1911-1920.xml",
            '<TEI>\n<text><body>\n<div xml:id="alpha"><head>Cut</head>\n<p>Cut short',
            "1911-1920.xml, line 4, near “alpha”: is not well-formed XML",
        ),
        (
            "visits/data/1900.xml",
            "<visits>\n<visit><id>31</id>\n<visitor>Queen Zelda</visitor>\n<descr",
            "visits/data/1900.xml, line 4, near “31”: is not well-formed XML",
        ),
        ("pocom/people/b/brook-carl.xml", "<human><id>brook-carl</id></human>", "expected <person> as root"),
        ("visits/data/1900.xml", "<visits><visit><visitor>X</visitor></visit></visits>", "line 1: has no <id>"),
        (
            "travels/secretary-travels/brook-carl.xml",
            '<trips>\n<trip who="brook-carl"><id>21</id><name>C</name></trip></trips>',
            "brook-carl.xml, line 2, trip/21: has no <start-date>",
        ),
    ],
)
def test_a_malformed_file_stops_the_run_and_leaves_the_database_as_it_was(samples, relative, text, message):
    run_import(samples, "--only", "tags")
    places = Place.objects.count()
    (samples / relative).write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_import(samples)

    assert message in str(error.value) and "nothing was saved" in str(error.value)
    assert Place.objects.count() == places and not Person.objects.exists() and not Event.objects.exists()
    failed = ImportRun.objects.latest()
    assert failed.outcome == ImportRun.Outcome.FAILED and message in failed.error


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="is missing"):
        run_import(tmp_path, "--only", "pocom")


# Old addresses ------------------------------------------------------------------------------------


def test_old_addresses_redirect_to_the_imported_pages(samples, client):
    run_import(samples)
    alpha = essay("1901-1910/alpha")
    era = Era.objects.get(source_key="1901-1910")
    abel = Person.objects.get(hsg_id="abel-ann-b")

    cases = {
        "/milestones/1901-1910/alpha": alpha.get_absolute_url(),
        "/milestones/1911-1920/alpha": essay("1911-1920/alpha").get_absolute_url(),
        "/milestones/1901-1910": era.get_absolute_url(),
        "/milestones/1901-1910/foreword": era.get_absolute_url(),
        "/departmenthistory/people/abel-ann-b": abel.get_absolute_url(),
        "/departmenthistory/people/abel-ann": abel.get_absolute_url(),  # A former id.
    }
    for old, new in cases.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/milestones/1901-1910/nothing").status_code == 404
    assert client.get("/departmenthistory/people/nobody").status_code == 404


def test_curators_read_import_runs_in_the_admin_but_cannot_change_them(samples, superuser_client):
    run_import(samples)
    run = ImportRun.objects.get()

    listing = superuser_client.get("/admin/events/importrun/")
    page = superuser_client.get(f"/admin/events/importrun/{run.pk}/change/")

    assert listing.status_code == page.status_code == 200
    assert "duplicate id “alpha”" in page.content.decode()
    assert superuser_client.get("/admin/events/importrun/add/").status_code == 403
