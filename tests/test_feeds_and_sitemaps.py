"""Feeds (RSS and Atom for the site, each section and each tag), the
sitemap index with its paged sitemaps, the news sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Section

from .factories import (
    ArticleFactory,
    CreditFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from .reader_helpers import NOT_LIVE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_parse_and_carry_only_live_stories(client, kind):
    section = SectionFactory(slug="bendi")
    live = PublishedArticleFactory(section=section, headline="已发布稿件")
    live.tags.add("工会")
    CreditFactory(article=live, correspondent__name="程立言")
    for fields in NOT_LIVE.values():
        ArticleFactory(section=section, headline="不该出现", **fields).tags.add("工会")
    for url in (f"/feeds/{kind}/", f"/section/bendi/{kind}/", f"/tag/工会/{kind}/"):
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        assert [entry.title for entry in feed.entries] == ["已发布稿件"], url
        assert feed.entries[0].link.endswith(live.get_absolute_url())
    page = client.get("/").content.decode()
    assert (
        'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page
    )


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    """Every address the sitemap index leads to, and the sitemaps it lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    tree = ET.fromstring(index.content)
    sitemaps = [loc.text for loc in tree.findall("s:sitemap/s:loc", SITEMAP)]
    locations = []
    for sitemap in sitemaps:
        assert sitemap.startswith("http://testserver/")
        response = client.get(sitemap.removeprefix("http://testserver"))
        assert response.status_code == 200, sitemap
        part = ET.fromstring(response.content)
        locations += [loc.text for loc in part.findall("s:url/s:loc", SITEMAP)]
    return locations, sitemaps


def test_sitemaps_are_well_formed_and_list_only_live_stories(client):
    live = PublishedArticleFactory()
    hidden = [ArticleFactory(**fields) for fields in NOT_LIVE.values()]
    locations, _sitemaps = sitemap_locations(client)
    assert f"http://testserver{live.get_absolute_url()}" in locations
    for article in hidden:
        assert f"http://testserver{article.get_absolute_url()}" not in locations
    news = ET.fromstring(client.get("/news-sitemap.xml").content)
    titles = [
        t.text
        for t in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")
    ]
    assert titles == [live.headline]
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots


def test_the_sitemap_index_covers_stories_older_than_the_newest_5000(client):
    """5,000 addresses to a sitemap: the index pages through all of them."""
    oldest = PublishedArticleFactory(
        headline="最早的一篇",
        publish_at=timezone.now() - timezone.timedelta(days=3650),
    )
    now = timezone.now() - timezone.timedelta(hours=1)
    Article.objects.bulk_create(
        Article(headline=f"稿件{i}", status="published", publish_at=now)
        for i in range(5000)
    )
    section = SectionFactory()
    locations, sitemaps = sitemap_locations(client)
    assert sitemaps == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-sections.xml",
    ]
    assert f"http://testserver{oldest.get_absolute_url()}" in locations
    assert f"http://testserver{section.get_absolute_url()}" in locations
    assert len(locations) == len(set(locations)) == 5001 + Section.objects.count()
    second = client.get("/sitemap-articles.xml", {"p": 2}).content.decode()
    assert oldest.get_absolute_url() in second


@pytest.mark.parametrize("url", ["/sitemap-nothing.xml", "/sitemap-articles.xml?p=9"])
def test_unknown_sitemaps_and_pages_are_404(client, url):
    PublishedArticleFactory()
    assert client.get(url).status_code == 404


def test_the_sitemap_index_gives_the_newest_change_to_a_story(client):
    edited = PublishedArticleFactory(headline="改过的稿件")
    PublishedArticleFactory()
    edited.headline = "又改过的稿件"
    edited.save()
    index = ET.fromstring(client.get("/sitemap.xml").content)
    lastmods = [m.text for m in index.findall("s:sitemap/s:lastmod", SITEMAP)]
    assert datetime.fromisoformat(lastmods[0]) == edited.updated_at
