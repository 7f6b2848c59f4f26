"""A clean 503 page, instead of a 500, while the database cannot be reached.

PostgreSQL restarting, a failover or a full connection pool raise ``OperationalError`` (or
``InterfaceError`` on a connection that died) from whatever query the request was making. The
reader gets a short page saying the archive is briefly unavailable, with ``Retry-After``, and
nothing is cached. Django closes a connection that failed at the end of the request, and
CONN_HEALTH_CHECKS checks a reused one before its first query, so the next request connects
afresh and the site recovers on its own when the database is back.

The middleware covers errors raised by views; ``server_error`` (the project's handler500) covers
those raised elsewhere, e.g. by a middleware loading the session.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response():
    # No request context: the page must render without the database or the session.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            # One line: during an outage every request fails alike, and django.request logs each 503 too.
            reason = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
            logger.warning("Database unavailable (%s): %s %s answered 503", reason, request.method, request.path)
            return database_unavailable_response()
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the 503 page when the uncaught error is the database's, else Django's 500."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return defaults.server_error(request, template_name)
