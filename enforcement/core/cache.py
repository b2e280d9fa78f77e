"""A Redis cache that degrades to a per-process local cache while Redis is unreachable (SECURITY §25).

Everything that counts or caches (DRF throttles, the login throttle, the catalogue's count cache) goes through
the default cache. With plain `RedisCache`, a Redis outage turned every API request and every login into a 500.
`FallbackRedisCache` keeps the site answering:

- each operation goes to Redis (shared by every worker: throttles count per site, not per worker);
- when Redis refuses the connection or times out, the operation is answered by a local `LocMemCache` and a
  warning is logged (at most once per FALLBACK_LOG_SECONDS); for RETRY_SECONDS afterwards Redis is not tried
  again, so a request does not pay the connect timeout over and over;
- when Redis answers again, the shared counts resume (the local ones are dropped with the process).

Throttles are approximate while in fallback (each worker counts alone); that is preferable to refusing work.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("enforcement.cache")

RETRY_SECONDS = 5
FALLBACK_LOG_SECONDS = 60


def _outage_errors():
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, ConnectionError, TimeoutError, OSError)


class ReusedRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every operation; its constructor (the table of ~150
    response callbacks) cost more than the round trip itself (issue 14's request floor: three cache
    operations per API request). One `redis.Redis` per connection pool, reused: it is thread-safe, each
    command takes a connection from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # Fail fast: a request waits at most this long for an unreachable Redis.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 2.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedRedisCacheClient
        self._local = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300),
                                                           "OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._down_until = 0.0
        self._last_log = 0.0
        self._lock = threading.Lock()
        self._errors = _outage_errors()

    @property
    def in_fallback(self):
        return time.monotonic() < self._down_until

    def _failed(self, operation, exc):
        now = time.monotonic()
        with self._lock:
            self._down_until = now + RETRY_SECONDS
            should_log = now - self._last_log >= FALLBACK_LOG_SECONDS
            if should_log:
                self._last_log = now
        if should_log:
            logger.warning("Redis cache unreachable (%s during %s): using the local fallback cache; throttles "
                           "count per process until Redis is back", exc.__class__.__name__, operation)

    def _call(self, operation, *args, **kwargs):
        if not self.in_fallback:
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except self._errors as exc:
                self._failed(operation, exc)
        return getattr(self._local, operation)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def count(self, key, timeout, version=None):
        """Add one to the counter `key`, created with `timeout` seconds to live; return the new count. One
        round trip to Redis (SET NX EX, then INCR, pipelined), where add() + incr() cost three."""
        if not self.in_fallback:
            try:
                client = self._cache.get_client(key, write=True)
                pipe = client.pipeline(transaction=False)
                redis_key = self.make_and_validate_key(key, version=version)
                pipe.set(redis_key, 0, ex=int(timeout), nx=True)
                pipe.incr(redis_key)
                return int(pipe.execute()[1])
            except self._errors as exc:
                self._failed("count", exc)
        return local_count(self._local, key, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear")


def local_count(cache, key, timeout, version=None):
    """count() on any Django cache: add, then incr (a key that expired in between starts again at 1)."""
    cache.add(key, 0, timeout=timeout, version=version)
    try:
        return cache.incr(key, version=version)
    except ValueError:
        cache.set(key, 1, timeout=timeout, version=version)
        return 1
