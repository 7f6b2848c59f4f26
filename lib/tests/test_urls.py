"""lib.urls: slug_url and the site_urls context processor give what reverse() gives, reversed once."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from lib.urls import SITE_ROUTES, site_urls, slug_url

ROUTES = ["events:detail", "events:era", "events:place", "events:topic", "events:agreement", "people:detail"]


@pytest.mark.parametrize("name", ROUTES)
def test_it_gives_what_reverse_gives(name):
    for slug in ("recognition-of-the-soviet-union", "a", "slug_marker", "1933"):
        assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/archive/")
        assert slug_url("events:detail", "pact") == "/archive/events/pact/" == reverse("events:detail", args=["pact"])
    finally:
        set_script_prefix("/")
    assert slug_url("events:detail", "pact") == "/events/pact/"


def test_a_value_that_is_no_slug_fails_as_reverse_does():
    for value in ("", "two words", "pact\n", "a/b"):
        with pytest.raises(NoReverseMatch):
            slug_url("events:detail", value)


def test_site_urls_are_what_reverse_gives_under_any_script_prefix(rf):
    for prefix in ("/archive/", "/"):
        try:
            set_script_prefix(prefix)
            urls = site_urls(rf.get("/"))["site_urls"]
            assert urls == {key: reverse(name) for key, name in SITE_ROUTES.items()}
            assert urls["timeline"] == f"{prefix}timeline/"
        finally:
            set_script_prefix("/")


@pytest.mark.django_db
def test_every_page_links_to_the_site_addresses(client):
    page = client.get("/does-not-exist/").content.decode()  # the 404 page extends base.html too
    for name in SITE_ROUTES.values():
        assert f'"{reverse(name)}"' in page
