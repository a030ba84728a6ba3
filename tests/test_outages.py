"""When parts fail, readers keep reading and nothing is lost (issue 12).

Each test starts its own throwaway server on a free port (never the shared
ones), breaks it on purpose and drives requests through the whole site,
then counts: no answer may be a 500, and every save the site acknowledged
must be in the database.

- Redis stopped, and Redis hung (SIGSTOP): the site runs in this process
  with its cache on the throwaway Redis, through the test client and every
  middleware, with commits (and the purges after them) as in production.
- PostgreSQL stopped: the site runs under gunicorn on a throwaway cluster,
  reached over HTTP by an editor who logged in and a reader.
"""

import json
import os
import time
from collections import Counter
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from articles.models import Article
from articles.reader import breaker

from .outage_servers import (
    Browser,
    Gunicorn,
    ThrowawayPostgres,
    ThrowawayRedis,
    manage,
    postgres_bin,
)
from .two_factor_helpers import Client
from .workflow_helpers import change_form, change_url, make_newsroom, step_form

REQUESTS = 200
PASSWORD = "a-long-test-password"  # tests/factories.UserFactory's
needs_redis = pytest.mark.skipif(
    ThrowawayRedis.binary is None, reason="redis-server is not installed"
)


@pytest.fixture
def redis_server(settings):
    server = ThrowawayRedis()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {
                "socket_connect_timeout": django_settings.REDIS_TIMEOUT,
                "socket_timeout": django_settings.REDIS_TIMEOUT,
            },
        }
    }
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    # Open for the whole outage, so that the failures counted are all the
    # cache calls the site made after the first one failed.
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 600
    breaker.reset()
    yield server
    server.close()
    breaker.reset()


def reader_urls(stories):
    return [
        "/",
        *(story.get_absolute_url() for story in stories),
        stories[0].section.get_absolute_url(),
        reverse("articles:feed-rss"),
        reverse("sitemap"),
        reverse("articles:search") + "?q=" + quote("服务站"),
    ]


def redis_outage(break_redis, people):
    """Warm the cache, break Redis, then read, save, step, log in and get
    locked out; returns the counts."""
    stories = [people.story("published", headline=f"服务站开放{i}") for i in range(3)]
    waiting = people.story("approved", headline="停机时签发的稿件")
    drafts = [people.story("draft", headline=f"草稿{i}") for i in range(4)]
    urls = reader_urls(stories)
    reader = Client(raise_request_exception=False)
    author = Client(raise_request_exception=False)
    author.force_login(people.author)
    chief = Client(raise_request_exception=False)
    chief.force_login(people.chief)
    for url in urls:
        assert reader.get(url).status_code == 200
    assert reader.get("/")["X-Newsroom-Cache"] == "hit"

    break_redis()
    failures_before = breaker.failures
    statuses, acknowledged = Counter(), {}
    for i in range(REQUESTS):
        statuses[reader.get(urls[i % len(urls)]).status_code] += 1
        if i % 50 == 10:  # an editor saves a draft now and then
            draft = drafts[i // 50]
            draft.refresh_from_db()
            headline = f"停机时改的标题{i}"
            answer = author.post(
                change_url(draft), change_form(draft, headline=headline)
            )
            statuses[answer.status_code] += 1
            if answer.status_code == 302:
                acknowledged[draft.pk] = headline
    step = chief.post(change_url(waiting), step_form(waiting, "publish"))
    statuses[step.status_code] += 1
    # Logging in, and the throttle on guessing, keep their state in the
    # database: a password works, and five wrong ones lock the name.
    visitor = Client(raise_request_exception=False)
    login = {"username": people.editor.username, "password": PASSWORD}
    statuses[visitor.post(reverse("admin:login"), login).status_code] += 1
    assert visitor.get(reverse("admin:index")).status_code == 200
    guesser = Client(raise_request_exception=False)
    wrong = {"username": people.desk.username, "password": "wrong"}
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        statuses[guesser.post(reverse("admin:login"), wrong).status_code] += 1
    locked = guesser.post(
        reverse("admin:login"), {**wrong, "password": PASSWORD}
    ).status_code
    assert locked == django_settings.AXES_HTTP_RESPONSE_CODE

    lost = sum(
        Article.objects.get(pk=pk).headline != headline
        for pk, headline in acknowledged.items()
    )
    waiting.refresh_from_db()
    return {
        "requests": sum(statuses.values()),
        "statuses": statuses,
        "saves": len(acknowledged),
        "lost": lost,
        "step": step.status_code,
        "published": waiting.status == Article.Status.PUBLISHED,
        "failures": breaker.failures - failures_before,
        "reader": reader,
    }


def report(name, counts):
    print(
        f"\n{name}: {counts['requests']} requests, {counts['statuses'][500]}×500, "
        f"{counts['lost']} lost saves ({counts['saves']} saves, the workflow step "
        f"{counts['step']}), {counts['failures']} cache call(s) failed; "
        f"statuses {dict(counts['statuses'])}"
    )


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_redis_stopped(redis_server, role_groups):
    counts = redis_outage(redis_server.stop, make_newsroom())
    report("redis stopped", counts)
    assert counts["statuses"][500] == 0
    assert counts["saves"] == 4 and counts["lost"] == 0
    assert counts["step"] == 302 and counts["published"]
    # One fast failure opened the breaker; no request after it called Redis.
    assert counts["failures"] == 1

    # Redis back (empty, as after a restart without persistence): once the
    # breaker lets a call through, pages are cached again.
    redis_server.start()
    breaker.reset()
    reader = counts["reader"]
    assert "停机时签发的稿件" in reader.get("/").content.decode()
    assert reader.get("/")["X-Newsroom-Cache"] == "hit"


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_redis_hung(redis_server, role_groups):
    counts = redis_outage(redis_server.pause, make_newsroom())
    report("redis hung", counts)
    assert counts["statuses"][500] == 0
    assert counts["saves"] == 4 and counts["lost"] == 0
    assert counts["step"] == 302 and counts["published"]
    # One call waited out the short socket timeout; none after it.
    assert counts["failures"] == 1

    # Redis wakes with the home page of before the publish still fresh in
    # it. The purge that the publish could not deliver is retried first, so
    # the reader sees the new story rather than the old page.
    redis_server.resume()
    breaker.reset()
    home = counts["reader"].get("/")
    assert home["X-Newsroom-Cache"] == "miss"
    assert "停机时签发的稿件" in home.content.decode()


#: Made in the throwaway database by `manage.py shell`: three published
#: stories and a draft of the author's.
SEED = """
import json
from tests.workflow_helpers import make_newsroom
people = make_newsroom()
stories = [people.story("published", headline=f"服务站开放{i}") for i in range(3)]
draft = people.story("draft", headline="停机前的草稿")
print("SEED " + json.dumps({
    "stories": [story.get_absolute_url() for story in stories],
    "section": stories[0].section.get_absolute_url(),
    "draft": draft.pk,
}))
"""


#: How long the outage test's pages stay fresh (seconds): short, so that
#: its cached copies are past it when PostgreSQL stops.
PAGE_LIFETIME = 2


@pytest.mark.skipif(
    postgres_bin() is None, reason="no PostgreSQL server binaries (initdb, pg_ctl)"
)
def test_postgres_stopped():
    cluster = ThrowawayPostgres(postgres_bin())
    server = None
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings_test",
            "DATABASE_URL": cluster.url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "NEWSROOM_PAGE_CACHE_SECONDS": str(PAGE_LIFETIME),
            "NEWSROOM_DATABASE_RETRY_SECONDS": "1",
        }
        env.pop("REDIS_URL", None)  # the stale copies in the worker's memory
        manage(env, "migrate", "--noinput", "-v", "0")
        seed_line = manage(env, "shell", "--no-imports", "-c", SEED).splitlines()[-1]
        seeded = json.loads(seed_line.removeprefix("SEED "))
        server = Gunicorn(env)
        postgres_outage(cluster, server, seeded)
    finally:
        if server is not None:
            server.close()
        cluster.close()


def postgres_outage(cluster, server, seeded):
    reader, editor = Browser(server.base), Browser(server.base)
    assert editor.login("author", PASSWORD).status == 302
    cached = [
        "/",
        *seeded["stories"],
        seeded["section"],
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("sitemap"),
        reverse("news-sitemap"),
        reverse("articles:search") + "?q=" + quote("服务站"),
    ]
    never_cached = [reverse("articles:archive"), "/search/?q=" + quote("职工")]
    for url in cached:
        assert reader.request(url).status == 200, url
    made = time.monotonic()
    # The author saves a draft (no reader's page shows it) and keeps typing.
    page = f"/admin/articles/article/{seeded['draft']}/change/"
    acknowledged = []
    fields = editor.form(page, "article_form")
    fields["headline"] = "停机前保存的标题"
    assert editor.request(page, fields).status == 302
    acknowledged.append(fields["headline"])
    fields = editor.form(page, "article_form")  # the editor keeps typing
    saved_before = fields["headline"]
    fields["headline"] = "停机时写下的标题"
    # Every cached copy is now past its lifetime, so during the outage each
    # page has to come from its stale copy.
    time.sleep(max(0, made + PAGE_LIFETIME + 0.5 - time.monotonic()))

    cluster.stop()
    statuses, kinds, refused = Counter(), Counter(), 0
    urls = cached + never_cached
    for i in range(REQUESTS):
        url = urls[i % len(urls)]
        answer = reader.request(url)
        statuses[answer.status] += 1
        if url in cached:
            assert answer.status == 200, url
            kinds[answer.headers["X-Newsroom-Cache"]] += 1
            assert int(answer.headers["Age"]) >= 0
            assert "max-age=30" in answer.headers["Cache-Control"]
        else:
            assert answer.status == 503, url
            assert answer.headers["Retry-After"]
            assert "暂时无法打开这个页面" in answer.text
        if i % 40 == 0:  # the editor's dashboard, and the save, are refused
            statuses[editor.request("/admin/").status] += 1
            save = editor.request(page, fields)
            statuses[save.status] += 1
            assert save.status == 503 and "暂时无法打开这个页面" in save.text
            refused += 1

    cluster.start()
    retried = editor.request(page, fields)  # the same save, sent again
    assert retried.status == 302
    acknowledged.append(fields["headline"])
    stored = editor.form(page, "article_form")["headline"]
    lost = (saved_before != acknowledged[0]) + (stored != acknowledged[1])
    # Stale copies are served for NEWSROOM_DATABASE_RETRY_SECONDS (1 here)
    # after the last failure; then pages are made afresh again.
    after = reader.request("/")
    deadline = time.monotonic() + 10
    while after.headers["X-Newsroom-Cache"] == "stale" and time.monotonic() < deadline:
        time.sleep(0.2)
        after = reader.request("/")
    print(
        f"\npostgres stopped: {sum(statuses.values())} requests, "
        f"{statuses[500]}×500, {lost} lost saves ({len(acknowledged)} saves "
        f"acknowledged, {refused} refused with 503 and the last sent again); "
        f"cached pages {dict(kinds)}, statuses {dict(statuses)}"
    )
    assert statuses[500] == 0 and lost == 0
    assert kinds == Counter(stale=kinds["stale"]) and kinds["stale"] > 0
    assert after.status == 200 and after.headers["X-Newsroom-Cache"] != "stale"


def test_only_the_page_cache_talks_to_the_cache(settings):
    """Sessions, the login throttle and the workflow keep their state in the
    database, and no code but the breaker reaches the cache, so a Redis
    outage can only cost speed (the outage tests above show it)."""
    import re
    from pathlib import Path

    from axes.handlers.database import AxesDatabaseHandler
    from django.utils.module_loading import import_string

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert issubclass(import_string(settings.AXES_HANDLER), AxesDatabaseHandler)
    root = Path(__file__).resolve().parent.parent
    reaching = sorted(
        str(path.relative_to(root))
        for app in ("accounts", "articles", "newsroom")
        for path in (root / app).rglob("*.py")
        # The benchmark empties the cache before it measures a day.
        if "bench" not in path.parts
        and re.search(
            # The cache backend (newsroom/redis_cache.py) defines the cache
            # rather than reaching it.
            r"^\s*(from|import) django\.core\.cache\b(?!\.backends)|\bcaches\[",
            path.read_text("utf-8"),
            re.MULTILINE,
        )
    )
    assert reaching == ["articles/reader/breaker.py"]
