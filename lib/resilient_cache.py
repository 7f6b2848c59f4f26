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

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE:
            self._unavailable("add")
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE:
            self._unavailable("get")
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE:
            self._unavailable("set")

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE:
            self._unavailable("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE:
            self._unavailable("delete")
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE:
            self._unavailable("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE:
            self._unavailable("has_key")
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE:
            self._unavailable("set_many")
            return list(data)  # Django's convention: the keys that were not stored

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE:
            self._unavailable("delete_many")

    # incr() and clear() still raise: a counter that silently stays put, or a clear that did not
    # happen, would be wrong rather than merely slower.
