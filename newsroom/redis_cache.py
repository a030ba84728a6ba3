"""Django's Redis cache, with one client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and
building one (its table of reply parsers) costs about as much as the
round trip itself: on a cached page, whose only work is two cache reads,
that was a fifth of the time. A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), so one per pool
is kept and reused.

It also reads an entry together with the keys it lists, in one round trip
(`get_many_indexed`): a cached page is its entry and the marks of what it
depends on, and reading them in turn cost a second round trip per page."""

from django.core.cache.backends import redis

#: MGET of KEYS, then of the keys listed in the index at ARGV[1] (a tag,
#: then keys, separated by spaces): the index's tag and those values.
_INDEXED_GET = """
local found = {}
if #KEYS > 0 then found = redis.call('MGET', unpack(KEYS)) end
local index = redis.call('GET', ARGV[1])
if not index then return {found} end
local tag, listed = nil, {}
for word in string.gmatch(index, '%S+') do
  if tag == nil then tag = word else listed[#listed + 1] = word end
end
local values = {}
if #listed > 0 then values = redis.call('MGET', unpack(listed)) end
return {found, tag, values}
"""


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._indexed_get = None

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_many_indexed(self, keys, index_key):
        client = self.get_client(None)
        if self._indexed_get is None:
            # EVALSHA, falling back on EVAL once for a server that has not
            # seen the script.
            self._indexed_get = client.register_script(_INDEXED_GET)
        reply = self._indexed_get(keys=keys, args=[index_key], client=client)
        found = {
            key: self._serializer.loads(value)
            for key, value in zip(keys, reply[0], strict=True)
            if value is not None
        }
        if len(reply) == 1:
            return found, None, None
        listed = [
            None if value is None else self._serializer.loads(value)
            for value in reply[2]
        ]
        return found, reply[1].decode(), listed

    def set_index(self, key, tag, keys, timeout):
        client = self.get_client(key, write=True)
        client.set(key, " ".join([tag, *keys]), ex=timeout)


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get_many_indexed(self, keys, index_key):
        """`get_many(keys)`, and the values of the keys that the index at
        `index_key` (written by `set_index`) lists, read in one round trip:
        `(found, tag, values)`, values in the index's order (None for a key
        not held), or `(found, None, None)` when there is no index."""
        made = {self.make_and_validate_key(key): key for key in keys}
        found, tag, values = self._cache.get_many_indexed(
            list(made), self.make_and_validate_key(index_key)
        )
        return {made[key]: value for key, value in found.items()}, tag, values

    def set_index(self, key, tag, keys, timeout):
        """Keep at `key` a tag (a word without spaces) and the list of these
        keys, for `get_many_indexed`."""
        words = [tag, *(self.make_and_validate_key(name) for name in keys)]
        if any(not word or word != "".join(word.split()) for word in words):
            raise ValueError(f"An index holds words without spaces: {words!r}")
        self._cache.set_index(
            self.make_and_validate_key(key),
            words[0],
            words[1:],
            self.get_backend_timeout(timeout),
        )
