"""Fast public pages: ETag and Last-Modified, 304 answers and a page cache, all tied to one content version.

The content version is a value in the cache ("archive:content-version": a random token and the
time of the last change) that every save or delete of a curated record replaces once its
transaction commits. Anonymous pages use it twice:

* their ETag hashes the token, the page's address and the release (code and templates), and their
  Last-Modified is the time of the last change, so a browser's copy is revalidated with a 304;
* each cached page is kept with the token it was built under (fetched with the version in one
  round trip) and served only while that is the current one, so one edit makes every cached page
  stale at once, with no key scanning. A person's name is shown on hundreds of event pages:
  tracking which pages a change touches is not worth it on a site curators edit a few times an hour.

The version lives as long as any cache entry (CACHES TIMEOUT, 10 minutes by default): a change no
signal reports (a queryset ``update()``, raw SQL, a bulk import) is visible within that time.
With the local-memory cache each process keeps its own version, so one process's edit reaches the
others only then: run several workers with REDIS_URL.

Staff see drafts and preview banners: their pages are never cached and are marked private. The
cache only makes pages faster: when it fails (Redis down) pages are built from the database.

In front of a shared cache (Redis), each process keeps a first level of its own: the content
version it last read and the pages it last served, used without asking Redis for up to
PAGE_L1_SECONDS (1 s by default; 0 turns it off). Another process's edit may therefore show up
to that much later here; an edit made through this process shows at once. A Redis round trip
cost a third of a cached page's time (docs/performance.md).
"""

import collections
import functools
import hashlib
import logging
import os
import threading
import time
import uuid
from typing import NamedTuple

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import http_date, quote_etag
from simple_history.models import registered_models

logger = logging.getLogger(__name__)

VERSION_KEY = "archive:content-version"
PAGE_KEY_PREFIX = "archive:page"
DERIVED_KEY_PREFIX = "archive:derived"


# The content version.


def content_version():
    """{"token": str, "modified": float (epoch seconds)}; made on first use. Raises what the cache raises."""
    state = cache.get(VERSION_KEY)
    if state is None:
        # The cache was emptied or the version expired: changes since are unknown, so "now".
        state = _new_version(None)
        if not cache.add(VERSION_KEY, state):  # another process made one first
            state = cache.get(VERSION_KEY) or state
    return state


def bump_content_version():
    """Make every cached page and every ETag stale (after a change the signals cannot see, e.g. an import)."""
    forget_local()  # this process sees its own edit at once
    try:
        cache.set(VERSION_KEY, _new_version(cache.get(VERSION_KEY)))
    except Exception:
        # The edit is saved; pages stay stale at most until the version expires.
        logger.exception("Could not bump the content version")


def _new_version(previous):
    # Never older than the previous change, so Last-Modified only moves forward even if clocks differ.
    modified = max(time.time(), previous["modified"] if previous else 0)
    return {"token": uuid.uuid4().hex, "modified": modified}


# Receivers. STYLE keeps signals for derived copies (search indexing): the cached pages are one, and
# the admin, fixtures and scripts save records in different ways that must all reach them.

_pending = threading.local()  # "dirty": this thread's open transaction changed a curated record


def _is_curated(model):
    """Models with history (every model curators edit) and the many-to-many tables they declare."""
    owner = model._meta.auto_created or model
    return registered_models.get(owner._meta.db_table) is owner


def _on_change(sender, **kwargs):
    if _is_curated(sender):
        # One callback per row, but only the first after a commit bumps: an import may save thousands.
        # After a rollback the flag stays set and the next commit bumps once too many, which is harmless.
        _pending.dirty = True
        transaction.on_commit(_bump_if_dirty, robust=True)


def _on_m2m_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _on_change(sender)


def _bump_if_dirty():
    if getattr(_pending, "dirty", False):
        _pending.dirty = False
        bump_content_version()


def connect_signals():
    """Called from EventsConfig.ready(): every curated model, both apps."""
    post_save.connect(_on_change, dispatch_uid="lib.page_cache.save")
    post_delete.connect(_on_change, dispatch_uid="lib.page_cache.delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="lib.page_cache.m2m")


# The first level: this process's copy of the version and of the pages it served (see the docstring).

L1_SECONDS = 1.0  # default of settings.PAGE_L1_SECONDS
L1_ENTRIES = 256  # pages kept per process; the largest list pages are about 200 KB
_l1_lock = threading.Lock()
_l1 = {"version": None, "read_at": 0.0, "pages": collections.OrderedDict()}


def _l1_seconds():
    return getattr(settings, "PAGE_L1_SECONDS", L1_SECONDS)


def _l1_enabled():
    # The local-memory cache is already this process's own: a first level would only copy it.
    return _l1_seconds() > 0 and not isinstance(caches["default"], LocMemCache)


def _l1_version():
    """The version this process read less than PAGE_L1_SECONDS ago, else None."""
    if not _l1_enabled():
        return None
    with _l1_lock:
        if _l1["version"] is not None and time.monotonic() - _l1["read_at"] < _l1_seconds():
            return _l1["version"]
    return None


def _l1_read_version(version):
    """Note ``version`` as just read from the shared cache; pages of an older version are dropped."""
    if version is None or not _l1_enabled():
        return
    with _l1_lock:
        if _l1["version"] is None or _l1["version"]["token"] != version["token"]:
            _l1["pages"].clear()
        _l1["version"], _l1["read_at"] = version, time.monotonic()


def _l1_page(key):
    with _l1_lock:
        return _l1["pages"].get(key)


def _l1_keep(key, page):
    if not _l1_enabled():
        return
    with _l1_lock:
        _put_last(_l1["pages"], key, page, L1_ENTRIES)


def _put_last(entries, key, value, limit):
    """Into an OrderedDict used least recently first: ``key`` last, the oldest beyond ``limit`` out."""
    entries[key] = value
    entries.move_to_end(key)
    while len(entries) > limit:
        entries.popitem(last=False)


def forget_local():
    """Empty this process's first level (after an edit here; tests call it with cache.clear())."""
    with _l1_lock:
        _l1["version"], _l1["read_at"] = None, 0.0
        _l1["pages"].clear()
        _derived["token"] = None
        _derived["values"].clear()


# The values remember() returned in this process, under the content version they belong to.
DERIVED_ENTRIES = 512
_derived = {"token": None, "values": collections.OrderedDict()}


def remember(name, compute):
    """``compute()``, kept in the cache until the next edit: for costly values several pages share.

    The timeline's decade counts, for instance, are the same for every decade's page. ``name`` must
    say everything the value depends on besides the records. Computed afresh if the cache fails.

    Each process also keeps the values it read until the version changes: the shared cache is asked
    once per value and version, not on every page (a Redis round trip each, and an unpickling with
    either cache: up to six a list page). The value returned is therefore shared between requests:
    read it, never change it.
    """
    version = _l1_version()
    if version is None:
        version = _try(content_version)
        _l1_read_version(version)
    if version is None:
        return compute()
    key = f"{DERIVED_KEY_PREFIX}:{_digest(version['token'], name)}"
    with _l1_lock:
        if _derived["token"] != version["token"]:
            _derived["token"] = version["token"]
            _derived["values"].clear()
        value = _derived["values"].get(key)
    if value is not None:
        return value
    value = _try(cache.get, key)
    if value is None:
        value = compute()
        _try(cache.set, key, value)
    with _l1_lock:
        if _derived["token"] == version["token"]:  # not if another thread saw a newer version meanwhile
            _put_last(_derived["values"], key, value, DERIVED_ENTRIES)
    return value


def public_count(model):
    """How many public records ``model`` has (``objects.published()``), kept until the next edit:
    the home page shows it, and list pages weigh a record's share of the events with it."""
    return remember(f"count:public:{model._meta.label_lower}", model.objects.published().count)


# The view decorator, and the middleware that serves what it keeps.


class _Lookup(NamedTuple):
    address: str  # scheme and host too: pages hold absolute links
    key: str
    version: dict | None  # None when the cache cannot be read
    page: dict | None  # the kept page, when one of this version was asked for and found


def _lookup(request, fetch_page):
    """The content version and, when ``fetch_page``, the page kept for ``request``'s address.

    One round trip for both (Redis: two would cost a third of a cached page's time), none for what
    this process read less than PAGE_L1_SECONDS ago.
    """
    address = request.build_absolute_uri()
    key = f"{PAGE_KEY_PREFIX}:{_digest(release(), address)}"
    local = _l1_version()
    if local is not None:
        version, page = local, None
        if fetch_page:
            page = _l1_page(key) or _try(cache.get, key)
    else:
        found = _try(cache.get_many, [VERSION_KEY, key] if fetch_page else [VERSION_KEY])
        version = None if found is None else found.get(VERSION_KEY) or _try(content_version)
        _l1_read_version(version)
        page = None if found is None else found.get(key)
    return _Lookup(address, key, version, _current(key, page, version))


def _current(key, page, version):
    # A page is kept with the version it was built under: after a bump none matches any more.
    if page is None or version is None or page["version"] != version["token"]:
        return None
    _l1_keep(key, page)
    return page


def _from_page(page):
    return HttpResponse(page["content"], headers=page["headers"])


def _keep(request, response, lookup):
    """Keep ``response`` (with its final headers) for ``lookup``'s address and version."""
    if _storable(request, response):
        page = {"version": lookup.version["token"], "content": response.content, "headers": dict(response.headers)}
        _try(cache.set, lookup.key, page)
        _l1_keep(lookup.key, page)


def public_page(view):
    """Validators, 304s and the page cache for anonymous GET and HEAD requests of ``view``.

    Only 200 responses are cached and get validators; 404s and redirects pass through untouched.
    Under CachedPageMiddleware the page is kept by the middleware, with the headers the middleware
    below it adds, and served from there to visitors who send no cookie.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            # Staff may see drafts and a preview banner at a public address: no copies anywhere.
            add_never_cache_headers(response)
            return response
        if request.method not in ("GET", "HEAD") or len(get_messages(request)):
            return view(request, *args, **kwargs)

        # The middleware's lookup when it found no page; a conditional request may need only the version.
        lookup = getattr(request, "_page_cache_lookup", None) or _lookup(
            request, fetch_page=settings.PAGE_CACHE and not _is_conditional(request)
        )
        version = lookup.version
        if version is None:
            response = view(request, *args, **kwargs)
            return _with_headers(response, _public_headers()) if response.status_code == 200 else response
        etag = quote_etag(_digest(version["token"], release(), lookup.address)[:32])
        last_modified = int(version["modified"])
        headers = {**_public_headers(), "ETag": etag, "Last-Modified": http_date(last_modified)}

        conditional = get_conditional_response(request, etag, last_modified)
        if conditional is not None:
            return _with_headers(conditional, headers)  # 304 Not Modified, or 412 for a failed If-Match

        page = lookup.page
        if page is None and settings.PAGE_CACHE and _is_conditional(request):
            page = _current(lookup.key, _try(cache.get, lookup.key), version)  # not answered with a 304
        if page is not None:
            return _with_headers(_from_page(page), headers)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        _with_headers(response, headers)
        if settings.PAGE_CACHE:
            if getattr(request, "_page_cache_middleware", False):
                response._page_cache_lookup = lookup  # kept by the middleware on its way out
            else:
                _keep(request, response, lookup)
        return response

    return wrapper


class CachedPageMiddleware:
    """Serves the pages public_page keeps to visitors who send no cookie, above the middleware that
    such a page does not need; and keeps each page public_page builds, on its way out.

    A request without a cookie has no session, so no user and no messages: a kept page is all it
    can get. Answering it here skips sessions, CSRF, authentication, messages, django-axes, the
    database guard and the URL resolver, which were half of a cached page's time. The page is kept
    as it leaves the middleware below (with the ``Vary`` and ``X-Frame-Options`` headers they add),
    so that the copy served here is the same. Conditional requests go on to the view's decorator,
    which answers them for the pages it knows to be public. It goes right after WhiteNoise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.COOKIES
            and not _is_conditional(request)
        ):
            lookup = _lookup(request, fetch_page=True)
            if lookup.page is not None:
                return _from_page(lookup.page)
            request._page_cache_lookup = lookup
        request._page_cache_middleware = True
        response = self.get_response(request)
        lookup = getattr(response, "_page_cache_lookup", None)
        if lookup is not None:
            _keep(request, response, lookup)
        return response


def _digest(*parts):
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _is_conditional(request):
    return any(name in request.META for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH"))


def _try(function, *args):
    """``function(*args)``, or None (logged) when the cache fails."""
    try:
        return function(*args)
    except Exception:
        logger.warning("Cache unavailable: pages are served from the database", exc_info=True)
        return None


def _storable(request, response):
    # As Django's UpdateCacheMiddleware: never keep a page that sets a cookie (a CSRF token).
    return not response.streaming and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def _public_headers():
    # Set outright, not with patch_cache_control(): the decorator owns the header, and patching
    # cost a fifth of the time of a cached page.
    return {"Cache-Control": f"public, max-age={settings.PAGE_MAX_AGE}"}


def _with_headers(response, headers):
    for name, value in headers.items():
        response.headers[name] = value
    return response


# The release: part of every ETag and cache key, so a deploy never serves the old templates' pages.

_NOT_SOURCE = {"media", "staticfiles", "node_modules", "docs", "scripts", "tests", "migrations"}


@functools.cache
def release():
    """settings.SITE_RELEASE (e.g. the deployed commit), else a fingerprint of the code and templates."""
    if settings.SITE_RELEASE:
        return settings.SITE_RELEASE
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(settings.BASE_DIR):
        # Code, templates and static sources: not the virtualenv, caches, uploads or collected files.
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d not in _NOT_SOURCE)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".xml", ".css", ".js")):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name} {stat.st_mtime_ns} {stat.st_size}\n".encode())
    return digest.hexdigest()[:16]
