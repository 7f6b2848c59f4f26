"""The home page (/), and what every page shares (landmarks, the stylesheet)."""

import re

import pytest
from django.urls import reverse

from conftest import make_agreement, make_era, make_event, make_person
from lib.publishing import Status

pytestmark = pytest.mark.django_db


def test_it_counts_public_records_only(client):
    make_event("One")
    make_event("Two", status=Status.RETIRED)
    make_event("Draft", status=Status.DRAFT)
    make_person("Maxim Litvinov")
    make_agreement(status=Status.REVIEW)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["counts"] == {"events": 2, "people": 1, "agreements": 0}
    html = response.content.decode()
    assert "<strong>2</strong> events" in html
    assert "<strong>1</strong> person" in html
    assert html.count("<h1") == 1


def test_the_counts_follow_a_curator_publishing_a_record(client, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE = False  # Built every time: the counts themselves are kept until the next edit.
    event = make_event("Soon public", status=Status.DRAFT)
    assert client.get("/").context["counts"]["events"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        event.status = Status.PUBLISHED
        event.save()

    assert client.get("/").context["counts"]["events"] == 1


def test_it_lists_the_eras_with_their_years(client):
    make_era("World War I and After", 1914, 1920)
    make_era("Interwar Diplomacy", 1921, 1936)
    html = client.get("/").content.decode()
    assert "World War I and After" in html and "1914–1920" in html
    assert html.index("World War I") < html.index("Interwar Diplomacy")


def test_it_lists_recently_updated_public_records_newest_first(client):
    make_event("Older event")
    make_person("Newer Person")
    make_agreement("Newest Agreement")
    make_event("Draft event", status=Status.DRAFT)
    recent = [item["record"].__str__() for item in client.get("/").context["recent"]]
    assert recent == ["Newest Agreement", "Newer Person", "Older event"]


def test_it_has_a_labelled_search_box(client):
    html = client.get("/").content.decode()
    assert '<label for="home-search">Search the archive</label>' in html
    assert f'action="{reverse("search:results")}"' in html  # the site search (events/search.py)


def test_every_page_has_the_landmarks_and_skip_link(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    for link in ("/timeline/", "/events/", "/people/", "/agreements/"):
        assert f'href="{link}"' in html
    assert "Foreign Relations Archive" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_pages_load_no_files_from_other_sites(client):
    event = make_event("Recognition")
    for url in ("/", "/timeline/", "/events/", event.get_absolute_url(), "/people/", "/agreements/"):
        html = client.get(url).content.decode()
        loaded = re.findall(r'<(?:script|img|iframe|source|video|audio)[^>]*\ssrc="([^"]*)"', html)
        loaded += re.findall(r'<link[^>]*rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href="([^"]*)"', html)
        assert loaded, url
        assert all(address.startswith("/") and not address.startswith("//") for address in loaded), (url, loaded)


def test_home_queries(client, django_assert_num_queries):
    make_event()
    # Three counts, the eras, three "recently updated" lists.
    with django_assert_num_queries(7):
        client.get("/")


def test_the_home_page_reads_no_long_texts(client, django_assert_num_queries):
    # The eras and the recent records are links: their introductions, narratives, biographies and
    # texts stay in the database.
    make_era()
    make_event(summary="A summary.")
    make_person("Someone", biography="A biography.")
    make_agreement()
    with django_assert_num_queries(7) as queries:
        html = client.get("/").content.decode()
    assert "Someone" in html
    columns = " ".join(query["sql"] for query in queries.captured_queries)
    for long_text in ("introduction", "summary", "biography", "body"):
        assert f'."{long_text}' not in columns, long_text
