"""Django's Redis cache, failing open: when Redis is unreachable, a read misses and a write is
dropped (and logged), so pages keep working during a Redis outage.

What Menteo keeps in the cache can be lost: rate-limit counters (allauth's and
`menteo.ratelimit`: no limits while Redis is away) and the rooms' latest revisions (the room
poll then asks the database). Sessions live in PostgreSQL.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _quietly(name: str, fallback):
    method = getattr(RedisCache, name)

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning(
                "Cache %s skipped: Redis is unreachable (%s)", name, type(error).__name__
            )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = name
    return wrapper


def _default(key, default=None, *args, **kwargs):
    return default


def _delta(key, delta=1, *args, **kwargs):
    return delta


class ReusedRedisCacheClient(RedisCacheClient):
    """Keeps one redis.Redis per connection pool. Django builds a new one for every cache call,
    and building one copies its 500 response callbacks: about as long as the round trip to
    Redis itself (bench/RESULTS.md). A client is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    get = _quietly("get", _default)
    get_many = _quietly("get_many", {})
    has_key = _quietly("has_key", False)
    add = _quietly("add", True)  # as if the key was new: a lock is taken, a counter starts
    set = _quietly("set", None)
    set_many = _quietly("set_many", [])
    touch = _quietly("touch", False)
    delete = _quietly("delete", False)
    delete_many = _quietly("delete_many", None)
    incr = _quietly("incr", _delta)
    clear = _quietly("clear", None)
