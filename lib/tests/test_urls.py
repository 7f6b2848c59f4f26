"""lib.urls.slug_url: the same address as reverse(), reversed once per route."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from lib.urls import slug_url

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
