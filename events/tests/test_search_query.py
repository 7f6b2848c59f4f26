"""The query language and text normalisation (events.search_query): pure Python, no database."""

import pytest

from events.search_query import (
    best_correction,
    clean_text,
    collapse_acronyms,
    edit_distance,
    fts5_expression,
    parse,
    replace_items,
    title_matcher,
    websearch_text,
)


@pytest.mark.parametrize(
    ("text", "fts5", "websearch"),
    [
        ("litvinov recognition", '("litvinov" AND "recognition")', '"litvinov" "recognition"'),
        ('"Soviet Union"', '("Soviet Union")', '"Soviet Union"'),
        ("molotov OR litvinov", '("molotov") OR ("litvinov")', '"molotov" or "litvinov"'),
        ("recognition -trade", '(("recognition") NOT "trade")', '"recognition" -"trade"'),
        ('debts -"Soviet Union"', '(("debts") NOT "Soviet Union")', '"debts" -"Soviet Union"'),
        ("Brest-Litovsk", '("Brest Litovsk")', '"Brest Litovsk"'),
        ("U.S.S.R.", '("USSR")', '"USSR"'),
    ],
)
def test_it_renders_the_same_query_for_both_databases(text, fts5, websearch):
    query = parse(text)
    assert fts5_expression(query) == fts5
    assert websearch_text(query) == websearch


def test_or_has_the_lowest_precedence_as_in_websearch():
    query = parse("litvinov molotov OR ribbentrop")
    assert fts5_expression(query) == '("litvinov" AND "molotov") OR ("ribbentrop")'


@pytest.mark.parametrize(
    "text",
    ["NEAR(a b)", "lit*", "title:litvinov", "^start", "a AND b", '"unbalanced', "C++", "'; DROP TABLE events--"],
)
def test_operators_reach_the_databases_only_as_quoted_words(text):
    expression = fts5_expression(parse(text))
    # Every term is a quoted string of letters and digits; the only bare words are our operators.
    outside_quotes = expression.split('"')[::2]
    assert all(set(part) <= set("() ANDORT") for part in outside_quotes), expression


def test_common_words_are_dropped_but_kept_inside_phrases():
    assert websearch_text(parse("the treaty of Versailles")) == '"treaty" "Versailles"'
    assert websearch_text(parse('"treaty of Versailles"')) == '"treaty of Versailles"'


def test_a_query_of_common_words_or_exclusions_only_searches_nothing():
    assert not parse("the of and")
    assert parse("the of and").only_common_words
    assert not parse("-trade")
    assert not parse("")


def test_over_long_text_is_cut():
    query = parse("litvinov " * 100)
    assert query.truncated
    assert len(query.text) <= 200


def test_control_characters_and_surrogates_are_removed():
    assert clean_text("Lit\x00vinov\x02 \x03\ud800Molotov") == "Lit vinov Molotov"


def test_dotted_acronyms_lose_their_dots():
    assert collapse_acronyms("the U.S.S.R. and the U.S. in St. Petersburg, A. Smith") == (
        "the USSR and the US in St. Petersburg, A. Smith"
    )


@pytest.mark.parametrize(
    ("typed", "meant"), [("livitnov", "litvinov"), ("molotow", "molotov"), ("ribentrop", "ribbentrop")]
)
def test_misspelt_names_are_corrected_by_edit_distance(typed, meant):
    candidates = ["livingston", "litvinov", "molotov", "ribbentrop", "lvov", "roosevelt"]
    assert best_correction(typed, candidates) == meant


def test_no_correction_when_nothing_is_close():
    assert best_correction("kennedy", ["litvinov", "molotov"]) is None
    assert edit_distance("livitnov", "litvinov") == 2


def test_a_correction_keeps_the_rest_of_the_query_as_typed():
    query = parse('Ribentrop "Soviet Union" -trade')
    item = query.groups[0].include[0]
    assert replace_items(query, {id(item): "ribbentrop"}) == 'Ribbentrop "Soviet Union" -trade'


def test_a_quoted_phrase_may_start_with_a_dash():
    assert websearch_text(parse('"-trade" -"war"')) == '"trade" -"war"'


def test_title_matcher_prefers_the_record_the_query_names():
    litvinov = parse("Litvinov")
    assert title_matcher(litvinov)("Maxim Litvinov", "") == (True, 0.5)
    assert title_matcher(litvinov)("The Roosevelt–Litvinov Conversations", "") == (True, 1 / 3)
    # Named among the people taking part: named, but not by its title.
    assert title_matcher(litvinov)("Talks in Washington", "Maxim Litvinov · Franklin D. Roosevelt") == (True, 0.0)
    assert title_matcher(litvinov)("Talks in Washington", "Franklin D. Roosevelt") == (False, 0.0)
    # A person's or place's own other names count as titles.
    assert title_matcher(parse("Livitnov"))("Maxim Litvinov", "Livitnov · M. M. Litvinov", own_names=True) == (
        True,
        1.0,
    )
    # Word endings: the first six letters ("recognition", "recognizes"); stop words are left out.
    assert title_matcher(parse("recognizes 1933"))("Recognition of the Soviet Union, 1933", "") == (True, 0.5)
    # The best OR-group counts.
    assert title_matcher(parse("zeppelin OR Litvinov"))("Maxim Litvinov", "") == (True, 0.5)
