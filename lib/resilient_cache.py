"""Django's Redis cache, but a Redis that is down or slow is a cache miss, not a 500.

Django's ``RedisCache`` lets redis-py's ``ConnectionError`` and ``TimeoutError`` through, so every
caller would need its own try/except: the page cache has one, but the ``cached_db`` session
engine, for instance, only guards some of its calls. Here a failed read returns the default, a
failed write stores nothing, and the failure is logged at most once every ``LOG_EVERY`` seconds
per process so that an outage under load does not flood the logs. Errors that mean a bug (a wrong
command, a value that cannot be pickled) still raise.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError)
LOG_EVERY = 10.0


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def _unavailable(self, operation):
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY:
            ResilientRedisCache._last_logged = now
            logger.warning("Redis unavailable during cache %s: carrying on without the cache", operation, exc_info=True)

    def _call(self, operation, fallback, *args):
        """RedisCache's ``operation``, or ``fallback`` (and a warning) while Redis is unreachable."""
        try:
            return getattr(super(), operation)(*args)
        except UNAVAILABLE:
            self._unavailable(operation)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's convention: set_many returns the keys that were not stored.
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    # incr() and clear() still raise: a counter that silently stays put, or a clear that did not
    # happen, would be wrong rather than merely slower.
