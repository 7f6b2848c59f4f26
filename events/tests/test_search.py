"""search(): ranking, highlighting, the query language, names, spelling, facets and filters.

Runs on whichever database the suite runs on; CI runs it on both SQLite and PostgreSQL.
"""

import pytest

from conftest import make_agreement, make_era, make_event, make_person, make_place, make_topic
from events.models import PlaceName
from events.search import admin_search_results, matching_ids, search
from lib.publishing import Status
from people.models import Person, PersonName

pytestmark = pytest.mark.django_db


def titles(page):
    return [hit.title for hit in page.hits]


def test_a_title_match_ranks_above_a_summary_match_above_a_body_match(indexing):
    with indexing():
        make_event("Notes on grain exports", summary="Wheat sold abroad.", sections=[("", "The zeppelin came.")])
        make_event("The zeppelin over Moscow", summary="An airship visit.", sections=[("", "Crowds watched.")])
        make_event("A visit to Leningrad", summary="A zeppelin flight.", sections=[("", "Crowds watched.")])
    page = search("zeppelin")
    assert titles(page) == ["The zeppelin over Moscow", "A visit to Leningrad", "Notes on grain exports"]
    assert page.hits[0].score > page.hits[1].score > page.hits[2].score
    assert page.total == 3


def test_hits_carry_type_url_readable_date_and_a_highlighted_snippet(indexing):
    with indexing():
        event = make_event(
            "Recognition of the Soviet Union",
            date="1933-11-16",
            kind="recognition",
            summary="Roosevelt and Litvinov exchanged notes opening relations.",
        )
    [hit] = search("Litvinov").hits
    assert (hit.kind, hit.type_label, hit.url, hit.date) == (
        "event",
        "Event",
        event.get_absolute_url(),
        "November 16, 1933",
    )
    assert hit.event_kind_label == "Recognition"
    # PostgreSQL's ts_headline leaves out the final full stop.
    assert hit.snippet.startswith("Roosevelt and <mark>Litvinov</mark> exchanged notes opening relations")


def test_html_in_titles_and_text_comes_back_escaped_with_only_marks_live(indexing):
    with indexing():
        make_event(
            """<script>alert("x")</script> O'Malley's "zeppelin" affair""",
            summary="""A zeppelin & "quoted" <img src=x onerror=alert(1)> here.""",
        )
    [hit] = search("zeppelin").hits
    assert hit.title_html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "O&#x27;Malley&#x27;s &quot;<mark>zeppelin</mark>&quot; affair"
    )
    assert "<mark>zeppelin</mark>" in hit.snippet
    assert "<img" not in hit.snippet
    assert "&amp; &quot;quoted&quot; &lt;img src=x onerror=alert" in hit.snippet
    assert str(hit.snippet).replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_phrases_or_and_exclusion(indexing):
    with indexing():
        make_event("Soviet Union recognized", summary="Relations opened.")
        make_event("Union of Soviet writers", summary="A congress.")
        make_event("Trade talks", summary="Soviet grain and trade.")
    assert titles(search('"Soviet Union"')) == ["Soviet Union recognized"]
    assert sorted(titles(search("recognized OR congress"))) == ["Soviet Union recognized", "Union of Soviet writers"]
    assert sorted(titles(search("soviet -trade"))) == ["Soviet Union recognized", "Union of Soviet writers"]
    assert titles(search('soviet -"Soviet Union" -trade')) == ["Union of Soviet writers"]


def test_every_word_must_match(indexing):
    with indexing():
        make_event("Litvinov in Washington")
        make_event("Litvinov in Geneva")
    assert titles(search("litvinov washington")) == ["Litvinov in Washington"]


def test_word_endings_do_not_matter(indexing):
    with indexing():
        make_event("Debt negotiations", summary="Long talks.")
    assert titles(search("negotiating")) == ["Debt negotiations"]
    assert titles(search("negotiation")) == ["Debt negotiations"]


def test_accents_are_optional_both_ways(indexing):
    with indexing():
        make_person("Édouard Herriot")
        make_person("Jose Marti")
    assert titles(search("Edouard")) == ["Édouard Herriot"]
    assert titles(search("José Martí")) == ["Jose Marti"]


def test_other_names_of_places_find_the_records_about_them(indexing):
    with indexing():
        soviet_union = make_place("Soviet Union")
        PlaceName.objects.create(place=soviet_union, name="U.S.S.R.")
        event = make_event("Recognition", summary="Notes exchanged in Washington.")
        event.places.add(soviet_union)
        make_event("Unrelated", summary="Nothing about it.")
    assert titles(search("U.S.S.R.")) == ["Soviet Union", "Recognition"]
    assert titles(search("USSR")) == ["Soviet Union", "Recognition"]


def test_alternate_names_of_people_find_them_and_their_events(indexing):
    with indexing():
        litvinov = make_person("Maxim Litvinov")
        PersonName.objects.create(person=litvinov, name="Meir Wallach")
        make_event("The conversations", people=[(litvinov, "negotiator")])
    assert titles(search("Wallach")) == ["Maxim Litvinov", "The conversations"]


@pytest.fixture
def diplomats(indexing):
    with indexing():
        people = {
            name: make_person(name, birth="1870")
            for name in ("Maxim Litvinov", "Vyacheslav Molotov", "Joachim von Ribbentrop", "Robert Livingston")
        }
        make_event(
            "Non-aggression pact",
            date="1939-08-23",
            people=[(people["Vyacheslav Molotov"], "signatory"), (people["Joachim von Ribbentrop"], "signatory")],
        )
        make_event("Second pact meeting", date="1939-09-28", people=[(people["Vyacheslav Molotov"], "host")])
        make_event("German notes", date="1939-09-01", summary="The notes spell it Molotow throughout.")
    return people


@pytest.mark.parametrize(
    ("typed", "corrected", "top"),
    [
        ("Livitnov", "Litvinov", "Maxim Litvinov"),
        ("Ribentrop", "Ribbentrop", "Joachim von Ribbentrop"),
        ("ribentrop pact", "ribbentrop pact", "Non-aggression pact"),
    ],
)
def test_a_misspelt_name_that_finds_nothing_is_corrected_and_searched(diplomats, typed, corrected, top):
    page = search(typed)
    assert (page.corrected_from, page.query) == (typed, corrected)
    assert page.hits[0].title == top


def test_swapped_letters_are_corrected_among_many_similar_names(indexing):
    # Hundreds of names share "nov" with "livitnov", its only trigram in common with "litvinov",
    # and hundreds more start with "li": neither the nearest by trigrams nor the first words
    # that start alike need include Litvinov.
    letters = "abcdefghijklmno"
    with indexing():
        for first in letters:
            for second in letters:
                make_person(f"Ivan {first}{second}nov Li{first}{second}ski")
        make_person("Maxim Litvinov")
    page = search("Livitnov")
    assert (page.corrected_from, page.query) == ("Livitnov", "Litvinov")
    assert titles(page) == ["Maxim Litvinov"]


def test_of_two_names_equally_close_the_one_in_more_records_wins(indexing):
    with indexing():
        kissinger = make_person("Henry Kissinger")
        make_person("Kurt Georg Kiesinger")
        for place in ("Paris", "Moscow", "Beijing"):
            make_event(f"Trip to {place}", people=[(kissinger, "traveller")])
    page = search("Kisinger")
    assert (page.corrected_from, page.query) == ("Kisinger", "Kissinger")
    assert page.hits[0].title == "Henry Kissinger"


def test_a_rare_spelling_gets_a_did_you_mean_link(diplomats):
    page = search("Molotow")
    assert titles(page) == ["German notes"]
    assert page.suggestion == "Molotov"
    assert not page.corrected_from


def test_no_suggestion_when_the_word_is_known_or_nothing_is_close(diplomats):
    assert search("Molotov").suggestion == ""
    assert search("xylophone").suggestion == ""
    assert search("Livitnov", correct=False).total == 0


def test_draft_names_are_never_suggested(indexing):
    with indexing():
        make_person("Grigory Zinoviev", status=Status.DRAFT)
        make_event("Zinoviev letter", status=Status.DRAFT)
    page = search("Zinovyev")
    assert (page.total, page.suggestion, page.corrected_from) == (0, "", "")


def test_drafts_never_appear_but_retired_records_do(indexing):
    with indexing():
        make_event("Zeppelin draft", status=Status.DRAFT)
        make_event("Zeppelin in review", status=Status.REVIEW)
        make_event("Zeppelin retired", status=Status.RETIRED)
        make_agreement("Zeppelin treaty draft", status=Status.DRAFT)
        make_person("Zeppelin Draftperson", status=Status.DRAFT)
    page = search("zeppelin")
    assert titles(page) == ["Zeppelin retired"]
    assert page.hits[0].retired
    assert {value.value: value.count for value in page.facets["type"]} == {"event": 1}


def test_a_draft_participant_does_not_make_a_public_event_findable_by_name(indexing):
    with indexing():
        secret = make_person("Ivan Secretov", status=Status.DRAFT)
        make_event("A public meeting", people=[(secret, "guest")])
    assert search("Secretov").total == 0


@pytest.fixture
def catalogue(indexing):
    """Six public records over two eras, topics and places, and one draft."""
    with indexing():
        interwar = make_era("Interwar", 1921, 1936)
        war = make_era("War", 1937, 1945)
        recognition, trade = make_topic("Recognition"), make_topic("Trade")
        moscow, berlin = make_place("Moscow", kind="city"), make_place("Berlin", kind="city")
        first = make_event("Embassy opens", date="1933-12", era=interwar, kind="appointment")
        first.topics.add(recognition)
        first.places.add(moscow)
        second = make_event("Embassy trade talks", date="1935", era=interwar, kind="negotiation")
        second.topics.add(recognition, trade)
        second.places.add(moscow)
        third = make_event("Embassy closes", date="1941-06", era=war, kind="break")
        third.places.add(berlin)
        make_event("Embassy draft", date="1936", era=interwar, status=Status.DRAFT).topics.add(trade)
        make_agreement("Embassy agreement", signed="1933-11-16", parties=[moscow])
        make_person("Embassy Person")
    return {"interwar": interwar, "war": war, "recognition": recognition, "trade": trade, "moscow": moscow}


def counts(page, name):
    return {value.label: value.count for value in page.facets.get(name, [])}


def test_facets_count_the_matching_public_records(catalogue):
    page = search("embassy")
    assert page.total == 5
    assert counts(page, "type") == {"Event": 3, "Agreement": 1, "Person": 1}
    assert counts(page, "era") == {"Interwar": 3, "War": 1}  # the agreement's era comes from its date
    assert counts(page, "decade") == {"1930s": 3, "1940s": 1}
    assert counts(page, "topic") == {"Recognition": 2, "Trade": 1}
    assert counts(page, "place") == {"Moscow": 3, "Berlin": 1}
    assert counts(page, "kind") == {"Appointment": 1, "Negotiation": 1, "Break in relations": 1}
    assert [value.label for value in page.facets["type"]] == ["Event", "Agreement", "Person"]
    assert [value.label for value in page.facets["decade"]] == ["1930s", "1940s"]


def test_filters_narrow_a_query_and_its_facets(catalogue):
    page = search("embassy", filters={"topic": [str(catalogue["recognition"].pk)]})
    assert titles(page) == ["Embassy opens", "Embassy trade talks"]
    assert counts(page, "topic") == {"Recognition": 2, "Trade": 1}
    assert [value.selected for value in page.facets["topic"]] == [True, False]
    both = {"topic": [str(catalogue["recognition"].pk), str(catalogue["trade"].pk)]}
    assert titles(search("embassy", filters=both)) == ["Embassy trade talks"]
    assert titles(search("embassy", filters={"decade": ["1940"]})) == ["Embassy closes"]
    assert titles(search("embassy", filters={"type": ["agreement"]})) == ["Embassy agreement"]
    war = str(catalogue["war"].pk)
    assert titles(search("embassy", filters={"kind": ["break"], "era": [war]})) == ["Embassy closes"]


def test_unknown_filters_and_values_are_ignored_or_match_nothing(catalogue):
    assert search("embassy", filters={"colour": ["red"]}).total == 5
    assert search("embassy", filters={"topic": ["not-a-number"]}).total == 0
    assert search("embassy", filters={"topic": "'; DROP TABLE events_event; --"}).total == 0


def test_an_empty_query_returns_no_hits_but_the_whole_archives_facets(catalogue):
    page = search("")
    assert page.hits == [] and page.total == 0
    assert counts(page, "type") == {"Event": 3, "Agreement": 1, "Person": 1, "Place": 2, "Topic": 2}


def test_filters_without_a_query_browse_the_records_oldest_first(catalogue):
    page = search("", filters={"place": [str(catalogue["moscow"].pk)]})
    assert titles(page) == ["Embassy agreement", "Embassy opens", "Embassy trade talks", "Moscow"]
    assert page.is_browsing


def test_sorting_by_date(catalogue):
    assert titles(search("embassy", sort="oldest")) == [
        "Embassy agreement",
        "Embassy opens",
        "Embassy trade talks",
        "Embassy closes",
        "Embassy Person",  # undated records last
    ]
    assert titles(search("embassy", sort="newest"))[:2] == ["Embassy closes", "Embassy trade talks"]
    assert search("embassy", sort="sideways").sort == "relevance"


def test_pages(catalogue):
    first, second = search("embassy", per_page=2, sort="oldest"), search("embassy", per_page=2, page=2, sort="oldest")
    assert (first.total, first.num_pages, first.has_next, second.has_previous) == (5, 3, True, True)
    assert titles(first) + titles(second) == titles(search("embassy", sort="oldest"))[:4]
    past_the_end = search("embassy", per_page=2, page=99, sort="oldest")
    assert (past_the_end.page, titles(past_the_end)) == (3, ["Embassy Person"])
    assert search("embassy", page="two").page == 1


def test_the_admin_search_finds_drafts_too(catalogue):
    from events.models import Event

    assert set(Event.objects.filter(pk__in=matching_ids("embassy", "event")).values_list("title", flat=True)) == {
        "Embassy opens",
        "Embassy trade talks",
        "Embassy closes",
        "Embassy draft",
    }
    queryset, duplicates = admin_search_results(Event.objects.all(), "embassy draft")
    assert list(queryset.values_list("title", flat=True)) == ["Embassy draft"]
    fallback = (Event.objects.filter(slug__startswith="embassy-closes"), False)
    queryset, _ = admin_search_results(Event.objects.all(), "opens", fallback=fallback)
    assert sorted(queryset.values_list("title", flat=True)) == ["Embassy closes", "Embassy opens"]


def test_the_admin_search_leaves_other_models_to_django(db):
    queryset = Person.objects.all()
    assert admin_search_results(queryset, "x", fallback=(queryset.none(), False))[0].count() == 0


def test_a_model_admin_can_search_with_the_site_search(catalogue, rf, superuser):
    from django.contrib import admin

    from events.models import Event

    class EventAdmin(admin.ModelAdmin):
        search_fields = ["slug"]

        def get_search_results(self, request, queryset, search_term):
            fallback = super().get_search_results(request, queryset, search_term)
            return admin_search_results(queryset, search_term, fallback=fallback)

    request = rf.get("/admin/events/event/", {"q": "closes"})
    request.user = superuser
    model_admin = EventAdmin(Event, admin.AdminSite())
    changelist = model_admin.get_changelist_instance(request)
    assert [event.title for event in changelist.result_list] == ["Embassy closes"]
    slug = Event.objects.get(title="Embassy opens").slug  # "embassy-opens-<n>": no words to match
    queryset, _ = model_admin.get_search_results(request, Event.objects.all(), slug)
    assert [event.title for event in queryset] == ["Embassy opens"]


def test_past_the_ranking_cap_a_common_word_is_ranked_among_the_first_matches(catalogue, monkeypatch):
    """With more matches than RANKED_LIMIT, only that many are ranked, paged and counted in the facets."""
    from django.db import connection

    from events import search as search_module

    monkeypatch.setattr(search_module, "RANKED_LIMIT", 3)
    page = search("embassy", per_page=2)
    assert len(page.hits) == 2 and page.num_pages == 2
    assert sum(value.count for value in page.facets["type"]) == 3
    assert page.facets_sampled
    if connection.vendor == "sqlite":
        assert (page.total, page.more_than) == (5, False)  # FTS5 counts every match cheaply
    else:
        assert (page.total, page.more_than) == (3, True)  # "More than 3 results"
    last = search("embassy", per_page=2, page=9)
    assert last.page == 2 and len(last.hits) == 1
    # Dates sort every match, not only the ranked ones.
    assert titles(search("embassy", sort="oldest", per_page=2)) == ["Embassy agreement", "Embassy opens"]
    # Under the cap everything is exact again.
    narrowed = search("embassy opens")
    assert (narrowed.total, narrowed.more_than, narrowed.facets_sampled) == (1, False, False)
