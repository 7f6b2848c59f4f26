"""/healthz, the 503 page while the database is unreachable, and a Redis outage that is only slower."""

import json
from unittest import mock

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import caches
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory
from redis.exceptions import ConnectionError as RedisConnectionError

from conftest import make_event
from lib.middleware import server_error
from lib.resilient_cache import ResilientRedisCache

pytestmark = pytest.mark.django_db

DATABASE_DOWN = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "lib.resilient_cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def _fail_queries(error=DATABASE_DOWN):
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error)


def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_and_names_the_database_when_it_fails(client):
    with _fail_queries():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "unavailable", "cache": "ok"}


def test_healthz_is_503_when_the_cache_fails_unless_the_cache_is_optional(client):
    with mock.patch.object(caches["default"], "get", return_value=None):  # writes are lost
        strict = client.get("/healthz")
        lenient = client.get("/healthz", {"cache": "optional"})
    assert strict.status_code == 503
    assert json.loads(strict.content) == {"database": "ok", "cache": "unavailable"}
    assert lenient.status_code == 200
    assert json.loads(lenient.content) == {"database": "ok", "cache": "unavailable"}


def test_healthz_answers_probes_by_address_over_plain_http(client, settings):
    # A balancer probes each server at its own address, without TLS.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["archive.example"]
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    # Other pages still get the host check and the redirect.
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400
    assert client.get("/", HTTP_HOST="archive.example").status_code == 301


def test_healthz_takes_no_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("error", [DATABASE_DOWN, InterfaceError("connection already closed")])
def test_a_page_gives_a_503_page_while_the_database_is_down(client, error):
    event = make_event()
    with _fail_queries(error):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Briefly unavailable" in response.content.decode()
    assert "Content-Security-Policy" in response
    # The site answers again as soon as the database does, without a restart.
    assert client.get(event.get_absolute_url()).status_code == 200


def test_a_curator_gets_the_503_page_too(superuser_client):
    with _fail_queries():
        response = superuser_client.get("/admin/events/event/")
    assert response.status_code == 503


def test_other_errors_are_still_500s():
    client = Client(raise_request_exception=False)
    with _fail_queries(ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_error_handler_turns_database_errors_outside_views_into_503s():
    request = RequestFactory().get("/")
    try:
        raise DATABASE_DOWN
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


# Redis down: the cache backend answers "not cached" instead of raising.


def test_the_resilient_cache_treats_an_unreachable_redis_as_empty():
    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    cache.set("key", "value")
    assert cache.get("key", "default") == "default"
    assert cache.add("key", "value") is False
    assert cache.get_many(["key"]) == {}
    assert cache.set_many({"key": "value"}) == ["key"]
    assert cache.delete("key") is False
    assert cache.has_key("key") is False


def test_a_curator_stays_logged_in_and_served_while_redis_is_down(settings, superuser):
    client = Client()
    client.force_login(superuser)
    settings.CACHES = UNREACHABLE_REDIS
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # The session row is in the database; the cache miss and the failed cache write are shrugged off.
    response = client.get("/admin/events/event/")
    assert response.status_code == 200
    assert response.context["request"].user == superuser


def test_public_pages_are_served_while_redis_is_down(settings, client):
    event = make_event()
    settings.CACHES = UNREACHABLE_REDIS
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get("/healthz", {"cache": "optional"}).status_code == 200
    assert json.loads(client.get("/healthz").content) == {"database": "ok", "cache": "unavailable"}


def test_djangos_own_redis_cache_would_fail_the_session_instead(settings, superuser):
    # Why lib/resilient_cache.py exists: cached_db asks the cache whether a new session key is
    # taken, and caches a session it read from the database, without catching errors.
    settings.CACHES = {
        "default": {**UNREACHABLE_REDIS["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache"}
    }
    store = SessionStore()
    store["user"] = superuser.pk
    with pytest.raises(RedisConnectionError):
        store.save()
