"""The page cache: published pages served from it with headers a CDN can
use, made fresh by any change, never stale after a withdrawal, on time for a
scheduled story, and never used for previews."""

import re

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.reader import cache as page_cache

from .workflow_helpers import change_form, make_newsroom

pytestmark = pytest.mark.django_db


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_published_pages_are_cached_and_an_edit_makes_them_fresh(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    people = make_newsroom()
    article = people.story("published", headline="原来的标题")
    page_cache.purge()
    url = article.get_absolute_url()
    first = client.get(url)
    assert "原来的标题" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert "public" in again["Cache-Control"] and "s-maxage" in again["Cache-Control"]
    assert again["ETag"] and again["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    # An edit through the admin purges, once its transaction commits.
    client.force_login(people.chief)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            change_form(article, headline="改过的标题"),
        )
    client.logout()
    assert "改过的标题" in client.get(url).content.decode()


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_a_withdrawal_is_never_served_stale(client):
    from django.test import TestCase

    people = make_newsroom()
    article = people.story("published")
    client.get("/")
    assert client.get(article.get_absolute_url()).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.withdraw(article, by=people.chief, reason="有误")
    assert client.get(article.get_absolute_url()).status_code == 410
    assert article.headline not in client.get("/").content.decode()


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_a_cached_home_page_shows_a_scheduled_story_on_time(client, monkeypatch):
    from django.test import TestCase

    people = make_newsroom()
    article = people.story("approved", headline="定时发布的稿件")
    at = timezone.now() + timezone.timedelta(minutes=30)
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.publish(article, by=people.chief, at=at)
    before = client.get("/")
    assert "定时发布的稿件" not in before.content.decode()
    assert (
        int(re.search(r"s-maxage=(\d+)", before["Cache-Control"]).group(1)) <= 30 * 60
    )
    later = at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "定时发布的稿件" in client.get("/").content.decode()


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_preview_is_never_cached(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.reader import preview

    people = make_newsroom()
    article = people.story("draft")
    client.force_login(people.author)
    url = reverse("articles:preview", args=[preview.token_for(article)])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) > 0  # rendered afresh, not from the page cache
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def counted(wrapper, attempts):
    def counting(execute, sql, params, many, context):
        attempts.append(sql)
        return wrapper(execute, sql, params, many, context)

    return counting


@pytest.fixture(autouse=True)
def database_up():
    """Each test starts, and leaves, with the database believed up."""
    page_cache._database_down_until = 0.0
    yield
    page_cache._database_down_until = 0.0


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_while_the_database_is_away_cached_pages_are_served_stale(client):
    from django.db import connection

    people = make_newsroom()
    article = people.story("published", headline="服务站今天开放")
    search = reverse("articles:search") + "?q=服务站"
    urls = [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("sitemap"),
        reverse("news-sitemap"),
        search,
    ]
    fresh = {url: client.get(url) for url in urls}
    page_cache.purge()  # an edit elsewhere: no copy is fresh any more
    attempts = []
    with connection.execute_wrapper(counted(database_down, attempts)):
        for url in urls:
            stale = client.get(url)
            assert stale.status_code == 200, url
            assert stale.content == fresh[url].content
            assert stale["Content-Type"] == fresh[url]["Content-Type"]
            assert stale["X-Newsroom-Cache"] == "stale"
            assert "max-age=30" in stale["Cache-Control"]
            assert int(stale["Age"]) >= 0
        # The first failure is enough: the other copies were served without
        # asking the database again.
        assert len(attempts) == 1
        # Later pages of a search, and pages nobody asked for, have no copy.
        client.raise_request_exception = False
        for url in (search + "&page=2", reverse("articles:archive")):
            refused = client.get(url)
            assert refused.status_code == 503
            assert refused["Retry-After"] == "60"
            assert "暂时无法打开这个页面" in refused.content.decode()
            assert "no-store" in refused["Cache-Control"]
    page_cache._database_down_until = 0.0  # NEWSROOM_DATABASE_RETRY_SECONDS on
    assert client.get("/")["X-Newsroom-Cache"] == "miss"


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300, NEWSROOM_STALE_SECONDS=3600)
def test_a_stale_copy_is_served_for_the_configured_time_only(client, monkeypatch):
    from django.db import connection

    make_newsroom().story("published")
    client.get("/")
    start = timezone.now()
    for minutes, status in ((59, 200), (61, 503)):
        later = start + timezone.timedelta(minutes=minutes)
        monkeypatch.setattr(timezone, "now", lambda later=later: later)
        with connection.execute_wrapper(database_down):
            assert client.get("/").status_code == status


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_no_stale_copy_made_before_a_withdrawal_is_served(client):
    from django.db import connection
    from django.test import TestCase

    people = make_newsroom()
    article = people.story("published", headline="有误的稿件")
    kept = people.story("published")
    for url in ("/", article.get_absolute_url(), kept.get_absolute_url()):
        client.get(url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.withdraw(article, by=people.chief, reason="有误")
    client.get(kept.get_absolute_url())  # made again after the withdrawal
    with connection.execute_wrapper(database_down):
        assert client.get(article.get_absolute_url()).status_code == 503
        assert client.get("/").status_code == 503
        assert client.get(kept.get_absolute_url()).status_code == 200


def test_the_editors_side_answers_503_not_500_while_the_database_is_away():
    from django.db import connection

    from .two_factor_helpers import Client

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        for url in (reverse("admin:login"), reverse("admin:index")):
            assert client.get(url).status_code != 500, url
        answer = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert answer.status_code == 503
    assert answer["Retry-After"] and "暂时无法打开这个页面" in answer.content.decode()


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_a_lost_next_scheduled_key_is_asked_of_the_database(client, monkeypatch):
    from django.core.cache import cache
    from django.test import TestCase

    people = make_newsroom()
    article = people.story("approved", headline="定时发布的稿件")
    at = timezone.now() + timezone.timedelta(seconds=10)
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.publish(article, by=people.chief, at=at)
    cache.delete(page_cache.NEXT_SCHEDULED)  # evicted, or Redis restarted
    before = client.get("/")
    # Asked of the database and noted again, so the page is cached until the
    # story goes live, not for a fixed minute.
    assert cache.get(page_cache.NEXT_SCHEDULED) == at.timestamp()
    assert int(re.search(r"s-maxage=(\d+)", before["Cache-Control"]).group(1)) <= 10
    later = at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "定时发布的稿件" in client.get("/").content.decode()


def max_age(response) -> int:
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300, NEWSROOM_SHARED_CACHE_SECONDS=60)
def test_a_cached_home_page_is_not_kept_past_a_curated_entrys_expiry(
    client, monkeypatch
):
    from django.core.cache import cache

    from articles.models import Placement

    people = make_newsroom()
    story = people.story("published", headline="夜班定下的限时头条")
    people.story("published", headline="较新的稿件")
    expires = timezone.now() + timezone.timedelta(seconds=5)
    Placement.objects.create(kind="headline", article=story, expires_at=expires)
    page_cache.purge()  # as the admin does after its commit
    assert cache.get(page_cache.NEXT_SCHEDULED) == expires.timestamp()
    home = client.get("/")
    lead = home.content.decode().split('id="latest-title"')[0]
    assert "夜班定下的限时头条" in lead
    assert max_age(home) <= 5
    section = client.get(story.section.get_absolute_url())
    assert section.status_code == 200 and max_age(section) <= 5
    # Lost from the cache (evicted, Redis restarted): asked of the database
    # again, so the next copy is bounded by the expiry too.
    cache.delete(page_cache.NEXT_SCHEDULED)
    cache.delete(page_cache.GENERATION)
    assert max_age(client.get("/")) <= 5
    assert cache.get(page_cache.NEXT_SCHEDULED) == expires.timestamp()
    # Past the expiry the copy is not served: the page is made afresh and
    # the headline has dropped out of its lead.
    later = expires + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get("/")
    assert after["X-Newsroom-Cache"] == "miss"
    assert (
        "夜班定下的限时头条" not in after.content.decode().split('id="latest-title"')[0]
    )
    assert max_age(after) > 5  # nothing else due: the usual lifetime again


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_query_strings_the_pages_do_not_read_share_one_copy(client):
    make_newsroom().story("published")
    assert client.get("/")["X-Newsroom-Cache"] == "miss"
    assert client.get("/?utm_source=wx&x=1")["X-Newsroom-Cache"] == "hit"
    assert client.get("/?page=1")["X-Newsroom-Cache"] == "miss"


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300, NEWSROOM_CACHE_RETRY_SECONDS=10)
def test_a_failing_cache_is_called_once_per_retry_window(client, monkeypatch):
    import time

    from articles.reader import breaker

    class DeadCache:
        calls = 0

        def __getattr__(self, name):
            def fail(*args, **kwargs):
                DeadCache.calls += 1
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

            return fail

    make_newsroom().story("published", headline="缓存坏了也能看")
    monkeypatch.setattr(breaker, "cache", DeadCache())
    clock = [time.monotonic()]
    monkeypatch.setattr(breaker.time, "monotonic", lambda: clock[0])
    breaker.reset()
    for _ in range(20):
        page = client.get("/")
        assert page.status_code == 200
        assert "缓存坏了也能看" in page.content.decode()
    assert DeadCache.calls == 1
    clock[0] += 10  # the window has passed: one call tries again
    for _ in range(20):
        assert client.get("/").status_code == 200
    assert DeadCache.calls == 2
    breaker.reset()


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_a_readers_fresh_copy_is_answered_before_the_session_and_login_layers(
    client, monkeypatch, django_assert_num_queries
):
    people = make_newsroom()
    article = people.story("published", headline="防汛简报")
    page_cache.purge()
    url = article.get_absolute_url()
    client.get(url)  # made and kept
    # Without the early layer the copy comes from the view's cache, a hit
    # too, through every layer.
    early_layer = "articles.reader.cache.cached_pages_middleware"
    layers = [name for name in settings.MIDDLEWARE if name != early_layer]
    assert len(layers) == len(settings.MIDDLEWARE) - 1
    with override_settings(MIDDLEWARE=layers):
        through_every_layer = Client().get(url)
    assert through_every_layer["X-Newsroom-Cache"] == "hit"

    def never(*args, **kwargs):
        raise AssertionError("a reader's fresh copy passed the login layer")

    monkeypatch.setattr(
        "django.contrib.auth.middleware.AuthenticationMiddleware.process_request",
        never,
    )
    with django_assert_num_queries(0):
        early = client.get(url)
    assert early.content == through_every_layer.content
    assert sorted(early.items()) == sorted(through_every_layer.items())
    # The conditional GET still answers around it.
    assert client.get(url, HTTP_IF_NONE_MATCH=early["ETag"]).status_code == 304


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_a_host_not_allowed_is_refused_even_with_a_copy_kept(client):
    people = make_newsroom()
    article = people.story("published")
    page_cache.purge()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url, HTTP_HOST="elsewhere.example").status_code == 400


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_what_has_no_fresh_copy_goes_on_to_the_view(client, monkeypatch):
    people = make_newsroom()
    article = people.story("published", headline="原来的标题")
    page_cache.purge()
    url = article.get_absolute_url()
    assert client.get(url)["X-Newsroom-Cache"] == "miss"
    assert client.get(url)["X-Newsroom-Cache"] == "hit"
    # An edit marks the story changed: the early layer lets the request
    # through, and the view makes the page again.
    Article = type(article)
    Article.objects.filter(pk=article.pk).update(headline="改过的标题")
    page_cache.purge_stories([article.pk])
    remade = client.get(url)
    assert remade["X-Newsroom-Cache"] == "miss"
    assert "改过的标题" in remade.content.decode()
    # A search's later pages are never kept, and pass through.
    later = client.get(reverse("articles:search"), {"q": "标题", "page": "2"})
    assert "X-Newsroom-Cache" not in later
