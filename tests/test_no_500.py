"""No input is a 500: control characters never reach the database, feeds
and sitemaps stay well-formed XML (even over an old bad row) and say what
type their text is, a long reason fits its notification, and hostile
addresses are 404s. The broad sweep is tests/test_fuzz.py; these are the
findings one by one."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Organisation
from articles import workflow
from articles.models import Article, ArticleEvent, Notification, Section
from articles.text import clean_text, fit, xml_text

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from .workflow_helpers import change_form, make_newsroom

pytestmark = pytest.mark.django_db

CONTROL = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9f\ufffe"


# ------------------------------------------------------- the text on save


def test_clean_text_keeps_newlines_and_tabs_and_drops_other_controls():
    assert clean_text(f"第一行\r\n第{CONTROL}二行\t完\r") == "第一行\n第二行\t完\n"
    assert xml_text("a\x0bb\ud800") == "ab\ufffd"
    assert fit("一二三四五", 5) == "一二三四五"
    assert fit("一二三四五六", 5) == "一二三四…"


def test_every_text_field_is_cleaned_whoever_saves_it():
    article = ArticleFactory(
        kicker="引\x0b题", headline="主\x0b题", summary="摘\x00要\n第二段"
    )
    person = CorrespondentFactory(name="林\x1b晓峰", bio="简\x07介", notes="备\x0c注")
    section = SectionFactory(name="栏\x01目", description="简\x02介")
    photo = PhotoFactory(caption="说\x0b明", alt_text="替\x0b代")
    unit = Organisation.objects.create(name="单\x0b位", short_name="简\x0b称")
    article.tags.add("标\x0b签")
    for obj in (article, person, section, photo, unit):
        obj.refresh_from_db()
    assert (article.kicker, article.headline) == ("引题", "主题")
    assert article.summary == "摘要\n第二段"
    assert (person.name, person.bio, person.notes) == ("林晓峰", "简介", "备注")
    assert (section.name, section.description) == ("栏目", "简介")
    assert (photo.caption, photo.alt_text) == ("说明", "替代")
    assert (unit.name, unit.short_name) == ("单位", "简称")
    assert list(article.tags.names()) == ["标签"]


def test_an_edit_saving_named_fields_is_cleaned_too(client, superuser):
    article = ArticleFactory(created_by=superuser)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, headline="改\x0b后的主题", summary="摘\x1f要"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.summary) == ("改后的主题", "摘要")
    assert article.revisions.first().data["headline"] == "改后的主题"


def test_a_lone_surrogate_is_refused_in_chinese():
    with pytest.raises(ValidationError) as refused:
        ArticleFactory(headline="坏\ud800字")
    assert "残缺字符" in refused.value.messages[0]
    assert not Article.objects.exists()


def test_a_spike_reason_is_cleaned_although_it_is_written_by_update():
    from articles import editing

    people = make_newsroom()
    article = people.story("draft")
    editing.spike(article, by=people.author, reason="重\x0b复\x00稿")
    article.refresh_from_db()
    assert article.spike_reason == "重复稿"
    assert article.events.get(action="spike").comment == "重复稿"


# ---------------------------------------------------- feeds and sitemaps

FEEDS = ["/feeds/rss/", "/feeds/atom/", "/section/bendi/rss/", "/section/bendi/atom/"]


def feed_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    return response, feed


def test_feeds_and_news_sitemap_survive_a_control_character_already_stored(client):
    section = SectionFactory(slug="bendi")
    story = PublishedArticleFactory(section=section, headline="好稿")
    # A row written before the clean existed, or by a raw update.
    Article.objects.filter(pk=story.pk).update(
        headline="坏\x0b稿", kicker="引\x01题", summary="摘\x0c要"
    )
    Section.objects.filter(pk=section.pk).update(description="简\x0b介")
    for url in FEEDS:
        _response, feed = feed_of(client, url)
        assert feed.entries[0].title == "引题 坏稿", url
    news = client.get("/news-sitemap.xml")
    assert news.status_code == 200
    titles = [
        t.text
        for t in ET.fromstring(news.content).iter(
            "{http://www.google.com/schemas/sitemap-news/0.9}title"
        )
    ]
    assert titles == ["坏稿"]


HOSTILE_SUMMARY = '<img src=x onerror="alert(1)"> 职工 & 家属'


def test_atom_declares_its_summary_plain_text(client):
    PublishedArticleFactory(summary=HOSTILE_SUMMARY)
    response, feed = feed_of(client, "/feeds/atom/")
    summary = ET.fromstring(response.content).find(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary"
    )
    assert summary.get("type") == "text"
    assert summary.text == HOSTILE_SUMMARY
    # A reader shows it as text: the markup is characters, not an element.
    assert feed.entries[0].summary_detail.type == "text/plain"


def test_rss_sends_the_summary_as_escaped_html(client):
    PublishedArticleFactory(summary=HOSTILE_SUMMARY)
    response, feed = feed_of(client, "/feeds/rss/")
    description = ET.fromstring(response.content).find("channel/item/description")
    # RSS readers take <description> as HTML: the text comes out as text.
    assert description.text == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 职工 &amp; 家属"
    )
    assert "<img" not in feed.entries[0].summary


# ------------------------------------------------------ column sizes


def test_a_long_send_back_reason_fits_the_notification_and_stays_whole_in_the_log():
    people = make_newsroom()
    article = people.story("stage1", headline="长" * 120)
    reason = "请核实。" * 500  # 2,000 characters: the most the box takes
    workflow.send_back(article, by=people.editor, reason=reason)
    note = Notification.objects.get(recipient=people.author)
    limit = Notification._meta.get_field("message").max_length
    assert len(note.message) == limit
    assert note.message.endswith("…")
    assert note.message.startswith(f"您的稿件《{'长' * 120}》被退回：请核实。")
    assert ArticleEvent.objects.get(action="send_back").comment == reason


def test_a_long_reason_posted_through_the_review_panel_is_not_a_500(client):
    from .workflow_helpers import step_form

    people = make_newsroom()
    article = people.story("stage1")
    client.force_login(people.editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        step_form(article, "send_back", comment="理由太长" * 500),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.RETURNED


# ------------------------------------------------------ hostile addresses

HOSTILE_PATHS = [
    "/archive/99999999999999999999/1/",
    "/archive/2026/99999999999999999999/",
    "/archive/0000/01/",
    "/archive/9999/12/",
    "/archive/9999/12/31/",
    "/archive/9999/12/",
    "/archive/2026/13/",
    "/archive/2026/02/31/",
    "/article/99999999999999999999/",
    "/article/99999999999999999999/slug/",
    "/articles/99999999999999999999",
    "/people/a%00b/",
    "/people/%0b/",
    "/tag/%00/",
    "/tag/%00/rss/",
    "/tag/a%0bb/atom/",
    "/preview/%00/",
    "/photos/99999999999999999999/abc/320.jpg",
    "/photos/1/%00/320.jpg",
    "/photos/1/abc/99999999999999999999.webp",
    "/photos/1/a%00/card.jpg",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_address_is_a_404_not_a_500(client, path):
    client.raise_request_exception = False
    assert client.get(path).status_code == 404


def test_the_highest_years_the_archive_takes_still_work(client):
    PublishedArticleFactory()
    assert client.get("/archive/2026/11/").status_code == 200
    assert client.get("/archive/1000/1/1/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "publish_at__year=99999999999999999999",
        "publish_at__year=2026&publish_at__month=99999999999999999999",
        "publish_at__year=2026&publish_at__month=1&publish_at__day=99999999999999999999",
    ],
)
def test_an_overflowing_date_in_the_story_list_is_ignored(client, superuser, query):
    client.force_login(superuser)
    url = reverse("admin:articles_article_changelist")
    response = client.get(f"{url}?{query}")
    # Django's answer to a lookup it cannot use: the list without it.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert client.get(response["Location"]).status_code == 200


def test_names_in_addresses_still_resolve(client):
    person = CorrespondentFactory(name="林晓峰")
    story = PublishedArticleFactory()
    CreditFactory(article=story, correspondent=person)
    story.tags.add("工会 维权")
    for url in (
        person.get_absolute_url(),
        reverse("articles:tag", args=[story.tags.get().slug]),
        reverse("articles:tag-rss", args=[story.tags.get().slug]),
    ):
        assert client.get(url).status_code == 200, url


# ------------------------------------------- validation sees the clean text


def test_a_name_differing_only_by_a_control_character_is_a_duplicate(client, superuser):
    Organisation.objects.create(name="江城市总工会")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {"name": "江城市\x0b总工会", "short_name": ""},
    )
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_headline_of_nothing_but_control_characters_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_article_add"), change_form(headline="\x01\x02")
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Article.objects.exists()


def test_a_lone_surrogate_in_a_form_is_a_chinese_error_on_its_field():
    from django.forms import modelform_factory

    form = modelform_factory(Section, fields=["name", "slug", "order"])(
        {"name": "坏\ud800字", "slug": "bad", "order": "1"}
    )
    assert not form.is_valid()
    assert "残缺字符" in form.errors["name"][0]


@pytest.mark.parametrize("bad", ["<script>", "99999999999999999999", "-1", "1.5"])
def test_a_hostile_choice_in_an_autocomplete_shows_the_form_again(
    client, superuser, bad
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_article_add"),
        change_form(
            section=bad,
            **{
                "credits-TOTAL_FORMS": "1",
                "credits-0-role": "reporter",
                "credits-0-correspondent": bad,
            },
        ),
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    person = CorrespondentFactory()
    response = client.post(
        reverse("admin:accounts_correspondent_change", args=[person.pk]),
        {"name": "林晓峰", "kind": "staff", "affiliation": bad, "user": bad},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


@pytest.mark.parametrize(
    "refused",
    [{"alt_text": "替" * 300}, {"focal_x": "2", "focal_y": "0.5"}, {"tags": "!!"}],
)
@pytest.mark.parametrize("change", [False, True])
def test_the_photo_form_shows_its_errors_after_the_image_was_accepted(
    client, superuser, refused, change
):
    from . import images as files
    from .factories import jpeg_bytes

    client.force_login(superuser)
    url = (
        reverse("admin:articles_photo_change", args=[PhotoFactory().pk])
        if change
        else reverse("admin:articles_photo_add")
    )
    response = client.post(
        url,
        {
            "image": files.upload(jpeg_bytes((80, 60)), "new.jpg"),
            "caption": "焊工决赛现场",
            "alt_text": "焊工在操作台前焊接",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            **refused,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page and "焊工决赛现场" in page


def test_a_review_stage_name_too_long_for_the_timeline_is_refused_at_start_up():
    from newsroom.settings import _review_chain

    assert _review_chain("初审:编辑") == [("初审", "编辑")]
    with pytest.raises(ValueError, match="over 20"):
        _review_chain(f"{'审' * 21}:编辑")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/photo/chooser/?q=%00",
        "/admin/articles/article/?q=%00",
        "/search/?q=%00",
        "/?page=%00",
        "/admin/articles/article/?%00=1",
    ],
)
def test_a_nul_byte_in_the_query_is_dropped(client, superuser, url):
    client.force_login(superuser)
    assert client.get(url).status_code in (200, 302)


def test_what_was_typed_around_a_nul_byte_is_kept(client, superuser):
    story = ArticleFactory(created_by=superuser)
    story.tags.add("工会")
    client.force_login(superuser)
    response = client.get("/admin/articles/article/tags/suggest/?q=工%00会")
    assert response.status_code == 200
    assert response.json() == {"results": ["工会"]}
