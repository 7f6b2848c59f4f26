"""Addresses reversed once per route instead of once per use: records by slug, and the site's
fixed addresses that every page links to."""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = "slug-marker"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the <slug:slug> converter matches


def slug_url(name, slug):
    """``reverse(name, kwargs={"slug": slug})``, from the route's address reversed once.

    A list of 50 events with their eras and key people reversed ~200 addresses, at about 20 µs
    each. The route still comes from urls.py, so a changed route changes every address.
    """
    return slug_urls(name)(slug)


def slug_urls(name):
    """``slug_url`` for many rows of one route: ``slug -> address``, with the script prefix and the
    urlconf (two thread-local lookups, a tenth of a 200-row timeline page) read once."""
    head, tail = _route(name, get_script_prefix(), get_urlconf())

    def url(slug):
        if not _SLUG.fullmatch(slug or ""):
            return reverse(name, kwargs={"slug": slug})  # raises NoReverseMatch as before
        return f"{head}{slug}{tail}"  # a slug needs no quoting

    return url


@functools.lru_cache(maxsize=256)
def _route(name, script_prefix, urlconf):
    # Both are part of the key: reverse() starts every address with the prefix, and a request may
    # set its own urlconf.
    head, _, tail = reverse(name, kwargs={"slug": _MARKER}).rpartition(_MARKER)
    return head, tail


# The addresses base.html links to on every page, by the names it uses (site_urls.timeline).
SITE_ROUTES = {
    "home": "events:home",
    "timeline": "events:timeline",
    "events": "events:list",
    "people": "people:list",
    "agreements": "events:agreements",
    "feed": "feed",
    "search": "search:results",
}


def site_urls(request):
    """Context processor: ``site_urls``, the addresses of SITE_ROUTES. The header and footer reversed
    twelve addresses for every page, a twentieth of an event page's time."""
    return {"site_urls": _site_urls(get_script_prefix(), get_urlconf())}


@functools.lru_cache(maxsize=16)
def _site_urls(script_prefix, urlconf):
    return {key: reverse(name, urlconf=urlconf) for key, name in SITE_ROUTES.items()}
