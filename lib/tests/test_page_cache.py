"""Public pages for visitors: ETag and Last-Modified, 304s, the page cache and its invalidation (lib.page_cache)."""

import logging
import os
import time
from unittest import mock

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_event, make_person
from events.models import Event
from lib import page_cache
from lib.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return make_event("Recognition of the Soviet Union", people=[(make_person("Maxim Litvinov"), "negotiator")])


def _admin_change_url(record):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


PUBLIC_URLS = ["/", "/timeline/", "/events/", "/people/", "/agreements/"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_anonymous_pages_carry_validators_and_may_be_kept_a_minute(client, event, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith(" GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    # Staff get other pages at the same address (drafts, banners): shared caches must keep them apart.
    assert "Cookie" in response["Vary"]


def test_if_none_match_is_answered_with_304_without_a_query(client, event, django_assert_num_queries):
    etag = client.get(event.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        response = client.get(event.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_modified_since_is_answered_with_304(client, event):
    last_modified = client.get(event.get_absolute_url())["Last-Modified"]
    response = client.get(event.get_absolute_url(), headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_an_older_copy_gets_the_page(client, event):
    response = client.get(event.get_absolute_url(), headers={"if-modified-since": "Sat, 18 Nov 1933 12:00:00 GMT"})
    assert response.status_code == 200
    assert response.has_header("ETag")


def test_each_address_has_its_own_etag_query_string_included(client, event):
    etags = {client.get(url)["ETag"] for url in ("/events/", "/events/?page=2", "/events/?kind=meeting", "/people/")}
    assert len(etags) == 4


def test_the_second_visit_is_served_from_the_cache(client, event, django_assert_num_queries):
    first = client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(event.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["ETag"] == first["ETag"]


def test_head_requests_are_answered_from_the_cache_too(client, event, django_assert_num_queries):
    client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.head(event.get_absolute_url()).status_code == 200


def test_an_edit_makes_every_page_and_etag_stale(client, event, django_capture_on_commit_callbacks):
    old = {url: client.get(url) for url in (event.get_absolute_url(), "/events/")}

    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Recognition of the USSR"
        event.save()

    for url, response in old.items():
        new = client.get(url, headers={"if-none-match": response["ETag"]})
        assert new.status_code == 200, url
        assert new["ETag"] != response["ETag"]
        assert "Recognition of the USSR" in new.content.decode()


def test_a_browser_with_an_outdated_copy_gets_the_cached_new_page(
    client, event, django_capture_on_commit_callbacks, django_assert_num_queries
):
    old_etag = client.get(event.get_absolute_url())["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Recognition of the USSR"
        event.save()
    client.get(event.get_absolute_url())  # the first visitor after the edit builds and stores it

    with django_assert_num_queries(0):
        response = client.get(event.get_absolute_url(), headers={"if-none-match": old_etag})
    assert response.status_code == 200
    assert "Recognition of the USSR" in response.content.decode()


def test_a_publisher_publishing_in_the_admin_shows_the_record_at_once(
    client, publisher_client, admin_form_data, django_capture_on_commit_callbacks
):
    draft = make_event("Bullitt arrives in Moscow", status=Status.REVIEW)
    before = client.get("/events/")
    assert "Bullitt arrives" not in before.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404

    data = admin_form_data(publisher_client.get(_admin_change_url(draft)))
    data["status"] = Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        assert publisher_client.post(_admin_change_url(draft), data).status_code == 302

    after = client.get("/events/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert "Bullitt arrives" in after.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_related_change_and_a_delete_invalidate_too(client, event, django_capture_on_commit_callbacks):
    person = event.participants.get().person
    first = client.get(event.get_absolute_url())["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        person.display_name = "Maksim Litvinov"
        person.save()
    second = client.get(event.get_absolute_url())
    assert "Maksim Litvinov" in second.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        event.topics.create(name="Diplomatic recognition", slug="diplomatic-recognition")
    third = client.get(event.get_absolute_url())
    assert "Diplomatic recognition" in third.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert len({first, second["ETag"], third["ETag"]}) == 3


def test_a_transaction_bumps_the_version_once(django_capture_on_commit_callbacks):
    with mock.patch.object(page_cache, "bump_content_version") as bump:
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(3):
                make_event(f"Event {i}")
    assert bump.call_count == 1


def test_only_curated_records_bump(django_capture_on_commit_callbacks):
    with mock.patch.object(page_cache, "bump_content_version") as bump:
        with django_capture_on_commit_callbacks(execute=True):
            User.objects.create_user("someone")
    assert bump.call_count == 0
    assert page_cache._is_curated(Event) and page_cache._is_curated(Event.places.through)
    assert not page_cache._is_curated(Event.history.model) and not page_cache._is_curated(User)


def test_an_uncommitted_edit_does_not_bump(client, event):
    etag = client.get(event.get_absolute_url())["ETag"]
    event.title = "Not yet committed"
    event.save()  # the test's transaction never commits
    assert client.get(event.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304


def test_staff_pages_are_never_cached_and_show_drafts(client, editor_client, event):
    draft = make_event("Unfinished", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404

    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: not published" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert not response.has_header("ETag")

    etag = client.get(event.get_absolute_url())["ETag"]  # now cached for visitors
    staff = editor_client.get(event.get_absolute_url(), headers={"if-none-match": etag})
    assert staff.status_code == 200 and "private" in staff["Cache-Control"]

    editor_client.get("/timeline/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/timeline/")
    assert len(queries) > 0  # the staff visit stored nothing: built again for the visitor


def test_not_found_pages_are_not_cached_or_marked_public(client, django_capture_on_commit_callbacks):
    draft = make_event("Unfinished", status=Status.DRAFT)
    missing = client.get(draft.get_absolute_url())
    assert missing.status_code == 404
    assert not missing.has_header("ETag") and not missing.has_header("Cache-Control")

    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Status.PUBLISHED
        draft.save()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_old_addresses_still_redirect_uncached(client, event):
    old_url = event.get_absolute_url()
    event.slug = "recognition-of-the-ussr"
    event.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert not response.has_header("ETag")


def test_pages_are_served_when_the_cache_fails(client, event, caplog):
    failure = ConnectionError("Redis is down")
    backend = caches["default"]
    with (
        mock.patch.object(backend, "get", side_effect=failure),
        mock.patch.object(backend, "get_many", side_effect=failure),
        mock.patch.object(backend, "add", side_effect=failure),
        mock.patch.object(backend, "set", side_effect=failure),
        caplog.at_level(logging.WARNING, logger="lib.page_cache"),
    ):
        response = client.get(event.get_absolute_url())
        again = client.get(event.get_absolute_url())
    assert response.status_code == again.status_code == 200
    assert "Recognition of the Soviet Union" in again.content.decode()
    assert not response.has_header("ETag")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cache unavailable" in caplog.text


def test_pages_are_served_when_the_cache_fails_only_on_store(client, event):
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("Redis is down")):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert response.has_header("ETag")


def test_pages_are_served_when_redis_is_unreachable(client, event, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert client.get(event.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Edited while Redis is down"
        event.save()  # the bump fails after the commit; the save stands
    assert "Edited while Redis is down" in client.get(event.get_absolute_url()).content.decode()


def test_requests_with_messages_to_show_are_not_cached():
    view = page_cache.public_page(lambda request: HttpResponse("page"))
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    request._messages.add(messages.INFO, "Saved.")
    response = view(request)
    assert not response.has_header("ETag")
    assert cache.get(page_cache.VERSION_KEY) is None


def test_the_release_is_part_of_the_etag(client, event, settings):
    first = client.get(event.get_absolute_url())["ETag"]
    page_cache.release.cache_clear()
    settings.SITE_RELEASE = "a-new-deploy"
    try:
        assert client.get(event.get_absolute_url())["ETag"] != first
    finally:
        page_cache.release.cache_clear()


def test_the_timeline_counts_its_decades_once_per_edit(client, django_capture_on_commit_callbacks):
    make_event("Recognition", date="1933-11-16")
    make_event("Yalta", date="1945-02")
    client.get("/timeline/?decade=1930")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/timeline/?decade=1940")
    assert not any("GROUP BY" in query["sql"] for query in queries.captured_queries)
    assert [entry["label"] for entry in response.context["decades"]] == ["1930s", "1940s"]

    with django_capture_on_commit_callbacks(execute=True):
        make_event("Korean War", date="1950-06-25")
    response = client.get("/timeline/?decade=1940")
    assert [entry["label"] for entry in response.context["decades"]] == ["1930s", "1940s", "1950s"]
    filtered = client.get("/timeline/?decade=1940&year_from=1940")
    assert [entry["label"] for entry in filtered.context["decades"]] == ["1940s", "1950s"]


@pytest.fixture
def redis_cache(settings):
    """The cache in the Redis of REDIS_URL (as in CI's PostgreSQL run), under a prefix of its own."""
    location = os.environ.get("REDIS_URL")
    if not location:
        pytest.skip("REDIS_URL is not set")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "archive-test-l1",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        caches["default"].clear()
    except Exception:
        pytest.skip("no Redis on 127.0.0.1")
    page_cache.forget_local()
    yield caches["default"]
    page_cache.forget_local()


def test_with_redis_a_page_served_again_within_a_second_needs_no_round_trip(client, event, redis_cache, settings):
    settings.PAGE_L1_SECONDS = 60
    client.get(event.get_absolute_url())
    with mock.patch.object(redis_cache, "get_many") as get_many, mock.patch.object(redis_cache, "get") as get:
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200 and "Recognition of the Soviet Union" in response.content.decode()
    assert get_many.call_count == get.call_count == 0


def test_with_redis_the_first_level_is_stale_for_at_most_page_l1_seconds(
    client, event, redis_cache, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_L1_SECONDS = 60
    first = client.get(event.get_absolute_url())
    # Another process's edit: it replaces the version in Redis, this process does not hear of it.
    redis_cache.set(page_cache.VERSION_KEY, page_cache._new_version(None))
    assert client.get(event.get_absolute_url())["ETag"] == first["ETag"]
    settings.PAGE_L1_SECONDS = 0.001
    assert client.get(event.get_absolute_url())["ETag"] != first["ETag"]

    # An edit made through this process shows at once.
    settings.PAGE_L1_SECONDS = 60
    client.get(event.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Recognition, edited"
        event.save()
    assert "Recognition, edited" in client.get(event.get_absolute_url()).content.decode()


def test_the_first_level_is_off_with_the_local_memory_cache(client, event, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "l1-test"}}
    settings.PAGE_L1_SECONDS = 60
    client.get(event.get_absolute_url())
    assert page_cache._l1_version() is None and not page_cache._l1["pages"]


def test_a_remembered_value_is_computed_once_and_read_from_the_cache_once_per_version():
    computed = []

    def compute():
        computed.append(1)
        return {"count": len(computed)}

    first = page_cache.remember("a value", compute)
    shared = caches["default"]
    with mock.patch.object(shared, "get", wraps=shared.get) as get:
        again = page_cache.remember("a value", compute)
    assert again is first and computed == [1]
    # Only the version, with the local-memory cache (which keeps no first level of its own).
    assert [call.args[0] for call in get.call_args_list] in ([], [page_cache.VERSION_KEY])

    page_cache.bump_content_version()
    assert page_cache.remember("a value", compute) == {"count": 2}


def test_a_remembered_value_another_process_kept_is_read_from_the_cache(settings):
    token = page_cache.content_version()["token"]
    key = f"{page_cache.DERIVED_KEY_PREFIX}:{page_cache._digest(token, 'a value')}"
    caches["default"].set(key, "kept elsewhere")
    assert page_cache.remember("a value", lambda: "computed here") == "kept elsewhere"


def test_remembered_values_per_process_are_bounded(monkeypatch):
    monkeypatch.setattr(page_cache, "DERIVED_ENTRIES", 3)
    for number in range(5):
        page_cache.remember(f"value {number}", lambda number=number: number)
    assert list(page_cache._derived["values"].values()) == [2, 3, 4]


def test_with_redis_a_remembered_value_follows_another_processs_edit_within_page_l1_seconds(redis_cache, settings):
    settings.PAGE_L1_SECONDS = 60
    assert page_cache.remember("a value", lambda: "before") == "before"
    # Another process's edit: it replaces the version in Redis, this process does not hear of it.
    redis_cache.set(page_cache.VERSION_KEY, page_cache._new_version(None))
    assert page_cache.remember("a value", lambda: "after") == "before"
    settings.PAGE_L1_SECONDS = 0.001
    time.sleep(0.01)
    assert page_cache.remember("a value", lambda: "after") == "after"


def test_a_visitor_without_cookies_gets_the_kept_page_before_the_url_resolver(client, event):
    first = client.get(event.get_absolute_url())
    assert not client.cookies
    with mock.patch("django.urls.resolvers.URLResolver.resolve", side_effect=AssertionError("resolved")):
        again = client.get(event.get_absolute_url())
    assert again.status_code == 200 and again.content == first.content
    # Kept as it left the middleware below: the same headers as the page that was built.
    for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "X-Frame-Options"):
        assert again[name] == first[name], name
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]  # added above it


def test_a_visitor_with_a_cookie_gets_the_kept_page_from_the_views_decorator(client, event, django_assert_num_queries):
    first = client.get(event.get_absolute_url())
    client.cookies["theme"] = "dark"  # any cookie: a session or messages could come with one
    with mock.patch("lib.page_cache._lookup", wraps=page_cache._lookup) as lookup:
        with django_assert_num_queries(0):
            again = client.get(event.get_absolute_url())
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert lookup.call_count == 1  # by the decorator only


def test_a_conditional_request_without_cookies_is_answered_by_the_views_decorator(client, event):
    first = client.get(event.get_absolute_url())
    with mock.patch("lib.page_cache._lookup", wraps=page_cache._lookup) as lookup:
        response = client.get(event.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and response["ETag"] == first["ETag"]
    # Not by the middleware, which cannot tell a public page's address from another before the view.
    assert [call.kwargs["fetch_page"] for call in lookup.call_args_list] == [False]


def test_without_the_middleware_the_decorator_keeps_pages_itself(client, event, settings, django_assert_num_queries):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "lib.page_cache.CachedPageMiddleware"]
    first = client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(event.get_absolute_url())
    assert again.content == first.content
