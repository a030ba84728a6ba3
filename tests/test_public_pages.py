"""The reader site's first pages: home, article, section, tag, correspondent."""

import pytest
from django.utils import timezone

from accounts.models import Correspondent

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_article_page_shows_headline_block_body_and_linked_byline(client):
    article = PublishedArticleFactory(
        kicker="推出“十全”服务 优化人才环境",
        headline="武进区打造青年创新创业福地",
        subtitle="已汇聚45家服务资源",
        body="<p>11月23日，武进区召开会议。</p>",
    )
    lu = CorrespondentFactory(name="陆赛", kind=Correspondent.Kind.CORRESPONDENT)
    wu = CorrespondentFactory(name="吴文龙")
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
    assert f'<a class="byline__name" href="{lu.get_absolute_url()}">陆赛</a>' in page
    assert '<span class="byline__role">通讯员</span>' in page
    assert "/tag/%E5%B7%A5%E4%BC%9A/" in page or "/tag/工会/" in page


def test_photo_news_shows_picture_caption_and_credit(client):
    article = PublishedArticleFactory(kind="photo", body="")
    photo = PhotoFactory(caption="职工技能竞赛决赛现场。")
    CreditFactory(photo=photo, correspondent__name="吴文龙", role="photo", position=0)
    CreditFactory(photo=photo, correspondent__name="周翔", role="photo", position=1)
    ArticlePhotoFactory(article=article, photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "职工技能竞赛决赛现场。" in page and "吴文龙 周翔 摄" in page
    assert f'width="{photo.width}" height="{photo.height}"' in page


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


def test_lists_show_only_live_stories(client):
    section = SectionFactory(name="要闻", slug="yaowen")
    live = PublishedArticleFactory(section=section, headline="已发布的稿件")
    ArticleFactory(section=section, headline="还在草稿的稿件")
    live.tags.add("工会")
    person = CorrespondentFactory(name="吴文龙")
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


@pytest.mark.parametrize("page", ["0", "-1", "1000000000", "abc"])
def test_bad_page_numbers_are_404_not_500(client, page):
    PublishedArticleFactory()
    assert client.get("/", {"page": page}).status_code == 404
