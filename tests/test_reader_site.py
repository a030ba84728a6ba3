"""The reader site: pages, stable URLs, structured data, feeds, sitemaps,
Chinese search, caching and the query budget."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction
from articles.reader import cache as page_cache

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from .workflow_helpers import change_form, make_newsroom

pytestmark = pytest.mark.django_db

NOT_LIVE = {
    "draft": {"status": "draft"},
    "under review": {"status": "submitted", "stage": 2},
    "approved": {"status": "approved"},
    "scheduled": {
        "status": "published",
        "publish_at": timezone.now() + timezone.timedelta(days=1),
    },
    "withdrawn": {"status": "withdrawn", "publish_at": timezone.now()},
}


def story_with(n, *, section=None):
    """A live story with n tags, n photos and n byline credits."""
    article = PublishedArticleFactory(
        section=section or SectionFactory(),
        kicker="引题",
        subtitle="副题",
        summary="摘要",
    )
    for i in range(n):
        CreditFactory(article=article, position=i, role="reporter")
        photo = PhotoFactory()
        CreditFactory(photo=photo, role="photo")
        ArticlePhotoFactory(article=article, photo=photo, position=i)
        article.tags.add(f"标签{i}")
    Correction.objects.create(article=article, text="更正一处数字。")
    return article


# ------------------------------------------------------------------- pages


def test_article_page_sets_the_headline_block_byline_photos_tags_and_dates(client):
    section = SectionFactory(name="要闻")
    article = PublishedArticleFactory(
        section=section,
        kicker="推出“十全”服务 优化人才环境",
        headline="武进区打造青年创新创业福地",
        subtitle="已汇聚45家服务资源",
        publish_at=timezone.make_aware(timezone.datetime(2022, 11, 23, 9, 0)),
    )
    unit = OrganisationFactory(name="江城市总工会")
    xu = CorrespondentFactory(name="徐梦超", kind="correspondent", affiliation=unit)
    wu = CorrespondentFactory(name="吴文龙")
    CreditFactory(article=article, correspondent=xu, role="correspondent", position=0)
    CreditFactory(article=article, correspondent=wu, role="reporter", position=1)
    photo = PhotoFactory(caption="服务站里的快递员。")
    CreditFactory(photo=photo, correspondent=wu, role="photo", position=0)
    CreditFactory(photo=photo, correspondent__name="周翔", role="photo", position=1)
    ArticlePhotoFactory(article=article, photo=photo)
    article.tags.add("工会")
    related = PublishedArticleFactory(
        headline="另一篇工会稿件",
        publish_at=article.publish_at + timezone.timedelta(days=1),
    )
    PublishedArticleFactory(
        headline="太久以前的工会稿件",
        publish_at=article.publish_at - timezone.timedelta(days=400),
    ).tags.add("工会")
    related.tags.add("工会")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="story__kicker">推出“十全”服务 优化人才环境</p>' in page
    assert '<h1 class="story__headline">武进区打造青年创新创业福地</h1>' in page
    assert "2022年11月23日 星期三" in page
    assert f'<a class="byline__name" href="{xu.get_absolute_url()}">徐梦超</a>' in page
    assert "服务站里的快递员。" in page and "吴文龙 周翔 摄" in page
    assert "另一篇工会稿件" in page  # related by tag, from the same month
    assert "太久以前的工会稿件" not in page


def test_home_page_has_leads_latest_and_sections(client):
    yaowen = SectionFactory(name="要闻", slug="yaowen")
    for i in range(5):
        PublishedArticleFactory(section=yaowen, headline=f"要闻稿件{i}")
    page = client.get("/").content.decode()
    assert "leads-title" in page and "要闻稿件4" in page
    assert f'href="{yaowen.get_absolute_url()}"' in page


def test_correspondent_page_names_role_and_unit(client):
    unit = OrganisationFactory(name="临川区总工会")
    person = CorrespondentFactory(name="王海涛", kind="correspondent", affiliation=unit)
    article = PublishedArticleFactory(headline="临川新增服务站")
    CreditFactory(article=article, correspondent=person, role="correspondent")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "临川新增服务站" in page and "临川区总工会" in page and "· 通讯员" in page


def test_archive_by_date(client):
    day = timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 0))
    PublishedArticleFactory(headline="那天的稿件", publish_at=day)
    PublishedArticleFactory(
        headline="别天的稿件", publish_at=day - timezone.timedelta(days=3)
    )
    page = client.get("/archive/2026/11/20/").content.decode()
    assert "那天的稿件" in page and "别天的稿件" not in page
    assert "2026年11月" in client.get("/archive/").content.decode()
    for bad in ("/archive/2026/13/1/", "/archive/2026/2/30/", "/archive/0/1/1/"):
        assert client.get(bad).status_code == 404


def test_error_pages_are_in_the_sites_style(client):
    response = client.get("/article/999999/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()
    from newsroom.errors import server_error

    assert "页面暂时无法显示" in server_error(None).content.decode()


# -------------------------------------------------------------------- URLs


def test_editing_a_headline_keeps_the_url_and_alternates_redirect(client):
    article = PublishedArticleFactory(headline="旧标题")
    url = article.get_absolute_url()
    article.headline = "新标题"
    article.save()
    assert client.get(url).status_code == 200
    for alternate in (
        f"/article/{article.pk}",
        f"/article/{article.pk}/jiu-biao-ti/",
        f"/article/{article.pk}/旧标题",
        f"/articles/{article.pk}/",
        f"/article/00{article.pk}/",
    ):
        response = client.get(alternate)
        assert response.status_code == 301, alternate
        assert response.url.endswith(url), alternate


# ------------------------------------------------------------- findability


def test_json_ld_open_graph_and_canonical(client):
    article = story_with(2)
    article.tags.add("工会")
    page = client.get(article.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(raw.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"].startswith(str(article.first_published_at.year))
    assert "dateModified" in data
    assert {a["@type"] for a in data["author"]} == {"Person"}
    assert len(data["author"]) == 4  # two reporters, two photographers
    assert data["image"][0].startswith("http://testserver/")
    assert data["publisher"]["name"]
    assert (
        f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">'
        in page
    )
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:image"' in page


def test_json_ld_cannot_be_broken_out_of(client):
    article = PublishedArticleFactory(headline="</script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(raw.group(1))["headline"] == article.headline
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_parse_and_carry_only_live_stories(client, kind):
    section = SectionFactory(slug="bendi")
    live = PublishedArticleFactory(section=section, headline="已发布稿件")
    live.tags.add("工会")
    CreditFactory(article=live, correspondent__name="吴文龙")
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


def test_sitemaps_are_well_formed_and_list_only_live_stories(client):
    live = PublishedArticleFactory()
    hidden = [ArticleFactory(**fields) for fields in NOT_LIVE.values()]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
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


# ------------------------------------------------------------------ search


@pytest.mark.parametrize("word", ["工会", "维权", "光伏", "吴文龙", "徐梦超"])
def test_search_finds_two_character_words_and_names(client, word):
    article = PublishedArticleFactory(
        headline="直溪小镇推动产业发展",
        body="<p>金坛区不断将创新理念融入光伏产业，工会帮助职工维权。</p>",
    )
    CreditFactory(article=article, correspondent__name="吴文龙")
    CreditFactory(article=article, correspondent__name="徐梦超", role="correspondent")
    PublishedArticleFactory(headline="无关的稿件", body="<p>天气晴朗。</p>")
    response = client.get(reverse("articles:search"), {"q": word})
    page = response.content.decode()
    assert "直溪小镇推动产业发展" in page, word
    assert "无关的稿件" not in page


def test_search_ranks_headline_matches_first_and_marks_matches(client):
    PublishedArticleFactory(headline="一篇普通稿件", body="<p>文中提到工会。</p>")
    PublishedArticleFactory(
        headline="工会服务站开放",
        body="<p>工会服务站今天开放。</p>",
        publish_at=timezone.now() - timezone.timedelta(days=5),
    )
    page = client.get(reverse("articles:search"), {"q": "工会"}).content.decode()
    assert page.index("工会服务站开放") < page.index("一篇普通稿件")
    assert "<mark>工会</mark>" in page


@pytest.mark.parametrize("label", list(NOT_LIVE))
def test_search_never_finds_what_is_not_live(client, label):
    ArticleFactory(headline="光伏秘密稿件", **NOT_LIVE[label])
    page = client.get(reverse("articles:search"), {"q": "光伏"}).content.decode()
    assert "光伏秘密稿件" not in page


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles_article; --",
        '" OR 1=1 --',
        "工会' & '维权",
        "x" * 10000,
        "工" * 10000,
        "\x00\x01\x1f工会\x7f",
        "！！！，，，。。。",
        "&|!():*<>",
        "",
        "   ",
    ],
)
def test_bad_search_input_is_a_clean_result_never_a_500(client, query):
    PublishedArticleFactory(headline="工会新闻")
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert Article.objects.count() == 1


def test_every_naughty_string_as_a_search(client, blns):
    PublishedArticleFactory(headline="工会新闻")
    for text in blns:
        assert client.get(reverse("articles:search"), {"q": text}).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "1000000000", "abc", "1.5", ""])
def test_bad_page_numbers_are_404(client, page):
    section = SectionFactory(slug="yaowen")
    PublishedArticleFactory(section=section).tags.add("工会")
    for url in ("/", "/section/yaowen/", "/tag/工会/", reverse("articles:search")):
        params = {"page": page, "q": "工会"} if "search" in url else {"page": page}
        response = client.get(url, params)
        assert (
            response.status_code in (404, 200)
            if page == ""
            else response.status_code == 404
        )


@pytest.mark.parametrize(
    "url",
    [
        "/article/abc/",
        "/article/-1/",
        "/article/0/",
        "/article/000/",
        "/article/99999999999999999999/",
    ],
)
def test_bad_ids_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("label", list(NOT_LIVE))
def test_not_live_stories_are_unreachable_by_url(client, label):
    article = ArticleFactory(**NOT_LIVE[label])
    assert client.get(article.get_absolute_url()).status_code in (404, 410)


# ----------------------------------------------------------------- caching


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_published_pages_are_cached_and_an_edit_makes_them_fresh(
    client, django_assert_num_queries
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
    # An edit through the admin purges.
    client.force_login(people.chief)
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


# ------------------------------------------------------------ query budget


@pytest.mark.parametrize("n", [1, 30])
@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_article_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n
):
    article = story_with(n)
    with django_assert_max_num_queries(6):
        response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="story__photo"') == n
    assert page.count('class="byline__name"') == n
    assert "更正一处数字。" in page


@pytest.mark.parametrize("n", [1, 30])
@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_list_pages_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n
):
    section = SectionFactory(slug="yaowen")
    for _ in range(n):
        story_with(2, section=section).tags.add("工会")
    person = CorrespondentFactory(name="吴文龙")
    for article in Article.objects.all():
        CreditFactory(article=article, correspondent=person, position=9)
    for url in ("/", "/section/yaowen/", "/tag/工会/", person.get_absolute_url()):
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(8):
        assert client.get(reverse("articles:search"), {"q": "测试"}).status_code == 200
