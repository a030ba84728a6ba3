"""The reader's pages: home, story, section, tag, correspondent and the
archive; stable URLs, structured data, what is not live staying unreachable,
and the query budget."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Correspondent
from articles.reader.views import CappedPaginator

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
from .reader_helpers import NOT_LIVE, section_of_stories_by_one_person, story_with

pytestmark = pytest.mark.django_db


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
    xu = CorrespondentFactory(name="蒋梦柯", kind="correspondent", affiliation=unit)
    wu = CorrespondentFactory(name="程立言")
    CreditFactory(article=article, correspondent=xu, role="correspondent", position=0)
    CreditFactory(article=article, correspondent=wu, role="reporter", position=1)
    photo = PhotoFactory(caption="服务站里的快递员。")
    CreditFactory(photo=photo, correspondent=wu, role="photo", position=0)
    CreditFactory(photo=photo, correspondent__name="许航", role="photo", position=1)
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
    assert f'<a class="byline__name" href="{xu.get_absolute_url()}">蒋梦柯</a>' in page
    assert "服务站里的快递员。" in page and "程立言 许航 摄" in page
    assert "另一篇工会稿件" in page  # related by tag, from the same month
    assert "太久以前的工会稿件" not in page


def test_article_page_shows_headline_block_body_and_linked_byline(client):
    article = PublishedArticleFactory(
        kicker="推出“十全”服务 优化人才环境",
        headline="武进区打造青年创新创业福地",
        subtitle="已汇聚45家服务资源",
        body="<p>11月23日，武进区召开会议。</p>",
    )
    lu = CorrespondentFactory(name="陆鸣", kind=Correspondent.Kind.CORRESPONDENT)
    wu = CorrespondentFactory(name="程立言")
    CreditFactory(article=article, correspondent=lu, role="correspondent", position=0)
    CreditFactory(article=article, correspondent=wu, role="reporter", position=1)
    article.tags.add("工会")
    page = client.get(article.get_absolute_url()).content.decode()
    for text in (
        article.kicker,
        article.headline,
        article.subtitle,
        "11月23日，武进区召开会议。",
    ):
        assert text in page
    assert f'<a class="byline__name" href="{lu.get_absolute_url()}">陆鸣</a>' in page
    assert '<span class="byline__role">通讯员</span>' in page
    assert "/tag/%E5%B7%A5%E4%BC%9A/" in page or "/tag/工会/" in page


def test_photo_news_shows_picture_caption_and_credit(client):
    article = PublishedArticleFactory(kind="photo", body="")
    photo = PhotoFactory(caption="职工技能竞赛决赛现场。")
    CreditFactory(photo=photo, correspondent__name="程立言", role="photo", position=0)
    CreditFactory(photo=photo, correspondent__name="许航", role="photo", position=1)
    ArticlePhotoFactory(article=article, photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "职工技能竞赛决赛现场。" in page and "程立言 许航 摄" in page
    assert f'width="{photo.width}" height="{photo.height}"' in page


def test_home_page_has_leads_latest_and_sections(client):
    yaowen = SectionFactory(name="要闻", slug="yaowen")
    for i in range(5):
        PublishedArticleFactory(section=yaowen, headline=f"要闻稿件{i}")
    page = client.get("/").content.decode()
    assert "lead-title" in page and "latest-title" in page and "要闻稿件4" in page
    assert f'href="{yaowen.get_absolute_url()}"' in page


def test_lists_show_only_live_stories(client):
    section = SectionFactory(name="要闻", slug="yaowen")
    live = PublishedArticleFactory(section=section, headline="已发布的稿件")
    ArticleFactory(section=section, headline="还在草稿的稿件")
    live.tags.add("工会")
    person = CorrespondentFactory(name="程立言")
    CreditFactory(article=live, correspondent=person)
    for url in (
        "/",
        section.get_absolute_url(),
        "/tag/工会/",
        person.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert "已发布的稿件" in page, url
        assert "还在草稿的稿件" not in page, url


def test_correspondent_page_names_role_and_unit(client):
    unit = OrganisationFactory(name="临川区总工会")
    person = CorrespondentFactory(name="王海涛", kind="correspondent", affiliation=unit)
    article = PublishedArticleFactory(headline="临川新增服务站")
    CreditFactory(article=article, correspondent=person, role="correspondent")
    CreditFactory(article=article, role="reporter", position=1)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "临川新增服务站" in page and "临川区总工会" in page
    intro = re.search(r'<p class="list-intro">(.*?)</p>', page, re.S).group(1)
    assert intro.split() == ["通讯员", "·", "临川区总工会"]
    # Each story shows its byline as printed, not the role once more before it.
    meta = re.search(r'class="story-item__meta">(.*?)</p>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", meta).split("·")[-1].split()[:2] == [
        "通讯员",
        "王海涛",
    ]
    assert meta.count("通讯员") == 1


def test_correspondent_page_names_kind_and_unit_but_no_contact_details(client):
    from .factories import OrganisationFactory

    person = CorrespondentFactory(
        name="许文静",
        kind=Correspondent.Kind.CORRESPONDENT,
        affiliation=OrganisationFactory(name="江城市总工会"),
        phone="13800000000",
        email="xu@example.cn",
        notes="内部备注",
    )
    page = client.get(person.get_absolute_url()).content.decode()
    assert "通讯员" in page and "江城市总工会" in page
    for secret in ("13800000000", "xu@example.cn", "内部备注"):
        assert secret not in page


def test_error_pages_are_in_the_sites_style(client):
    response = client.get("/article/999999/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()
    from newsroom.errors import server_error

    assert "页面暂时无法显示" in server_error(None).content.decode()


# ----------------------------------------------------------------- archive


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


def test_month_archive_lists_that_months_live_stories(client):
    november = timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 0))
    PublishedArticleFactory(headline="十一月的稿件", publish_at=november)
    PublishedArticleFactory(
        headline="十月的稿件", publish_at=november - timezone.timedelta(days=30)
    )
    ArticleFactory(headline="十一月的草稿", publish_at=november)
    response = client.get(reverse("articles:archive-month", args=[2026, 11]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "往期稿件：2026年11月" in page
    assert "十一月的稿件" in page
    assert "十月的稿件" not in page and "十一月的草稿" not in page
    # The months calendar links to both months that have stories.
    assert reverse("articles:archive-month", args=[2026, 10]) in page


def test_a_day_without_stories_is_an_empty_page_not_an_error(client):
    PublishedArticleFactory()
    response = client.get(reverse("articles:archive-day", args=[2026, 11, 21]))
    assert response.status_code == 200
    assert "这一天没有发布的稿件。" in response.content.decode()


def test_the_archive_index_lists_months_but_no_stories(client):
    PublishedArticleFactory(
        headline="索引页不列的稿件",
        publish_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 9, 0)),
    )
    page = client.get(reverse("articles:archive")).content.decode()
    assert reverse("articles:archive-month", args=[2026, 3]) in page
    assert "索引页不列的稿件" not in page


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_a_busy_day_is_paged_and_bad_pages_are_404(client):
    day = timezone.make_aware(timezone.datetime(2026, 11, 20, 8, 0))
    for i in range(21):
        PublishedArticleFactory(
            headline=f"当天第{i:02d}篇", publish_at=day + timezone.timedelta(minutes=i)
        )
    url = reverse("articles:archive-day", args=[2026, 11, 20])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    # Newest first: twenty on the first page, the earliest on the second.
    assert "当天第20篇" in first and "当天第00篇" not in first
    assert "当天第00篇" in second and "当天第20篇" not in second
    for bad in ("3", "0", "abc"):
        assert client.get(url, {"page": bad}).status_code == 404, bad


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


@pytest.mark.parametrize("page", ["0", "-1", "1000000000", "abc"])
def test_bad_page_numbers_are_404_not_500(client, page):
    PublishedArticleFactory()
    assert client.get("/", {"page": page}).status_code == 404


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


@pytest.mark.parametrize(
    "url",
    [
        "/article/999999/",
        "/article/abc/",
        "/section/nope/",
        "/tag/不存在/",
        "/people/nobody/",
    ],
)
def test_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("label", list(NOT_LIVE))
def test_not_live_stories_are_unreachable_by_url(client, label):
    article = ArticleFactory(**NOT_LIVE[label])
    assert client.get(article.get_absolute_url()).status_code in (404, 410)


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
def test_unpublished_stories_are_not_found(client, status):
    article = ArticleFactory(status=status, publish_at=timezone.now())
    assert client.get(article.get_absolute_url()).status_code == 404


def test_withdrawn_story_answers_410_gone_without_its_content(client):
    article = ArticleFactory(
        status="withdrawn", publish_at=timezone.now(), body="<p>撤回的正文</p>"
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "这篇稿件已撤回" in page
    assert article.headline not in page and "撤回的正文" not in page


def test_scheduled_story_is_not_found_before_its_time(client):
    article = PublishedArticleFactory(
        publish_at=timezone.now() + timezone.timedelta(hours=2)
    )
    assert client.get(article.get_absolute_url()).status_code == 404


# ------------------------------------------------------------ findability


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


# ------------------------------------------------------------ query budget


@pytest.mark.parametrize("n", [1, 30])
@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_article_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n
):
    # The story with its section, its tags, corrections, photos, the byline
    # and the photos' credits (one query), the related stories (their
    # tags' neighbours, then the live ones among them) and the section bar.
    article = story_with(n)
    with django_assert_max_num_queries(8):
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
    person = section_of_stories_by_one_person(n)
    for url in ("/", "/section/yaowen/", "/tag/工会/", person.get_absolute_url()):
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200, url


# ------------------------------------------------------------ long lists


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_a_list_longer_than_its_pages_goes_on_in_the_archive(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 2)  # 40 stories
    section = SectionFactory(name="城事")
    PublishedArticleFactory.create_batch(41, section=section)
    url = section.get_absolute_url()

    last = pagination(client.get(url + "?page=2"))
    assert "第 2 页，共 2 页" in last
    assert 'rel="next"' not in last
    assert f'<a href="{reverse("articles:archive")}">往期稿件</a>' in last
    assert client.get(url + "?page=3").status_code == 404
    for bad in ("0", "-1", "abc", "2.5"):
        assert client.get(url + "?page=" + bad).status_code == 404, bad


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_a_list_that_fits_its_pages_ends_on_its_last_page(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 2)
    section = SectionFactory(name="城事")
    PublishedArticleFactory.create_batch(40, section=section)
    last = pagination(client.get(section.get_absolute_url() + "?page=2"))
    assert "第 2 页，共 2 页" in last
    assert "往期稿件" not in last
    assert 'rel="prev"' in last


def pagination(response):
    page = response.content.decode()
    return page.split('<nav class="pagination"')[1].split("</nav>")[0]
