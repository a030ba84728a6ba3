"""The page cache: published pages served from it with headers a CDN can
use, made fresh by any change, never stale after a withdrawal, on time for a
scheduled story, and never used for previews."""

import re

import pytest
from django.test import override_settings
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
