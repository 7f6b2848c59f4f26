"""The 404 page as production shows it (DEBUG off), and hostile input on every list page."""

import pytest

from conftest import make_agreement, make_event, make_person

pytestmark = pytest.mark.django_db


def test_the_404_page_helps_the_reader_on(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found</h1>" in html
    assert 'name="q"' in html and 'role="search"' in html
    for link in ("/timeline/", "/people/", "/agreements/"):
        assert f'href="{link}"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_draft_gets_the_same_404_page(client, settings):
    settings.DEBUG = False
    draft = make_event("Unfinished", status="draft")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found</h1>" in response.content.decode()
    assert "Unfinished" not in response.content.decode()


HOSTILE = [
    {"page": "-1"},
    {"page": "abc"},
    {"page": str(10**12)},
    {"year_from": "abc"},
    {"year_to": "-5"},
    {"decade": "99999"},
    {"letter": "ab"},
    {"letter": "\x00"},
    {"country": "<script>"},
    {"q": "\x00"},
    {"q": "%' OR 1=1 --"},
    {"kind": ["a", "b"]},
    {"unknown": "x"},
]


@pytest.mark.parametrize("url", ["/", "/timeline/", "/events/", "/people/", "/agreements/"])
@pytest.mark.parametrize("params", HOSTILE)
def test_list_pages_never_fail_on_hostile_parameters(client, url, params):
    make_event()
    make_person()
    make_agreement()
    assert client.get(url, params).status_code == 200
