"""Attribution (来源): a story is 本报 or 转载 with its source, original
author, title and link, and names its 责任编辑. A repost cannot be signed
off without its source and original title; the reader's page and its
JSON-LD say where the story comes from and who edited it; the fields go
through the editing service and its revisions like the rest."""

import json
import re

import pytest

from articles import editing, revisions, workflow
from articles.models import Article

from .factories import PublishedArticleFactory, UserFactory
from .workflow_helpers import change_form, change_url, make_newsroom, step_form

pytestmark = pytest.mark.django_db

REPOST = Article.Source.REPOST


@pytest.fixture
def people():
    return make_newsroom()


def structured_data(page):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_a_repost_without_source_or_title_is_refused_sign_off(people):
    article = people.story("stage1", source=REPOST)
    with pytest.raises(workflow.NotAllowed) as refusal:
        workflow.approve(article, by=people.editor)
    assert "转载稿件须注明转载来源和原标题" in str(refusal.value)
    article.refresh_from_db()
    assert article.stage == 1

    article.source_name = "江城晚报"
    editing.save_edit(
        article, by=people.editor, base_version=article.version, fields=["source_name"]
    )
    with pytest.raises(workflow.NotAllowed, match="须注明原标题"):
        workflow.approve(article, by=people.editor)

    article.original_title = "服务站开进工业园"
    editing.save_edit(
        article,
        by=people.editor,
        base_version=article.version,
        fields=["original_title"],
    )
    workflow.approve(article, by=people.editor)
    article.refresh_from_db()
    assert article.stage == 2


def test_an_own_story_needs_no_source_and_a_draft_repost_may_be_filed(people):
    workflow.approve(people.story("stage1"), by=people.editor)
    repost = people.story("draft", source=REPOST)
    workflow.submit(repost, by=people.author)  # the check is at sign-off


def test_the_form_sets_the_attribution_and_a_revision_keeps_it(people, client):
    article = people.story("stage1")
    client.force_login(people.editor)
    page = client.get(change_url(article)).content.decode()
    for label in ("转载来源", "原作者", "原标题", "原文链接", "责任编辑"):
        assert label in page
    data = step_form(
        article,
        "approve",
        source="repost",
        source_name="江城晚报",
        original_author="陈思远",
        original_title="服务站开进工业园",
        original_url="https://example.cn/news/1",
        responsible_editor=people.editor.pk,
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.source, article.source_name, article.stage) == (
        REPOST,
        "江城晚报",
        2,
    )
    assert article.responsible_editor == people.editor
    latest = revisions.current(article)
    assert latest.data["original_title"] == "服务站开进工业园"
    before = article.revisions.order_by("number").first()
    labels = {c.label for c in revisions.changes(before.data, latest.data)}
    assert {"来源", "转载来源", "原标题", "责任编辑"} <= labels


def test_restoring_an_old_revision_brings_its_attribution_back(people):
    article = people.story("draft")
    first = revisions.current(article)
    article.source, article.source_name = REPOST, "江城晚报"
    editing.save_edit(
        article,
        by=people.author,
        base_version=article.version,
        fields=["source", "source_name"],
    )
    editing.restore_revision(
        article, first, by=people.author, base_version=article.version
    )
    article.refresh_from_db()
    assert (article.source, article.source_name) == (Article.Source.OWN, "")


def test_an_own_story_refuses_repost_details_on_the_form(people, client):
    article = people.story("draft")
    client.force_login(people.author)
    data = change_form(article, source="own", source_name="江城晚报")
    page = client.post(change_url(article), data).content.decode()
    assert "本报稿件不填这一项" in page
    article.refresh_from_db()
    assert article.source_name == ""


def test_a_bad_link_and_a_stranger_as_editor_are_refused(people, client):
    article = people.story("draft")
    client.force_login(people.author)
    data = change_form(
        article,
        source="repost",
        original_url="不是链接",
        responsible_editor=people.outsider.pk,  # not a reviewer
    )
    page = client.post(change_url(article), data).content.decode()
    assert "输入一个有效的 URL" in page
    assert "选择一个有效的选项" in page
    article.refresh_from_db()
    assert article.source == Article.Source.OWN


def test_the_page_shows_source_and_editor_and_json_ld_carries_them(client):
    editor = UserFactory(username="ed", last_name="王", first_name="芳")
    own = PublishedArticleFactory(responsible_editor=editor)
    page = client.get(own.get_absolute_url()).content.decode()
    assert re.search(r"来源：本报</span>\s*<span>责任编辑：王芳</span>", page)
    data = structured_data(page)
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "江城工人报"}
    assert data["editor"] == {"@type": "Person", "name": "王芳"}

    repost = PublishedArticleFactory(
        source=REPOST,
        source_name="江城晚报",
        original_author="陈思远",
        original_title="服务站开进工业园",
        original_url="https://example.cn/news/1",
    )
    page = client.get(repost.get_absolute_url()).content.decode()
    assert (
        '<a href="https://example.cn/news/1" rel="nofollow noopener">江城晚报</a>'
        in page
    )
    assert "原作者：陈思远" in page and "原标题：《服务站开进工业园》" in page
    assert "责任编辑" not in page  # none named
    data = structured_data(page)
    assert data["sourceOrganization"]["name"] == "江城晚报"
    assert data["isBasedOn"] == "https://example.cn/news/1"
    assert "editor" not in data


def test_a_login_name_is_never_printed_as_the_editor(client):
    story = PublishedArticleFactory(responsible_editor=UserFactory(username="wangf"))
    page = client.get(story.get_absolute_url()).content.decode()
    assert "wangf" not in page and "责任编辑" not in page
