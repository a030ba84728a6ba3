"""The Redis cache backend keeps one client per connection pool instead of
building one for every call (newsroom/redis_cache.py)."""

from newsroom.redis_cache import RedisCache


def test_one_client_is_kept_per_connection_pool():
    # No connection is made until a command runs, so no server is needed.
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server


def test_with_replicas_reads_and_writes_keep_their_own_clients():
    cache = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})
    writer = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is writer
    reader = cache._cache.get_client()
    assert reader is not writer
    assert reader.connection_pool.connection_kwargs["port"] == 6380
    assert cache._cache.get_client() is reader
