"""The Redis cache backend keeps one client per connection pool instead of
building one for every call, and reads a cached page with the marks it
depends on in one round trip (newsroom/redis_cache.py)."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from articles.reader import breaker
from articles.reader import cache as page_cache
from newsroom.redis_cache import RedisCache

from .factories import PublishedArticleFactory
from .test_cache_dependencies import desk, edit, states, warm  # noqa: F401
from .test_outages import needs_redis, redis_server  # noqa: F401


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


# ------------------------------------------- an entry and its marks at once


@pytest.fixture
def redis_cache(request):
    """The site's cache on a throwaway redis-server (test_outages')."""
    request.getfixturevalue("redis_server")
    return caches["default"]


@needs_redis
def test_an_entry_is_read_with_the_values_its_index_lists(redis_cache):
    redis_cache.set_many({"page": {"content": b"<p>"}, "mark:1": 5, "mark:3": 7})
    redis_cache.set_index("page:depends", "1234", ["mark:1", "mark:2", "mark:3"], 60)

    found, tag, values = redis_cache.get_many_indexed(
        ["page", "generation"], "page:depends"
    )

    assert found == {"page": {"content": b"<p>"}}
    assert tag == "1234"
    assert values == [5, None, 7]  # in the index's order; None: not held
    assert redis_cache.get_many_indexed(["page"], "other:depends") == (
        {"page": {"content": b"<p>"}},
        None,
        None,
    )


@needs_redis
@pytest.mark.parametrize("tag", ["", "two words", "tab\there"])
def test_an_index_tag_is_one_word(redis_cache, tag):
    with pytest.raises(ValueError, match="without spaces"):
        redis_cache.set_index("page:depends", tag, ["mark:1"], 60)
    assert redis_cache.get_many_indexed([], "page:depends") == ({}, None, None)


@needs_redis
@pytest.mark.django_db
def test_edits_make_stale_only_their_pages_with_hits_in_one_round_trip(
    client, redis_cache, monkeypatch, request
):
    world = request.getfixturevalue("desk")
    with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=3600):
        page_cache.purge()
        warm(client, {**world["edited pages"], **world["other pages"]})
        edit(world["edited"], world["people"].chief, headline="暴雨后的抢修全部完成")

        # A hit reads its entry and marks together: no second read.
        def second_read(keys):
            raise AssertionError(f"read the marks again: {keys}")

        monkeypatch.setattr(breaker, "get_many", second_read)
        assert states(client, world["other pages"]) == dict.fromkeys(
            world["other pages"], "hit"
        )
        monkeypatch.undo()
        assert states(client, world["edited pages"]) == dict.fromkeys(
            world["edited pages"], "miss"
        )


@needs_redis
@pytest.mark.django_db
def test_an_index_written_for_another_copy_is_not_trusted(client, redis_cache):
    article = PublishedArticleFactory()
    url = article.get_absolute_url()
    with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=3600):
        page_cache.purge()
        client.get(url)
        assert client.get(url)["X-Newsroom-Cache"] == "hit"
        # Another worker's copy of the page listed nothing; this copy's
        # marks are read on their own, and the story's edit is seen.
        key = next(
            key.decode().split(":", 2)[2]
            for key in redis_cache._cache.get_client().keys("*:depends")
        )
        redis_cache.set_index(key, "1", [], 60)
        page_cache.purge_stories([article.pk])
        assert client.get(url)["X-Newsroom-Cache"] == "miss"
