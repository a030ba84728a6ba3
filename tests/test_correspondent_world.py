"""An outside correspondent (通讯员) sees only their own world in the admin:
their stories, the photos they uploaded, and the public fields of the people
on their own bylines. Everything is read from one policy per role
(accounts.roles.policy_for); these tests check what the screens show.

Also: only those who manage accounts may link a login account to a 署名人
record (Correspondent.user)."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Correspondent
from articles.models import Article

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(role_user):
    """An outsider with a story of their own and one they are credited on,
    and the rest of the newsroom's work around them."""
    outsider = role_user(roles.CORRESPONDENT, username="xu")
    me = CorrespondentFactory(name="许文静", kind="correspondent", user=outsider)
    staff = role_user(roles.REPORTER, username="lin", first_name="晓峰")
    staff.last_name = "林"
    staff.save()
    colleague = CorrespondentFactory(
        name="林晓峰", user=staff, phone="13800001111", email="lin@paper.cn"
    )
    colleague.notes = "内部备注：只在周二供稿"
    colleague.save()
    stranger = CorrespondentFactory(name="陌生人", phone="13900002222")
    mine = ArticleFactory(created_by=outsider, headline="通讯员自己的稿件")
    shared = ArticleFactory(created_by=staff, headline="两人合写的稿件")
    CreditFactory(article=shared, correspondent=me)
    CreditFactory(article=shared, correspondent=colleague)
    other = ArticleFactory(created_by=staff, headline="别人的稿件")
    CreditFactory(article=other, correspondent=stranger)
    embargo = ArticleFactory(
        created_by=staff,
        headline="禁发期内的头条",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + timezone.timedelta(days=1),
    )
    embargo.tags.add("禁发专题")
    mine.tags.add("社区")
    PublishedArticleFactory(created_by=staff).tags.add("工会")
    own_photo = PhotoFactory(caption="通讯员拍的现场", uploaded_by=outsider)
    their_photo = PhotoFactory(caption="未发表图片的说明", uploaded_by=staff)
    return locals()


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_dashboard_shows_no_embargoed_headline_to_an_outsider(client, world):
    client.force_login(world["outsider"])
    html = page(client, reverse("admin:index"))
    assert "禁发期内的头条" not in html
    assert "定时发布" not in html
    assert "通讯员自己的稿件" in html  # 我的稿件 is still there
    client.force_login(world["staff"])
    assert "禁发期内的头条" in page(client, reverse("admin:index"))


def test_the_dashboard_panels_are_the_policys(client, world):
    client.force_login(world["outsider"])
    html = page(client, reverse("admin:index"))
    shown = re.findall(r'<section aria-labelledby="nr-dash-(\w+)"', html)
    assert shown == ["mine"]  # no notification yet; no queue, no others' work
    client.force_login(world["staff"])
    html = page(client, reverse("admin:index"))
    shown = re.findall(r'<section aria-labelledby="nr-dash-(\w+)"', html)
    assert shown == ["awaiting", "mine", "scheduled", "recent"]


def test_an_outsider_opens_only_the_people_on_their_own_bylines(client, world):
    client.force_login(world["outsider"])
    listing = page(client, reverse("admin:accounts_correspondent_changelist"))
    assert "许文静" in listing and "林晓峰" in listing
    assert "陌生人" not in listing
    stranger = reverse(
        "admin:accounts_correspondent_change", args=[world["stranger"].pk]
    )
    assert client.get(stranger).status_code == 302  # "does not exist"


def test_an_outsider_sees_no_contact_data_or_notes(client, world):
    client.force_login(world["outsider"])
    url = reverse("admin:accounts_correspondent_change", args=[world["colleague"].pk])
    html = page(client, url)
    assert "林晓峰" in html
    for secret in (
        "13800001111",
        "lin@paper.cn",
        "只在周二供稿",
        "联系方式",
        "登录账号",
    ):
        assert secret not in html, secret
    listing = page(client, reverse("admin:accounts_correspondent_changelist"))
    assert "登录账号" not in listing and "所在单位" not in listing.split("<table")[0]


def test_staff_still_see_contact_data(client, world, role_user):
    client.force_login(role_user(roles.EDITOR))
    url = reverse("admin:accounts_correspondent_change", args=[world["colleague"].pk])
    html = page(client, url)
    assert "13800001111" in html and "只在周二供稿" in html


def test_an_outsider_sees_only_their_own_photos(client, world):
    client.force_login(world["outsider"])
    listing = page(client, reverse("admin:articles_photo_changelist"))
    assert "通讯员拍的现场" in listing and "未发表图片的说明" not in listing
    theirs = reverse("admin:articles_photo_change", args=[world["their_photo"].pk])
    assert client.get(theirs).status_code == 302
    found = page(client, reverse("admin:articles_photo_chooser"), results=1)
    assert "通讯员拍的现场" in found and "未发表图片的说明" not in found


def test_an_outsider_sees_no_staff_list_and_no_publish_action(client, world):
    client.force_login(world["outsider"])
    listing = page(client, reverse("admin:articles_article_changelist"))
    assert "通讯员自己的稿件" in listing and "两人合写的稿件" in listing
    assert "别人的稿件" not in listing
    assert "created_by__id__exact" not in listing and "创建人" not in listing
    assert 'value="publish_selected"' not in listing
    assert 'value="submit_selected"' in listing
    html = page(
        client, reverse("admin:articles_article_change", args=[world["shared"].pk])
    )
    assert "创建人" not in html


def test_the_publish_action_is_offered_only_to_those_who_may_publish(
    client, world, role_user
):
    for role, offered in [
        (roles.REPORTER, False),
        (roles.EDITOR, False),
        (roles.CHIEF_EDITOR, True),
    ]:
        client.force_login(role_user(role))
        listing = page(client, reverse("admin:articles_article_changelist"))
        assert ('value="publish_selected"' in listing) is offered, role
        assert ("created_by__id__exact" in listing) is True, role


def test_an_outsider_has_no_import_screen(client, world):
    client.force_login(world["outsider"])
    assert client.get(reverse("admin:articles_article_import")).status_code == 403
    assert client.post(reverse("admin:articles_article_import")).status_code == 403
    assert "导入版面" not in page(client, reverse("admin:index"))
    listing = page(client, reverse("admin:articles_article_changelist"))
    assert reverse("admin:articles_article_import") not in listing


def test_an_outsider_has_no_tag_list(client, world):
    client.force_login(world["outsider"])
    assert client.get(reverse("admin:taggit_tag_changelist")).status_code == 403


def test_tag_suggestions_to_an_outsider_are_only_tags_already_seen(client, world):
    client.force_login(world["outsider"])
    url = reverse("admin:articles_tag_suggest")

    def suggested(q):
        return json.loads(client.get(url, {"q": q}).content)["results"]

    assert suggested("禁发") == []  # only an embargoed story carries it
    assert suggested("工会") == ["工会"]  # on a published story
    assert suggested("社区") == ["社区"]  # on their own draft
    client.force_login(world["staff"])
    assert suggested("禁发") == ["禁发专题"]


def test_an_outsider_still_finds_anyone_for_a_byline(client, world):
    """Filing needs the people lookup of a byline row: names and units, no
    more, and not narrowed to the outsider's own bylines."""
    client.force_login(world["outsider"])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "陌生",
            "app_label": "articles",
            "model_name": "credit",
            "field_name": "correspondent",
        },
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["text"] for r in results] == ["陌生人"]
    assert "13900002222" not in response.content.decode()


# ------------------------------------------------ login accounts on bylines


def test_a_reporter_cannot_link_a_login_account_to_a_byline(client, role_user):
    chief = role_user(roles.CHIEF_EDITOR, username="chief")
    reporter = role_user(roles.REPORTER)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:accounts_correspondent_add"),
        {"name": "冒名者", "kind": "staff", "user": chief.pk, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Correspondent.objects.get(name="冒名者")
    assert person.user is None


def test_an_editor_cannot_relink_a_byline_to_another_account(client, role_user):
    chief = role_user(roles.CHIEF_EDITOR, username="chief")
    editor = role_user(roles.EDITOR)
    person = CorrespondentFactory(name="林晓峰")
    client.force_login(editor)
    url = reverse("admin:accounts_correspondent_change", args=[person.pk])
    html = page(client, url)
    assert 'name="user"' not in html  # shown, not a field
    response = client.post(
        url, {"name": "林晓峰", "kind": "staff", "user": chief.pk, "is_active": "on"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is None


def test_who_manages_accounts_links_one(client, superuser):
    someone = UserFactory(username="song")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_correspondent_add"),
        {"name": "宋佳", "kind": "staff", "user": someone.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Correspondent.objects.get(name="宋佳").user == someone


# ------------------------------------------------------- the one policy


def test_every_role_has_one_policy_and_the_outsiders_is_narrow():
    assert set(roles.POLICIES) == set(roles.PERMISSIONS)
    outside = roles.POLICIES[roles.CORRESPONDENT]
    assert "scheduled" not in outside.panels and "recent" not in outside.panels
    assert "import" not in outside.pages
    people = outside.screen("accounts.correspondent")
    assert {"phone", "email", "notes", "user"} <= people.fields
    assert "created_by" in outside.screen("articles.article").filters
    assert "publish_selected" in outside.screen("articles.article").actions
    for role in (roles.REPORTER, roles.EDITOR, roles.DESK_CHIEF, roles.CHIEF_EDITOR):
        assert roles.POLICIES[role] is roles.STAFF


def test_every_newsroom_admin_screen_consults_the_policy():
    from django.contrib import admin

    from articles.admin.mixins import RolePolicyMixin

    ours = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("articles", "accounts")
    ]
    assert len(ours) == 13
    for model_admin in ours:
        assert isinstance(model_admin, RolePolicyMixin), model_admin


def test_only_those_who_maintain_tags_merge_them(client, role_user):
    """taggit's merge page re-points every story's tags, live ones too; it
    checked only that the user was staff (found by the authorization
    matrix)."""
    merge = reverse("admin:taggit_tag_merge_tags")
    for role, status in [
        (roles.CORRESPONDENT, 403),
        (roles.REPORTER, 403),
        (roles.EDITOR, 200),
    ]:
        client.force_login(role_user(role))
        assert client.get(merge).status_code == status, role
        assert client.post(merge, {"new_tag_name": "合并"}).status_code in (
            (403,) if status == 403 else (200, 302)
        ), role
    client.force_login(role_user(roles.REPORTER))
    listing = page(client, reverse("admin:taggit_tag_changelist"))
    assert "render_tag_form" not in listing  # the action that leads there


def test_an_editor_still_merges_tags_and_a_bare_post_is_refused_kindly(
    client, role_user
):
    story = ArticleFactory()
    story.tags.add("工会", "總工會")
    client.force_login(role_user(roles.EDITOR))
    merge = reverse("admin:taggit_tag_merge_tags")
    response = client.post(merge, {"new_tag_name": "工会"}, follow=True)
    assert "请先在标签列表中选择要合并的标签。" in response.content.decode()
    from taggit.models import Tag

    chosen = list(Tag.objects.values_list("pk", flat=True))
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "render_tag_form", "_selected_action": chosen, "index": "0"},
    )
    client.post(merge, {"new_tag_name": "工会"})
    assert list(story.tags.names()) == ["工会"]


# ------------------------------------------------ photos in a story's rows


def _with_photo(photo, **row):
    from .workflow_helpers import change_form

    return change_form(
        **{
            "article_photos-TOTAL_FORMS": "1",
            "article_photos-0-photo": str(photo.pk),
            "article_photos-0-caption": "图片说明",
            "article_photos-0-position": "1",
            **row,
        }
    )


def test_an_outsider_cannot_put_someone_elses_photo_in_a_story(client, world):
    client.force_login(world["outsider"])
    response = client.post(
        reverse("admin:articles_article_add"), _with_photo(world["their_photo"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "所选图片不存在或已被删除，请重新选择。" in html
    assert "未发表图片的说明" not in html  # the forged id shows nothing
    assert not Article.objects.filter(created_by=world["outsider"]).exclude(
        pk=world["mine"].pk
    )
    response = client.post(
        reverse("admin:articles_article_add"), _with_photo(world["own_photo"])
    )
    assert response.status_code == 302
    story = Article.objects.filter(created_by=world["outsider"]).latest("pk")
    assert [use.photo for use in story.article_photos.all()] == [world["own_photo"]]


def test_staff_choose_from_the_whole_library(client, world):
    client.force_login(world["staff"])
    response = client.post(
        reverse("admin:articles_article_add"), _with_photo(world["own_photo"])
    )
    assert response.status_code == 302


def test_an_outsider_may_keep_a_photo_an_editor_put_on_their_story(world):
    from articles.admin.mixins import choosable_photos

    from .factories import ArticlePhotoFactory

    ArticlePhotoFactory(article=world["shared"], photo=world["their_photo"])
    choosable = set(choosable_photos(world["outsider"]))
    assert choosable == {world["own_photo"], world["their_photo"]}
    assert PhotoFactory() not in set(choosable_photos(world["outsider"]))
