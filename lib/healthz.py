"""``/healthz``: can this app server reach the database and the cache?

200 ``{"database": "ok", "cache": "ok"}`` when both answer, otherwise 503 with the same keys and
"unavailable" for what failed. Never cached, no login. It is answered by a middleware placed
before every other one because load balancers probe each server by its own address over plain
HTTP: the ALLOWED_HOSTS check and the HTTPS redirect would refuse those probes.

The site keeps serving pages from the database when Redis is down, so a balancer should not take
every server out of service for that: ``/healthz?cache=optional`` still reports the cache but
answers 503 only when the database fails.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATHS = {"/healthz", "/healthz/"}
PROBE_KEY = "archive:healthz"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    # A value of our own, so that a cache that silently drops writes is caught too.
    token = uuid.uuid4().hex
    cache.set(PROBE_KEY, token, 30)
    return cache.get(PROBE_KEY) == token


def _run(check):
    try:
        return "ok" if check() else "unavailable"
    except Exception:
        logger.warning("Health check %s failed", check.__name__, exc_info=True)
        return "unavailable"


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    report = {"database": _run(check_database), "cache": _run(check_cache)}
    required = ["database"] if request.GET.get("cache") == "optional" else ["database", "cache"]
    healthy = all(report[name] == "ok" for name in required)
    response = JsonResponse(report, status=200 if healthy else 503)
    add_never_cache_headers(response)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PATHS:
            return healthz(request)
        return self.get_response(request)
