"""The 三审 chain: the path to publication, separation of duties, the chain
as configuration, schedules, withdrawal, bad input. Notifications are in
test_notifications.py, preview links in test_preview.py."""

import itertools
import re
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from articles import workflow
from articles.models import Article

from .factories import UserFactory
from .workflow_helpers import (
    ACTORS,
    MAY_EDIT,
    STATES,
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


def test_a_story_goes_from_draft_through_three_reviews_to_publication(people, client):
    article = people.story("draft")
    workflow.submit(article, by=people.author)
    assert (article.status, article.stage) == ("submitted", 1)
    workflow.approve(article, by=people.editor, comment="导语可以再精炼。")
    assert article.stage == 2
    workflow.approve(article, by=people.desk, comment="同意。")
    assert article.stage == 3
    workflow.approve(article, by=people.chief, comment="同意签发。")
    assert (article.status, article.stage) == ("approved", None)
    assert client.get(article.get_absolute_url()).status_code == 404
    workflow.publish(article, by=people.chief)
    article.refresh_from_db()
    assert article.is_live() and article.first_published_at == article.publish_at
    assert client.get(article.get_absolute_url()).status_code == 200
    log = [
        (
            e.actor.username,
            e.action,
            e.from_status,
            e.to_status,
            e.stage_label,
            e.comment,
        )
        for e in article.events.all()
    ]
    assert log == [
        ("author", "submit", "draft", "submitted", "", ""),
        ("editor", "approve", "submitted", "submitted", "初审", "导语可以再精炼。"),
        ("desk", "approve", "submitted", "submitted", "复审", "同意。"),
        ("chief", "approve", "submitted", "approved", "终审", "同意签发。"),
        ("chief", "publish", "approved", "published", "", ""),
    ]


def test_nobody_signs_their_own_story(people):
    from .factories import ArticleFactory

    people.editor.groups.add(*people.author.groups.all())
    article = ArticleFactory(created_by=people.editor)
    workflow.submit(article, by=people.editor)
    with pytest.raises(workflow.NotAllowed, match="不能审签自己的稿件"):
        workflow.approve(article, by=people.editor)


def test_a_credited_reviewer_may_not_sign_either(people):
    article = people.story("stage1")
    from .factories import CorrespondentFactory, CreditFactory

    CreditFactory(
        article=article, correspondent=CorrespondentFactory(user=people.editor)
    )
    with pytest.raises(workflow.NotAllowed, match="不能审签自己的稿件"):
        workflow.approve(article, by=people.editor)


def test_nobody_signs_two_stages_of_one_story(people):
    both = UserFactory(username="both", role=roles.EDITOR)
    both.groups.add(people.desk.groups.get())
    article = people.story("stage1")
    workflow.approve(article, by=both)
    with pytest.raises(workflow.NotAllowed, match="已审签过这篇稿件的初审"):
        workflow.approve(article, by=both)
    assert article.stage == 2


def test_a_new_round_after_a_send_back_may_be_signed_by_the_same_people(people):
    article = people.story("stage2")
    workflow.send_back(article, by=people.desk, reason="数据需核实。")
    workflow.submit(article, by=people.author)
    workflow.approve(article, by=people.editor)
    workflow.approve(article, by=people.desk)
    assert article.stage == 3


def test_publish_rights_do_not_skip_the_chain(people):
    for state in ("draft", "stage1", "stage3", "returned"):
        article = people.story(state)
        with pytest.raises(workflow.NotAllowed, match="还没有通过终审签发"):
            workflow.publish(article, by=people.chief)


def test_superuser_follows_the_chain_unless_a_setting_says_otherwise(people, settings):
    article = people.story("stage1")
    with pytest.raises(workflow.NotAllowed):
        workflow.approve(article, by=people.superuser)
    settings.NEWSROOM_SUPERUSER_EXEMPT = True
    workflow.approve(article, by=people.superuser)
    assert article.stage == 2


def test_the_chain_is_configuration(people, settings):
    settings.NEWSROOM_REVIEW_CHAIN = [("终审", roles.CHIEF_EDITOR)]
    article = people.story("draft")
    workflow.submit(article, by=people.author)
    assert workflow.stage_of(article).label == "终审"
    with pytest.raises(workflow.NotAllowed):
        workflow.approve(article, by=people.editor)
    workflow.approve(article, by=people.chief)
    assert article.status == "approved"


def test_a_four_stage_chain(people, settings):
    night = UserFactory(username="night", role=roles.EDITOR)
    settings.NEWSROOM_REVIEW_CHAIN = [
        ("初审", roles.EDITOR),
        ("校对", roles.EDITOR),
        ("复审", roles.DESK_CHIEF),
        ("终审", roles.CHIEF_EDITOR),
    ]
    article = people.story("draft")
    workflow.submit(article, by=people.author)
    workflow.approve(article, by=people.editor)
    with pytest.raises(workflow.NotAllowed, match="已审签过"):
        workflow.approve(article, by=people.editor)  # 校对 needs someone else
    for user in (night, people.desk, people.chief):
        workflow.approve(article, by=user)
    assert article.status == "approved"


def test_chain_setting_from_the_environment_is_parsed_and_checked():
    from newsroom.settings import _review_chain

    assert _review_chain("初审:编辑, 终审:总编辑") == [
        ("初审", "编辑"),
        ("终审", "总编辑"),
    ]
    for bad in ("初审", "初审:", ":编辑", "初审:编辑,,"):
        with pytest.raises(ValueError):
            _review_chain(bad)


def test_a_story_left_beyond_a_shortened_chain_is_at_its_last_stage(people, settings):
    article = people.story("stage3")
    settings.NEWSROOM_REVIEW_CHAIN = [
        ("初审", roles.EDITOR),
        ("终审", roles.CHIEF_EDITOR),
    ]
    assert workflow.stage_of(article).label == "终审"
    workflow.approve(article, by=people.chief)
    assert article.status == "approved"


def test_double_publish_is_refused_cleanly(people):
    article = people.story("approved")
    stale_copy = Article.objects.get(pk=article.pk)
    workflow.publish(article, by=people.chief)
    with pytest.raises(workflow.NotAllowed):
        workflow.publish(stale_copy, by=people.chief)
    assert article.events.filter(action="publish").count() == 1


def test_double_click_on_a_transition_button(people, client):
    article = people.story("stage1")
    client.force_login(people.editor)
    data = step_form(article, "approve", "同意")
    assert client.post(change_url(article), data).status_code == 302
    second = client.post(change_url(article), data, follow=True)
    page = second.content.decode()
    assert "没有执行" in page and "请刷新页面" in page
    assert article.events.filter(action="approve").count() == 1


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_sending_back_needs_a_reason(people, client, reason):
    article = people.story("stage1")
    before = frozen(article)
    with pytest.raises(ValidationError, match="必须写明理由"):
        workflow.send_back(article, by=people.editor, reason=reason)
    client.force_login(people.editor)
    response = client.post(
        change_url(article), step_form(article, "send_back", reason), follow=True
    )
    assert "“退回修改”没有执行：退回稿件时必须写明理由" in response.content.decode()
    assert frozen(article) == before


def test_withdrawing_needs_a_reason(people):
    article = people.story("published")
    with pytest.raises(ValidationError, match="撤稿时必须写明理由"):
        workflow.withdraw(article, by=people.chief, reason=" ")
    assert article.is_live()


@pytest.mark.parametrize(
    ("date", "time", "message"),
    [
        ("2026-13-45", "08:00", "有效的日期"),
        ("明天", "08:00", "有效的日期"),
        ("2026-12-01", "25:61", "有效的时间"),
        ("2026-12-01", "", "有效的时间"),
        # Clocks in China jumped from 02:00 to 03:00 on 1988-04-17.
        ("1988-04-17", "02:30", "Asia/Shanghai"),
    ],
)
def test_bad_publish_times_get_a_chinese_error(people, client, date, time, message):
    article = people.story("approved")
    before = frozen(article)
    client.force_login(people.chief)
    response = client.post(
        change_url(article),
        step_form(
            article, "schedule", **{"workflow-at_0": date, "workflow-at_1": time}
        ),
        follow=True,
    )
    page = response.content.decode()
    assert message in page and "“定时发布”没有执行" in page
    assert f'value="{date}"' in page  # what was typed is still there
    assert frozen(article) == before


def test_a_naive_time_is_refused_by_the_function(people):
    article = people.story("approved")
    with pytest.raises(ValidationError, match="缺少时区"):
        workflow.publish(article, by=people.chief, at=datetime(2026, 12, 1, 8, 0))


def test_publish_times_are_entered_in_shanghai_and_stored_in_utc(people, client):
    article = people.story("approved")
    client.force_login(people.chief)
    client.post(
        change_url(article),
        step_form(
            article,
            "schedule",
            **{"workflow-at_0": "2099-12-01", "workflow-at_1": "08:00"},
        ),
    )
    article.refresh_from_db()
    assert article.publish_at.utcoffset().total_seconds() == 0
    assert (article.publish_at.hour, article.publish_at.day) == (0, 1)
    shown = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "2099-12-01 08:00" in shown.content.decode()


def test_a_scheduled_story_appears_on_time_with_nobody_pressing_a_button(
    people, client, monkeypatch
):
    article = people.story("approved")
    at = timezone.now() + timezone.timedelta(hours=1)
    workflow.publish(article, by=people.chief, at=at)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    later = at + timezone.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_rescheduling_and_withdrawing_a_scheduled_story(people):
    article = people.story("scheduled")
    new_time = timezone.now() + timezone.timedelta(days=3)
    workflow.reschedule(article, by=people.chief, at=new_time)
    article.refresh_from_db()
    assert article.publish_at == new_time == article.first_published_at
    workflow.withdraw(article, by=people.chief, reason="活动取消")
    assert article.status == "withdrawn"


def test_a_live_story_cannot_be_rescheduled(people):
    article = people.story("published")
    with pytest.raises(workflow.NotAllowed, match="已经上线"):
        workflow.reschedule(article, by=people.chief, at=timezone.now())


def test_a_withdrawn_story_leaves_every_public_list(people, client):
    article = people.story("published")
    article.tags.add("工会")
    workflow.withdraw(article, by=people.chief, reason="信息有误")
    assert client.get(article.get_absolute_url()).status_code == 410
    assert not Article.objects.published().filter(pk=article.pk).exists()
    for url in ("/", article.section.get_absolute_url(), "/tag/工会/"):
        assert article.headline not in client.get(url).content.decode()


def test_an_edit_after_sign_off_goes_back_to_the_chain(people, client):
    article = people.story("approved")
    client.force_login(people.chief)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, headline="签发后改过的标题"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.stage) == ("submitted", 1)
    event = article.events.last()
    assert event.action == "resubmit" and "主题" in event.comment


def test_an_edit_after_sign_off_can_be_recorded_instead(people, client, settings):
    settings.NEWSROOM_EDIT_AFTER_SIGNOFF = "record"
    article = people.story("approved")
    client.force_login(people.chief)
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, headline="签发后改过的标题"),
    )
    article.refresh_from_db()
    assert article.status == "approved"
    assert article.events.last().action == "edit_after_signoff"


def test_saving_without_changes_after_sign_off_changes_nothing(people, client):
    article = people.story("approved")
    client.force_login(people.chief)
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article),
    )
    article.refresh_from_db()
    assert article.status == "approved"


def test_dashboards_show_each_person_their_queue(people, client):
    waiting = people.story("stage2")
    mine = people.story("draft", headline="作者自己的草稿")
    scheduled = people.story("scheduled", headline="明天见报的稿件")
    pages = {}
    for user in (people.author, people.editor, people.desk, people.chief):
        client.force_login(user)
        pages[user.username] = client.get(reverse("admin:index")).content.decode()
    assert mine.headline in pages["author"]
    assert waiting.headline in pages["desk"].split("待我审签")[1].split("我的稿件")[0]
    assert (
        waiting.headline
        not in pages["editor"].split("待我审签")[1].split("我的稿件")[0]
    )
    assert scheduled.headline in pages["chief"].split("定时发布")[1]


def test_the_timeline_shows_every_step_and_opinion(people, client):
    article = people.story("approved")
    client.force_login(people.chief)
    page = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    timeline = page.split("流转记录与审稿意见")[1].split("</table>")[0]
    assert timeline.count("<tr>") == 5  # header + submit + three approvals
    steps = re.findall(r'<td class="nr-step">(.*?)</td>', timeline)
    assert steps == ["提交审稿", "初审通过", "复审通过", "终审通过，签发"]
    assert "→" not in timeline


def test_admin_actions_go_through_the_workflow(people, client):
    approved = people.story("approved")
    draft = people.story("draft")
    client.force_login(people.chief)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [approved.pk, draft.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "已处理 1 篇稿件" in page and "还没有通过终审签发" in page
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert (approved.status, draft.status) == ("published", "draft")


# ------------------------------------------------------------ the table


@pytest.mark.parametrize(("actor", "state"), list(itertools.product(ACTORS, STATES)))
def test_resubmit_is_a_row_like_any_other(actor, state):
    """Taken by the editing service after an edit to a signed-off story: by
    whoever may edit it, before it is live."""
    people = make_newsroom()
    article = people.story(state)
    user = getattr(people, actor)
    before = frozen(article)
    allowed = (actor, state) in MAY_EDIT and state in ("approved", "scheduled")
    if allowed:
        workflow.take("resubmit", article, by=user, changed=["主题"])
        article.refresh_from_db()
        assert (article.status, article.stage) == ("submitted", 1)
        event = article.events.last()
        assert (event.actor, event.action, event.stage_label) == (
            user,
            "resubmit",
            "初审",
        )
        assert event.comment == "签发后修改了主题，重新送审。"
    else:
        with pytest.raises(workflow.NotAllowed) as refusal:
            workflow.take("resubmit", article, by=user, changed=["主题"])
        assert str(refusal.value)
        assert frozen(article) == before


def test_every_row_is_complete():
    for name, row in workflow.TRANSITIONS.items():
        assert row.name == name and str(row.label)
        assert row.sources and row.target in Article.Status.values
        assert set(row.sources) <= set(Article.Status.values)
        assert callable(row.may) and callable(row.log)
        assert all(
            given.kind in ("text", "time", "fields", "flag") for given in row.given
        )


def test_take_refuses_an_unknown_step_and_unknown_input(people):
    article = people.story("draft")
    before = frozen(article)
    with pytest.raises(workflow.NotAllowed, match="没有这个审稿操作"):
        workflow.take("delete", article, by=people.author)
    with pytest.raises(TypeError):
        workflow.take("submit", article, by=people.author, reason="不是这一步的")
    assert frozen(article) == before


def test_the_named_functions_are_take(people):
    article = people.story("stage1")
    workflow.take("approve", article, by=people.editor, comment="同意")
    workflow.approve(article, by=people.desk, comment="同意")
    assert [(e.action, e.stage_label) for e in article.events.all()][-2:] == [
        ("approve", "初审"),
        ("approve", "复审"),
    ]


def test_a_resubmit_needs_the_changed_fields(people):
    article = people.story("approved")
    with pytest.raises(ValidationError):
        workflow.take("resubmit", article, by=people.chief, changed=[])
    assert article.status == "approved"


def test_the_review_panel_never_offers_resubmit(people, client):
    article = people.story("approved")
    assert "resubmit" not in {t.name for t in workflow.available(article, people.chief)}
    client.force_login(people.chief)
    before = frozen(article)
    response = client.post(
        change_url(article), step_form(article, "resubmit"), follow=True
    )
    assert "没有这个审稿操作" in response.content.decode()
    assert frozen(article) == before
