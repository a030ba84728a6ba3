"""Django's Redis cache, with one client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and
building one (its table of reply parsers) costs about as much as the
round trip itself: on a cached page, whose only work is two cache reads,
that was a fifth of the time. A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), so one per pool
is kept and reused."""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
