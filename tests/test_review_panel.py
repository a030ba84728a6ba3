"""The review step taken with the story's change form (save, then step, in one
click), the wording of steps and states, consecutive revision numbers, the
sent-back banner and 定时发布 wherever a scheduled story shows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Notification

from .workflow_helpers import (
    change_form,
    change_url,
    frozen,
    make_newsroom,
    step_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def textarea(page):
    found = re.search(
        r'<textarea name="workflow-comment"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert found, "no opinion box on the page"
    return found.group(1)


def steps_of(page):
    return re.findall(r'<td class="nr-step">(.*?)</td>', page)


def local(at):
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------- one click, two jobs


def test_save_and_submit_with_a_note_in_one_click(people, client):
    article = people.story("draft", headline="初稿标题")
    client.force_login(people.author)
    response = client.post(
        change_url(article),
        step_form(article, "submit", "请重点看第三段的数据。", headline="改过的标题"),
    )
    assert response.status_code == 302 and response.url == change_url(article)
    article.refresh_from_db()
    assert (article.headline, article.status, article.stage) == (
        "改过的标题",
        "submitted",
        1,
    )
    event = article.events.get()
    assert (event.action, event.comment) == ("submit", "请重点看第三段的数据。")
    assert (
        event.revision.number == 2 and event.revision.data["headline"] == "改过的标题"
    )
    page = client.get(change_url(article)).content.decode()
    assert "请重点看第三段的数据。" in page.split("流转记录与审稿意见")[1]
    assert "修改已保存（第 2 版）" in page and "提交审稿，现在是“待审·初审”" in page


def test_signing_without_editing_keeps_no_new_revision(people, client):
    article = people.story("stage1")
    revisions_before = article.revisions.count()
    client.force_login(people.editor)
    client.post(change_url(article), step_form(article, "approve", "同意。"))
    article.refresh_from_db()
    assert article.stage == 2 and article.revisions.count() == revisions_before
    assert article.events.last().revision == article.revisions.first()


def test_a_refused_step_after_a_save_keeps_the_save_and_the_opinion(people, client):
    article = people.story("stage1", headline="待审稿件")
    client.force_login(people.editor)
    response = client.post(
        change_url(article),
        step_form(article, "send_back", "   ", headline="初审编辑改的标题"),
        follow=True,
    )
    page = response.content.decode()
    article.refresh_from_db()
    assert article.headline == "初审编辑改的标题"  # the save is not lost
    assert (article.status, article.stage) == ("submitted", 1)  # no step
    assert "“退回修改”没有执行：退回稿件时必须写明理由。" in page
    assert "您对稿件的修改已经保存（第 2 版）" in page


def test_a_refused_step_shows_why_and_keeps_what_was_typed(people, client):
    article = people.story("stage1")
    before = frozen(article)
    client.force_login(people.desk)  # 复审's signer, but the story is at 初审
    response = client.post(
        change_url(article),
        step_form(article, "approve", "我写了一段很长的意见，不能丢。"),
        follow=True,
    )
    page = response.content.decode()
    assert "“approve”没有执行" not in page
    assert "没有执行：初审由“编辑”审签，您不是其成员。" in page
    assert frozen(article) == before


def test_a_stale_form_takes_no_step_and_keeps_text_and_opinion(people, client):
    article = people.story("stage1", headline="原标题")
    opened = step_form(
        article, "approve", "同意，但请核对数字。", headline="我这边改的标题"
    )
    colleague = type(people.editor).objects.create_user("editor-b", is_staff=True)
    colleague.groups.add(people.editor.groups.get())
    client.force_login(colleague)
    client.post(change_url(article), change_form(article, headline="同事先改的标题"))
    client.force_login(people.editor)
    response = client.post(change_url(article), opened)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存未成功" in page and "同事先改的标题" in page
    assert "稿件没有保存成功，所以“审签通过（初审）”没有执行" in page
    assert 'value="我这边改的标题"' in page
    assert textarea(page) == "同意，但请核对数字。"
    article.refresh_from_db()
    assert (article.headline, article.stage) == ("同事先改的标题", 1)
    assert not article.events.filter(action="approve").exists()


def test_an_invalid_save_takes_no_step(people, client):
    article = people.story("draft")
    client.force_login(people.author)
    response = client.post(
        change_url(article), step_form(article, "submit", "说明文字", headline="")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "所以“提交审稿”没有执行" in page and textarea(page) == "说明文字"
    article.refresh_from_db()
    assert article.status == "draft"


def test_scheduling_needs_a_future_time_and_keeps_what_was_typed(people, client):
    article = people.story("approved")
    before = frozen(article)
    client.force_login(people.chief)
    response = client.post(
        change_url(article),
        step_form(
            article,
            "schedule",
            "配合明天的专题。",
            **{"workflow-at_0": "2020-01-01", "workflow-at_1": "08:00"},
        ),
        follow=True,
    )
    page = response.content.decode()
    assert "“定时发布”没有执行：定时发布请填写一个将来的发布时间。" in page
    assert textarea(page) == "配合明天的专题。"
    assert 'value="2020-01-01"' in page
    assert frozen(article) == before
    # Kept once: opening the story again starts with an empty box.
    assert textarea(client.get(change_url(article)).content.decode()) == ""


def test_buttons_say_what_they_do(people, client):
    cases = [
        ("draft", people.author, ["提交审稿"]),
        ("returned", people.author, ["修改后重新提交审稿"]),
        ("stage1", people.editor, ["审签通过（初审）", "退回修改"]),
        ("stage3", people.chief, ["终审通过，签发", "退回修改"]),
        ("approved", people.chief, ["退回修改", "立即发布", "定时发布"]),
        ("scheduled", people.chief, ["更改发布时间", "撤稿"]),
    ]
    for state, user, labels in cases:
        article = people.story(state)
        client.force_login(user)
        page = client.get(change_url(article)).content.decode()
        shown = re.findall(
            r'<button type="submit" name="_workflow"[^>]*>(.*?)</button>', page
        )
        assert shown == labels, state


# -------------------------------------------------------------- the wording


def test_every_step_is_named_in_the_timeline(people, client):
    article = people.story("stage2")
    workflow.send_back(article, by=people.desk, reason="数据需要核实。")
    workflow.submit(article, by=people.author, note="已核实。")
    for signer in (people.editor, people.desk, people.chief):
        workflow.approve(article, by=signer)
    at = timezone.now() + timezone.timedelta(hours=3)
    workflow.publish(article, by=people.chief, at=at)
    workflow.withdraw(article, by=people.chief, reason="活动取消。")
    client.force_login(people.chief)
    page = client.get(change_url(article)).content.decode()
    assert steps_of(page) == [
        "提交审稿",
        "初审通过",
        "复审退回修改",
        "修改后重新提交审稿",
        "初审通过",
        "复审通过",
        "终审通过，签发",
        f"定时发布（{local(at)}）",
        "撤稿",
    ]


def test_publish_now_and_edit_after_sign_off_are_named(people, client):
    article = people.story("approved")
    client.force_login(people.chief)
    client.post(change_url(article), step_form(article, "publish"))
    article.refresh_from_db()
    assert article.is_live()
    other = people.story("approved")
    client.post(change_url(other), change_form(other, headline="签发后改的标题"))
    assert steps_of(client.get(change_url(article)).content.decode())[-1] == "发布"
    assert (
        steps_of(client.get(change_url(other)).content.decode())[-1]
        == "签发后修改，重新送审"
    )


def test_revision_numbers_are_consecutive_and_sign_offs_name_theirs(people, client):
    article = people.story("draft", headline="第一稿")
    client.force_login(people.author)
    client.post(change_url(article), change_form(article, headline="第二稿"))
    article.refresh_from_db()
    client.post(change_url(article), step_form(article, "submit"))
    article.refresh_from_db()
    client.force_login(people.editor)
    client.post(
        change_url(article),
        step_form(article, "approve", "改了标题。", headline="第三稿"),
    )
    article.refresh_from_db()
    numbers = list(
        article.revisions.order_by("number").values_list("number", "version")
    )
    assert [n for n, _v in numbers] == [1, 2, 3]
    assert numbers[-1][1] > 3  # versions jump on steps; numbers do not
    submit, approve = article.events.all()
    assert (submit.revision.number, approve.revision.number) == (2, 3)
    page = client.get(change_url(article)).content.decode()
    link = reverse("admin:articles_article_revisions", args=[article.pk])
    assert f'<a href="{link}#revision-3">第 3 版</a>' in page
    listing = client.get(link).content.decode()
    row = listing.split('id="revision-3"')[1].split("</tr>")[0]
    assert "初审通过" in row and str(people.editor) in row
    assert "提交审稿" in listing.split('id="revision-2"')[1].split("</tr>")[0]


def test_a_scheduled_story_says_when_everywhere_never_published(people, client):
    article = people.story("approved", headline="明早见报的稿件")
    at = timezone.now() + timezone.timedelta(minutes=2)
    client.force_login(people.chief)
    client.post(
        change_url(article),
        step_form(
            article,
            "schedule",
            **{
                "workflow-at_0": timezone.localtime(at).strftime("%Y-%m-%d"),
                "workflow-at_1": timezone.localtime(at).strftime("%H:%M:%S"),
            },
        ),
    )
    article.refresh_from_db()
    assert article.status == "published" and not article.is_live()
    when = local(article.publish_at)
    assert workflow.state_label(article) == f"定时发布（{when}）"
    form_page = client.get(change_url(article)).content.decode()
    assert f"当前状态：<strong>定时发布（{when}）</strong>" in form_page
    note = Notification.objects.filter(recipient=people.author).first()
    assert note.message == f"您的稿件《明早见报的稿件》将于 {when} 定时发布。"
    client.force_login(people.author)
    home = client.get(reverse("admin:index")).content.decode()
    mine = home.split("我的稿件")[1].split("</section>")[0]
    assert f"定时发布（{when}）" in mine and "已发布" not in mine
    assert "已发布" not in home.split("新通知")[1].split("</section>")[0]


def test_a_sent_back_story_says_why_at_the_top_and_on_the_dashboard(people, client):
    article = people.story("stage2", headline="要补充的稿件")
    workflow.send_back(article, by=people.desk, reason="请补充采访对象的职务。")
    client.force_login(people.author)
    page = client.get(change_url(article)).content.decode()
    banner = page.split('class="nr-sent-back"')[1].split("</section>")[0]
    assert "稿件被退回修改" in banner and "请补充采访对象的职务。" in banner
    assert str(people.desk) in banner and "复审" in banner
    assert page.index('class="nr-sent-back"') < page.index('id="id_headline"')
    home = client.get(reverse("admin:index")).content.decode()
    mine = home.split("我的稿件")[1].split("</section>")[0]
    assert "退回" in mine and "请补充采访对象的职务。" in mine
    # After resubmitting, the banner is gone.
    client.post(change_url(article), step_form(article, "submit"))
    assert (
        'class="nr-sent-back"' not in client.get(change_url(article)).content.decode()
    )


def test_an_approved_story_has_one_publish_time_field_prefilled(people, client):
    planned = timezone.now() + timezone.timedelta(days=1)
    article = people.story("approved", publish_at=planned)
    client.force_login(people.chief)
    page = client.get(change_url(article)).content.decode()
    assert 'name="publish_at_0"' not in page  # the story's own field is read-only
    day = timezone.localtime(planned).strftime("%Y/%m/%d")  # zh-hans date format
    assert f'name="workflow-at_0" value="{day}"' in page
