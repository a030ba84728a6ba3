"""Every save keeps a revision; any two compare field by field; any one can be
restored; a save based on a stale version is refused and loses nothing."""

import pytest
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Revision

from .factories import CorrespondentFactory
from .workflow_helpers import change_form, change_url, make_newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def test_every_save_keeps_a_revision(people, client):
    article = people.story("draft", headline="第一稿")
    client.force_login(people.author)
    for headline in ("第二稿", "第三稿"):
        article.refresh_from_db()
        assert (
            client.post(
                change_url(article), change_form(article, headline=headline)
            ).status_code
            == 302
        )
    article.refresh_from_db()
    versions = list(article.revisions.values_list("version", "data__headline"))
    assert versions == [(3, "第三稿"), (2, "第二稿"), (1, "第一稿")]
    assert article.revisions.first().created_by == people.author


def test_two_revisions_compare_field_by_field(people, client):
    article = people.story("draft", body="<p>11月23日，江城召开会议。</p>")
    client.force_login(people.author)
    client.post(change_url(article), change_form(article, headline="新标题"))
    article.refresh_from_db()
    client.post(
        change_url(article),
        change_form(article, body="<p>11月24日，江城召开大会。</p>", tags="工会"),
    )
    article.refresh_from_db()
    page = client.get(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        {"a": 2, "b": 3},
    ).content.decode()
    assert "第 2 版与第 3 版的差异" in page
    assert "<del>3</del><ins>4</ins>" in page  # 23日 → 24日, character by character
    assert "<ins>大</ins>会<del>议</del>" in page
    assert "<ins>工会</ins>" in page
    assert page.count("<h3>") == 2  # body and tags; the headline did not change


def test_restoring_a_revision_brings_back_text_byline_and_tags_as_a_new_revision(
    people, client
):
    article = people.story("draft", headline="原标题")
    article.tags.add("工会")
    revisions.record(article, by=people.author)
    first = article.version
    client.force_login(people.author)
    article.refresh_from_db()
    client.post(
        change_url(article), change_form(article, headline="改坏的标题", tags="别的")
    )
    article.refresh_from_db()
    article.credits.all().delete()
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, first])
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "原标题"
    assert list(article.tags.names()) == ["工会"]
    assert article.byline() == "记者 作者本人"
    latest = article.revisions.first()
    assert latest.version == article.version and "恢复自第 1 版" in latest.note


def test_restoring_needs_edit_rights(people, client):
    article = people.story("stage1")
    client.force_login(people.author)  # the author may not edit under review
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, article.version])
    )
    assert response.status_code == 403
    assert (
        client.get(
            reverse("admin:articles_article_restore", args=[article.pk, 1])
        ).status_code
        == 405
    )


def test_the_second_of_two_simultaneous_edits_is_refused_and_keeps_its_text(
    people, client
):
    article = people.story(
        "stage1", headline="两人同时编辑", body="<p>原来的正文。</p>"
    )
    other_editor = people.editor
    colleague = type(other_editor).objects.create_user("editor-b", is_staff=True)
    colleague.groups.add(other_editor.groups.get())
    loaded = change_form(article)  # both open the form at the same version

    client.force_login(other_editor)
    first = client.post(change_url(article), {**loaded, "headline": "编辑甲改的标题"})
    assert first.status_code == 302

    client.force_login(colleague)
    second = client.post(
        change_url(article), {**loaded, "body": "<p>编辑乙写了很长的一段新正文。</p>"}
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "保存未成功" in page
    assert "editor改动了主题：“两人同时编辑”→“编辑甲改的标题”" in page
    assert "编辑乙写了很长的一段新正文。" in page  # nothing typed is lost
    article.refresh_from_db()
    assert article.headline == "编辑甲改的标题"
    assert article.body == "<p>原来的正文。</p>"

    # Having seen the change, the second editor saves again and it goes through.
    form = second.context["adminform"].form
    assert form.data["base_version"] == article.version
    again = client.post(
        change_url(article),
        {
            **loaded,
            "headline": "编辑甲改的标题",
            "body": "<p>编辑乙写了很长的一段新正文。</p>",
            "base_version": article.version,
        },
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>编辑乙写了很长的一段新正文。</p>"


def test_a_form_opened_before_a_transition_is_stale(people, client):
    article = people.story("approved")
    loaded = change_form(article)
    workflow.publish(article, by=people.chief)
    client.force_login(people.chief)
    response = client.post(change_url(article), {**loaded, "headline": "新标题"})
    assert response.status_code == 200
    assert "发布，稿件现在是“已发布”" in response.content.decode()


@pytest.mark.parametrize("bad", ["", "abc", "-1", "99999999999999999999"])
def test_a_missing_or_forged_version_never_overwrites(people, client, bad):
    article = people.story("draft", headline="原标题")
    client.force_login(people.author)
    response = client.post(
        change_url(article), change_form(article, headline="X", base_version=bad)
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "原标题"


def test_revision_list_and_bad_comparison_parameters(people, client):
    article = people.story("draft")
    revisions.record(article, by=people.author)
    client.force_login(people.author)
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    for params in ({}, {"a": "x", "b": "y"}, {"a": 1, "b": 999}, {"a": "-1"}):
        assert client.get(url, params).status_code == 200
    assert (
        client.get(
            reverse("admin:articles_article_revisions", args=[999999])
        ).status_code
        == 404
    )


def test_changes_lists_byline_and_photos():
    person = CorrespondentFactory()
    before = {"kind": "story", "byline": "记者 甲", "photos": [], "tags": []}
    after = {
        "kind": "story",
        "byline": f"记者 {person.name}",
        "photos": [{"photo": 3, "caption": "说明"}],
        "tags": [],
    }
    labels = [change.label for change in revisions.changes(before, after)]
    assert labels == ["署名", "图片"]
    assert Revision.objects.count() == 0
