"""The /search/ page and its OpenSearch description."""

import re

import pytest
from django.urls import reverse

from conftest import make_era, make_event, make_person, make_place, make_topic

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def text_of(response):
    return response.content.decode()


def test_the_form_has_a_label_and_keeps_the_query(client):
    response = client.get(URL, {"q": "litvinov"})
    html = text_of(response)
    assert response.status_code == 200
    assert '<label for="search-q">Search the archive</label>' in html
    assert 'value="litvinov"' in html


def test_results_show_type_date_title_link_and_highlighted_snippet(client, indexing):
    with indexing():
        event = make_event("Recognition", date="1933-11-16", summary='Litvinov & Roosevelt "agreed".')
    response = client.get(URL, {"q": "litvinov"})
    html = text_of(response)
    assert response.context["page"].total == 1
    assert f'<a href="{event.get_absolute_url()}">Recognition</a>' in html
    assert '<span class="hit-type">Event</span>' in html
    assert "November 16, 1933" in html
    assert "<mark>Litvinov</mark> &amp; Roosevelt &quot;agreed&quot;" in html
    assert "1 result for “litvinov”" in html


def test_an_empty_query_shows_help_and_the_whole_archives_facets(client, indexing):
    with indexing():
        make_event("Recognition", era=make_era("Interwar"))
    html = text_of(client.get(URL))
    assert "How to search" in html
    assert "Browse the archive" in html
    assert re.search(r'<a href="\?era=\d+">Interwar</a> <span class="count">\(1\)</span>', html)
    assert "result" not in html.split("How to search")[0].split("</form>")[1]


def test_facet_links_add_a_filter_and_keep_the_query(client, indexing):
    with indexing():
        topic = make_topic("Airships")
        place = make_place("Berlin")
        event = make_event("Zeppelin visit", date="1931")
        event.topics.add(topic)
        event.places.add(place)
        make_event("Zeppelin crash", date="1937")
    html = text_of(client.get(URL, {"q": "zeppelin", "sort": "newest"}))
    assert f'<a href="?q=zeppelin&amp;sort=newest&amp;topic={topic.pk}">Airships</a>' in html
    assert '<a href="?q=zeppelin&amp;sort=newest&amp;decade=1930">1930s</a> <span class="count">(2)</span>' in html
    response = client.get(URL, {"q": "zeppelin", "topic": topic.pk, "page": 1})
    assert [hit.title for hit in response.context["hits"]] == ["Zeppelin visit"]
    html = text_of(response)
    # Another place adds to the topic; the chosen topic's link removes it.
    assert f'href="?q=zeppelin&amp;topic={topic.pk}&amp;place={place.pk}"' in html
    assert 'aria-label="Remove filter Topic: Airships"' in html
    assert f'<input type="hidden" name="topic" value="{topic.pk}">' in html


def test_a_decade_link_replaces_the_chosen_decade(client, indexing):
    with indexing():
        make_event("Zeppelin visit", date="1931")
        make_event("Zeppelin crash", date="1947")
    html = text_of(client.get(URL, {"q": "zeppelin", "decade": "1930"}))
    assert 'href="?q=zeppelin"' in html  # remove 1930s
    assert "decade=1940" not in html  # no 1940s among results filtered to the 1930s


def test_sort_links_and_pages_keep_every_parameter(client, indexing):
    with indexing():
        topic = make_topic("Airships")
        for year in range(1901, 1946):
            make_event(f"Zeppelin {year}", date=str(year)).topics.add(topic)
    response = client.get(URL, {"q": "zeppelin", "topic": topic.pk, "sort": "oldest"})
    html = text_of(response)
    assert response.context["page"].total == 45
    assert [hit.title for hit in response.context["hits"]][:2] == ["Zeppelin 1901", "Zeppelin 1902"]
    assert f'href="?q=zeppelin&amp;topic={topic.pk}&amp;sort=oldest&amp;page=2" rel="next"' in html
    assert f'<a href="?q=zeppelin&amp;topic={topic.pk}&amp;sort=newest">Newest first</a>' in html
    page_three = client.get(URL, {"q": "zeppelin", "topic": topic.pk, "sort": "oldest", "page": 3})
    assert [hit.title for hit in page_three.context["hits"]] == [f"Zeppelin {year}" for year in range(1941, 1946)]
    assert '<ol class="search-results entries" start="41">' in text_of(page_three)


def test_over_long_input_is_cut_with_a_notice(client):
    response = client.get(URL, {"q": "litvinov " * 50})
    assert response.status_code == 200
    assert "only the first 200 were used" in text_of(response)
    assert len(response.context["page"].query) <= 200


def test_a_query_of_common_words_says_so(client):
    assert "has only common words" in text_of(client.get(URL, {"q": "the of"}))


@pytest.fixture
def pact(indexing):
    with indexing():
        molotov = make_person("Vyacheslav Molotov")
        ribbentrop = make_person("Joachim von Ribbentrop")
        make_event("Non-aggression pact", people=[(molotov, "signatory"), (ribbentrop, "signatory")])
        make_event("Second meeting", people=[(molotov, "host")])
        make_event("German notes", summary="The notes spell it Molotow.")


def test_a_misspelt_name_is_searched_as_corrected_with_a_way_back(client, pact):
    response = client.get(URL, {"q": "Ribentrop"})
    html = text_of(response)
    assert "Nothing was found for “Ribentrop”. Showing results for <strong>“Ribbentrop”</strong>." in html
    assert '<a href="?q=Ribentrop&amp;exact=1">Search instead for “Ribentrop”</a>' in html
    assert response.context["hits"][0].title == "Joachim von Ribbentrop"
    exact = client.get(URL, {"q": "Ribentrop", "exact": "1"})
    assert exact.context["page"].total == 0
    assert "No results for “Ribentrop”" in text_of(exact)


def test_few_results_offer_did_you_mean(client, pact):
    html = text_of(client.get(URL, {"q": "Molotow", "type": "event"}))
    assert 'Did you mean <a href="?q=Molotov&amp;type=event">“Molotov”</a>?' in html


def test_the_page_links_the_opensearch_description(client):
    html = text_of(client.get(URL))
    assert (
        f'<link rel="search" type="application/opensearchdescription+xml" title="Search the archive" '
        f'href="{reverse("search:opensearch")}">'
    ) in html


def test_the_opensearch_description_points_at_the_search_page(client):
    response = client.get(reverse("search:opensearch"))
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    xml = text_of(response)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<Url type="text/html" method="get" template="http://testserver/search/?q={searchTerms}"/>' in xml
    assert re.search(r"<ShortName>.{1,16}</ShortName>", xml)


def test_a_results_page_costs_the_same_queries_for_1_or_20_results(client, indexing, django_assert_num_queries):
    with indexing():
        era, topic, place = make_era("Interwar"), make_topic("Airships"), make_place("Berlin")
        for i in range(25):
            event = make_event(f"Zeppelin {i}", date=f"19{10 + i}", era=era)
            event.topics.add(topic)
            event.places.add(place)
        lone = make_event("Dirigible", date="1930", era=era)
        lone.topics.add(topic)
        lone.places.add(place)
    one, twenty = {"q": "dirigible"}, {"q": "zeppelin"}
    # Ranked matches and total, the page's rows with highlights, vocabulary for "Did you mean",
    # facet counts, facet labels.
    with django_assert_num_queries(5):
        response = client.get(URL, twenty)
    assert len(response.context["hits"]) == 20
    with django_assert_num_queries(5):
        response = client.get(URL, one)
    assert len(response.context["hits"]) == 1


def test_past_the_ranking_cap_the_page_says_what_was_ranked(client, indexing, monkeypatch):
    from django.db import connection

    from events import search as search_module

    with indexing():
        for i in range(4):
            make_event(f"Zeppelin {i}", date=f"193{i}")
    monkeypatch.setattr(search_module, "RANKED_LIMIT", 2)
    response = client.get(URL, {"q": "zeppelin"})
    html = response.content.decode()
    assert "The 2 first matches found are ranked and counted alongside" in html
    if connection.vendor == "sqlite":
        assert "4 results for “zeppelin”" in html
    else:
        assert "More than 2 results for “zeppelin”" in html
    assert response.context["page_obj"].paginator.num_pages == 1
