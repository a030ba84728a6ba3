"""The admin: every model has working pages, list pages cost a fixed number
of queries, and every text input takes the naughty strings without a 500."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Correspondent
from articles.models import Article, Section
from articles.text import clean_text

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    SectionFactory,
)
from .workflow_helpers import change_form

pytestmark = pytest.mark.django_db

MODELS = [
    ("articles", "article"),
    ("articles", "section"),
    ("articles", "photo"),
    ("accounts", "correspondent"),
    ("accounts", "organisation"),
    ("accounts", "user"),
    ("taggit", "tag"),
]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_model_has_changelist_and_add_pages(admin_client, app, model):
    for view in ("changelist", "add"):
        response = admin_client.get(reverse(f"admin:{app}_{model}_{view}"))
        assert response.status_code == 200, view


def test_change_pages_open_for_each_model(admin_client):
    article = ArticleFactory()
    CreditFactory(article=article)
    photo = PhotoFactory()
    for url in [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_photo_change", args=[photo.pk]),
        reverse("admin:articles_section_change", args=[article.section.pk]),
        reverse(
            "admin:accounts_correspondent_change",
            args=[article.credits.first().correspondent.pk],
        ),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_admin_speaks_chinese_whatever_the_browser_asks(admin_client):
    response = admin_client.get(
        reverse("admin:articles_article_add"), HTTP_ACCEPT_LANGUAGE="en-US,en"
    )
    text = response.content.decode()
    assert "主题" in text and "引题" in text and "副题" in text
    assert "保存" in text


def _stories_with_bylines(count):
    section = SectionFactory()
    for _ in range(count):
        article = ArticleFactory(section=section)
        for position in range(3):
            CreditFactory(article=article, position=position)
        article.tags.add("工会", "维权")


@pytest.mark.parametrize("count", [2, 30])
def test_article_list_costs_the_same_queries_for_2_or_30_stories(
    admin_client, django_assert_max_num_queries, count
):
    _stories_with_bylines(count)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(article.byline() in page for article in Article.objects.all())


@pytest.mark.parametrize("count", [2, 30])
def test_photo_and_correspondent_lists_do_not_query_per_row(
    admin_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        CreditFactory(photo=PhotoFactory(), role="photo")
    with django_assert_max_num_queries(10):
        assert (
            admin_client.get(reverse("admin:articles_photo_changelist")).status_code
            == 200
        )
    with django_assert_max_num_queries(10):
        assert (
            admin_client.get(
                reverse("admin:accounts_correspondent_changelist")
            ).status_code
            == 200
        )


def test_reporter_files_a_story_with_an_ordered_byline(client, role_user):
    reporter = role_user(roles.REPORTER)
    client.force_login(reporter)
    wu = CorrespondentFactory(name="程立言")
    lu = CorrespondentFactory(name="陆鸣", kind=Correspondent.Kind.CORRESPONDENT)
    section = SectionFactory()
    response = client.post(
        reverse("admin:articles_article_add"),
        change_form(
            section=section.pk,
            **{
                "credits-TOTAL_FORMS": "2",
                "credits-0-position": "1",
                "credits-0-role": "reporter",
                "credits-0-correspondent": wu.pk,
                "credits-1-position": "0",
                "credits-1-role": "correspondent",
                "credits-1-correspondent": lu.pk,
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.created_by == reporter
    assert article.byline() == "通讯员 陆鸣 记者 程立言"
    assert set(article.tags.names()) == {"服务站", "工会"}
    assert article.char_count == 11
    assert article.status == Article.Status.DRAFT


def test_status_and_counters_cannot_be_set_through_the_form(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        change_form(status="published", version="99", char_count="5", stage="3"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.stage is None and article.version == 1 and article.char_count == 11


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"headline": ""}, "这个字段是必填项"),
        ({"headline": "标" * 121}, "120"),
        ({"tags": "工会，" + "长" * 60}, "每个标签最多 50 个字"),
        ({"tags": "！！！"}, "只有符号"),
        ({"publish_at_0": "2026-13-45", "publish_at_1": "10:00"}, "有效的日期"),
        ({"kind": "nonsense"}, "选择一个有效的选项"),
    ],
)
def test_bad_article_input_gets_a_chinese_error_and_saves_nothing(
    admin_client, overrides, message
):
    response = admin_client.post(
        reverse("admin:articles_article_add"), change_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


KNOWN_REFUSALS = ["只有符号", "每个标签最多", "不超过 120 字符", "必填项"]


def test_every_naughty_string_in_every_article_text_input(admin_client, blns):
    url = reverse("admin:articles_article_add")
    saved = refused = 0
    for text in blns:
        response = admin_client.post(
            url,
            change_form(
                kicker=text,
                headline=text or "空",
                subtitle=text,
                summary=text,
                body=text,
                tags=text,
            ),
        )
        assert response.status_code in (200, 302), repr(text)
        if response.status_code == 302:
            article = Article.objects.latest("pk")
            # Control characters are dropped on save (articles.stored_text).
            assert article.headline == clean_text(text.strip() or "空")
            assert article.summary == clean_text(text.strip())
            saved += 1
        else:
            page = response.content.decode()
            assert 'class="errorlist' in page, repr(text)
            # Refused only for a reason a person can act on, said in Chinese.
            assert any(reason in page for reason in KNOWN_REFUSALS), repr(text)
            refused += 1
    assert saved + refused == len(blns)
    assert Article.objects.count() == saved


def test_every_naughty_string_in_correspondent_and_section_forms(admin_client, blns):
    for text in blns:
        response = admin_client.post(
            reverse("admin:accounts_correspondent_add"),
            {
                "name": text,
                "kind": "staff",
                "slug": "",
                "bio": text,
                "phone": text[:40],
                "email": "",
                "notes": text,
                "is_active": "on",
            },
        )
        assert response.status_code in (200, 302), repr(text)
        if response.status_code == 302:
            assert Correspondent.objects.latest("pk").bio == clean_text(text.strip())
        response = admin_client.post(
            reverse("admin:articles_section_add"),
            {"name": text, "slug": "s", "description": text, "order": "1"},
        )
        assert response.status_code in (200, 302), repr(text)
        Section.objects.filter(slug="s").delete()


def test_tag_suggestions_for_what_is_typed(admin_client):
    ArticleFactory().tags.add("工会", "工会维权", "光伏")
    response = admin_client.get(reverse("admin:articles_tag_suggest"), {"q": "工会"})
    assert response.json() == {"results": ["工会", "工会维权"]}
    assert admin_client.get(
        reverse("admin:articles_tag_suggest"), {"q": "x" * 10000}
    ).json() == {"results": []}


def test_tag_suggestions_need_a_staff_login(client):
    response = client.get(reverse("admin:articles_tag_suggest"), {"q": "工会"})
    assert response.status_code == 302


def test_correspondents_see_only_what_they_filed(client, role_user):
    outsider = role_user(roles.CORRESPONDENT)
    mine = ArticleFactory(created_by=outsider, headline="我的稿件")
    ArticleFactory(headline="别人的稿件")
    client.force_login(outsider)
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "我的稿件" in listing and "别人的稿件" not in listing
    other = Article.objects.exclude(pk=mine.pk).get()
    response = client.get(reverse("admin:articles_article_change", args=[other.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect


def dashboard_actions(client):
    page = client.get(reverse("admin:index")).content.decode()
    bar = re.search(r'<nav class="nr-dash-actions".*?</nav>', page, re.S)
    if bar is None:
        return []
    assert page.index("nr-dash-actions") < page.index('class="nr-dashboard"')
    return re.findall(r'<a href="([^"]+)" class="button[^"]*">([^<]+)</a>', bar[0])


@pytest.mark.parametrize(
    "role", [roles.REPORTER, roles.CORRESPONDENT, roles.EDITOR, roles.CHIEF_EDITOR]
)
def test_the_dashboard_starts_with_what_the_user_may_do(client, role_user, role):
    client.force_login(role_user(role))
    # An outside correspondent files one story at a time: no 导入版面.
    import_page = [(reverse("admin:articles_article_import"), "导入版面")]
    assert dashboard_actions(client) == [
        (reverse("admin:articles_article_add"), "写新稿件"),
        (reverse("admin:articles_photo_add"), "上传图片"),
        (reverse("admin:articles_photo_upload"), "批量上传图片"),
    ] + (import_page if role != roles.CORRESPONDENT else [])
    for url, _label in dashboard_actions(client):
        assert client.get(url).status_code == 200


def test_the_dashboard_offers_only_what_the_user_may_do(client, db):
    from django.contrib.auth.models import Permission

    from .factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    assert dashboard_actions(client) == []  # no permission, no bar
    user.user_permissions.add(Permission.objects.get(codename="add_photo"))
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per object
    client.force_login(user)
    assert [label for _url, label in dashboard_actions(client)] == [
        "上传图片",
        "批量上传图片",
    ]


def test_a_story_opened_read_only_shows_its_body_as_text_not_html(client, role_user):
    """A reporter following a story under review reads its paragraphs, not the
    editor's markup; anything unsafe that reached the row is still removed."""
    author = role_user(roles.REPORTER)
    story = ArticleFactory(
        created_by=author,
        status=Article.Status.SUBMITTED,
        stage=1,
        body="<p>第一段。</p><p>第二段。</p>",
    )
    Article.objects.filter(pk=story.pk).update(
        body="<p>第一段。</p><script>alert(1)</script><p>第二段。</p>"
    )
    client.force_login(author)
    page = client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    assert 'name="_save"' not in page  # read only for the author now
    body = re.search(r'<div class="nr-body-text">(.*?)</div>', page, re.S)[1]
    assert body == "<p>第一段。</p><p>第二段。</p>"
    assert "&lt;p&gt;" not in page and "<script>alert" not in page


def test_every_story_list_action_has_a_chinese_label(admin_client):
    page = admin_client.get(reverse("admin:articles_article_changelist"))
    labels = dict(page.context["action_form"].fields["action"].choices)
    for name in ["submit_selected", "publish_selected", "spike_selected"]:
        assert not re.search(r"[A-Za-z]", str(labels[name])), labels[name]
