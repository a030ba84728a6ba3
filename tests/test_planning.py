"""Planning (选题): the steps of a plan item and who may take them, the forms'
bad inputs, 开始写稿 through the story form, the daily budget and its
exports read back, and what an outside correspondent sees."""

import csv
import io
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import roles
from accounts.models import Desk
from articles import planning, workflow
from articles.models import Article, PlanEvent, PlanItem

from .factories import UserFactory
from .workflow_helpers import bring_to, change_form, make_newsroom

pytestmark = pytest.mark.django_db

State = PlanItem.State


@pytest.fixture
def desk_world():
    """经济部 with its chief and a reporter; 要闻部 with another chief."""
    economy = Desk.objects.create(name="经济部", order=1)
    news = Desk.objects.create(name="要闻部", order=2)
    people = {
        "reporter": UserFactory(username="lin", role=roles.REPORTER, last_name="林"),
        "chief": UserFactory(username="sun", role=roles.DESK_CHIEF),
        "other_chief": UserFactory(username="zhou", role=roles.DESK_CHIEF),
        "night": UserFactory(username="qian", role=roles.NIGHT_EDITOR),
        "editor": UserFactory(username="bian", role=roles.EDITOR),
        "outsider": UserFactory(username="tong", role=roles.CORRESPONDENT),
    }
    economy.chiefs.add(people["chief"])
    economy.members.add(people["reporter"], people["editor"])
    news.chiefs.add(people["other_chief"])
    return {"economy": economy, "news": news, **people}


def proposed(world, topic="菜价回落调查", by="reporter", day=None):
    item = PlanItem(
        topic=topic,
        desk=world["economy"],
        print_date=day or timezone.localdate(),
        print_page="A3",
    )
    return planning.propose(item, by=world[by])


def assigned(world, **kwargs):
    item = proposed(world, **kwargs)
    planning.approve(item, by=world["chief"])
    return planning.assign(
        item,
        by=world["chief"],
        assignees=[world["reporter"]],
        deadline=timezone.now() + timedelta(hours=6),
        target_length=1000,
    )


# ------------------------------------------------------------ the steps


def test_a_topic_walks_from_report_to_publication_with_every_step_logged(
    desk_world,
):
    item = assigned(desk_world)
    story = Article.objects.create(
        headline=item.topic, body="<p>" + "字" * 820 + "</p>", desk=item.desk
    )
    planning.written(item, story=story, by=desk_world["reporter"])
    assert item.state == State.WRITTEN
    assert item.length_against_target() == "820/1000 字"
    planning.story_published(story.pk, by=desk_world["night"])
    item.refresh_from_db()
    assert item.state == State.PUBLISHED
    log = list(item.events.values_list("action", "actor__username", "to_state"))
    assert log == [
        ("propose", "lin", "proposed"),
        ("approve", "sun", "approved"),
        ("assign", "sun", "assigned"),
        ("write", "lin", "written"),
        ("publish", "qian", "published"),
    ]


def test_publishing_the_story_through_the_workflow_marks_the_item_published(
    desk_world,
):
    people = make_newsroom()
    item = assigned(desk_world)
    story = people.story("draft", headline=item.topic)
    planning.written(item, story=story, by=desk_world["reporter"])
    bring_to(story, "published", people)
    item.refresh_from_db()
    assert item.state == State.PUBLISHED
    assert item.events.last().actor == people.chief


@pytest.mark.parametrize("who", ["other_chief", "editor", "reporter", "outsider"])
def test_only_the_desks_chiefs_and_those_who_see_every_desk_decide(desk_world, who):
    item = proposed(desk_world)
    for step in (
        lambda: planning.approve(item, by=desk_world[who]),
        lambda: planning.reject(item, by=desk_world[who], reason="重复"),
    ):
        with pytest.raises(workflow.NotAllowed, match="部门主任"):
            step()
    item.refresh_from_db()
    assert item.state == State.PROPOSED
    planning.approve(item, by=desk_world["night"])  # 值班总编: any desk
    assert item.state == State.APPROVED


def test_a_refusal_needs_its_reason_and_keeps_it(desk_world):
    item = proposed(desk_world)
    with pytest.raises(workflow.NotAllowed, match="理由"):
        planning.reject(item, by=desk_world["chief"], reason="   ")
    planning.reject(item, by=desk_world["chief"], reason="上周已报道过")
    item.refresh_from_db()
    assert (item.state, item.refusal) == (State.REJECTED, "上周已报道过")
    assert item.events.last().comment == "上周已报道过"
    with pytest.raises(workflow.NotAllowed, match="不通过"):
        planning.approve(item, by=desk_world["chief"])


def test_steps_out_of_order_are_refused_in_chinese(desk_world):
    item = proposed(desk_world)
    chief = desk_world["chief"]
    with pytest.raises(workflow.NotAllowed, match="通过后才能派题"):
        planning.assign(
            item,
            by=chief,
            assignees=[chief],
            deadline=timezone.now(),
            target_length=800,
        )
    assert planning.start_refusal(desk_world["reporter"], item) == (
        "选题现在是“报题”，派题后才能开始写稿。"
    )
    planning.approve(item, by=chief)
    with pytest.raises(workflow.NotAllowed, match="只有报题可以通过"):
        planning.approve(item, by=chief)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"assignees": []}, "至少一位采写人"),
        ({"deadline": None}, "交稿时间"),
        ({"target_length": 0}, "计划字数"),
    ],
)
def test_an_assignment_names_who_by_when_and_how_long(desk_world, kwargs, message):
    item = proposed(desk_world)
    planning.approve(item, by=desk_world["chief"])
    given = {
        "assignees": [desk_world["reporter"]],
        "deadline": timezone.now(),
        "target_length": 800,
        **kwargs,
    }
    with pytest.raises(workflow.NotAllowed, match=message):
        planning.assign(item, by=desk_world["chief"], **given)
    item.refresh_from_db()
    assert item.state == State.APPROVED
    assert not item.assignees.exists()


def test_only_an_assignee_or_a_decider_starts_the_story(desk_world):
    item = assigned(desk_world)
    assert planning.start_refusal(desk_world["reporter"], item) is None
    assert planning.start_refusal(desk_world["chief"], item) is None
    assert "采写人" in planning.start_refusal(desk_world["editor"], item)


# -------------------------------------------------------------- the forms


def test_propose_through_the_add_form_and_its_bad_inputs(client, desk_world):
    client.force_login(desk_world["reporter"])
    url = reverse("admin:articles_planitem_add")
    good = {
        "topic": "老城区停车难",
        "notes": "",
        "desk": desk_world["economy"].pk,
        "print_date": timezone.localdate().isoformat(),
        "print_page": "A2",
        "web_slot": "",
    }
    for bad, field_error in [
        ({"topic": ""}, "这个字段是必填项"),
        ({"desk": ""}, "这个字段是必填项"),
        ({"desk": "999999"}, "选择一个有效的选项"),
        ({"print_date": "明天"}, "输入一个有效的日期"),
        ({"topic": "长" * 200}, "不超过 120 字符"),
    ]:
        response = client.post(url, {**good, **bad})
        assert response.status_code == 200
        assert field_error in response.content.decode()
    assert not PlanItem.objects.exists()
    response = client.post(url, good)
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.state, item.proposed_by) == (State.PROPOSED, desk_world["reporter"])


def test_the_decide_page_approves_assigns_and_refuses_bad_input(client, desk_world):
    item = proposed(desk_world)
    finance = UserFactory(username="cai", role=roles.FINANCE)
    url = reverse("admin:articles_planitem_decide", args=[item.pk])
    client.force_login(desk_world["other_chief"])
    assert client.get(url).status_code == 403
    client.force_login(desk_world["chief"])
    html = client.post(url, {"_step": "reject", "reason": ""}).content.decode()
    assert "不通过要写明理由" in html
    assert client.post(url, {"_step": "approve"}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.APPROVED
    good = {
        "_step": "assign",
        "assignees": [desk_world["reporter"].pk],
        "deadline": "2026-11-26T18:00",
        "target_length": "1000",
    }
    for bad, error in [
        ({"assignees": []}, "至少一位采写人"),
        ({"assignees": ["999999"]}, "选择一个有效的选项"),
        ({"assignees": [finance.pk]}, "选择一个有效的选项"),  # files no story
        ({"deadline": "傍晚"}, "交稿时间格式不对"),
        ({"deadline": ""}, "派题要填交稿时间"),
        ({"target_length": "一千"}, "计划字数要填整数"),
        ({"target_length": "-5"}, "计划字数至少为 1"),
        ({"target_length": "999999"}, "不能超过 50000"),
        ({"_step": "delete"}, "请选择通过、不通过或派题"),
    ]:
        response = client.post(url, {**good, **bad})
        assert response.status_code == 200, bad
        assert error in response.content.decode(), bad
        item.refresh_from_db()
        assert item.state == State.APPROVED
    assert client.post(url, good).status_code == 302
    item.refresh_from_db()
    assert (item.state, item.target_length) == (State.ASSIGNED, 1000)
    assert list(item.assignees.all()) == [desk_world["reporter"]]


def test_start_writing_fills_the_story_form_and_saving_makes_it_written(
    client, desk_world
):
    item = assigned(desk_world)
    client.force_login(desk_world["reporter"])
    start = client.get(reverse("admin:articles_planitem_start", args=[item.pk]))
    assert start.status_code == 302
    form_url = start["Location"]
    page = client.get(form_url).content.decode()
    assert 'value="菜价回落调查"' in page
    assert "本稿来自选题" in page
    data = change_form(headline=item.topic, desk=item.desk_id)
    response = client.post(form_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Article.objects.get(headline="菜价回落调查")
    item.refresh_from_db()
    assert (item.state, item.story, story.desk) == (
        State.WRITTEN,
        story,
        desk_world["economy"],
    )
    # Started again (a stale tab): refused, and the story stays as it is.
    again = client.get(reverse("admin:articles_planitem_start", args=[item.pk]))
    assert again["Location"].endswith(
        reverse("admin:articles_planitem_change", args=[item.pk])
    )
    client.post(form_url, change_form(headline="另一篇"))
    item.refresh_from_db()
    assert item.story == story
    assert Article.objects.filter(headline="另一篇").exists()


def test_an_assignee_from_another_desk_files_on_the_plans_desk(client, desk_world):
    photographer = UserFactory(username="she", role=roles.REPORTER)
    desk_world["news"].members.add(photographer)
    item = proposed(desk_world)
    planning.approve(item, by=desk_world["chief"])
    planning.assign(
        item,
        by=desk_world["chief"],
        assignees=[photographer],
        deadline=timezone.now(),
        target_length=300,
    )
    client.force_login(photographer)
    url = reverse("admin:articles_article_add") + f"?plan={item.pk}"
    response = client.post(url, change_form(headline="菜市场组图", desk=item.desk_id))
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Article.objects.get(headline="菜市场组图")
    assert story.desk == desk_world["economy"]
    # Without the plan, their own desks only: the form refuses 经济部.
    response = client.post(
        reverse("admin:articles_article_add"),
        change_form(headline="不在计划里", desk=item.desk_id),
    )
    assert response.status_code == 200
    assert not Article.objects.filter(headline="不在计划里").exists()


def test_someone_not_assigned_cannot_start_the_story(client, desk_world):
    item = assigned(desk_world)
    client.force_login(desk_world["editor"])
    response = client.get(reverse("admin:articles_planitem_start", args=[item.pk]))
    assert "admin/articles/article/add" not in response["Location"]
    response = client.post(
        reverse("admin:articles_article_add") + f"?plan={item.pk}",
        change_form(headline="冒名"),
    )
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and item.story is None
    for junk in ("abc", "-1", "99999999999999999999"):
        url = reverse("admin:articles_article_add") + f"?plan={junk}"
        assert client.get(url).status_code == 200


# ------------------------------------------------------- budget, exports


def budget_world(world):
    today = timezone.localdate()
    item = assigned(world, topic="=SUM(A1)菜价")  # a formula is not run
    story = Article.objects.create(
        headline=item.topic, body="<p>" + "字" * 820 + "</p>", desk=item.desk
    )
    planning.written(item, story=story, by=world["reporter"])
    proposed(world, topic="明日选题", day=today + timedelta(days=1))
    refused = proposed(world, topic="被否的选题")
    planning.reject(refused, by=world["chief"], reason="重复")
    proposed(world, topic="下周的选题", day=today + timedelta(days=7))
    return item


def test_the_budget_shows_today_and_tomorrow_with_status_and_length(
    client, desk_world, django_assert_max_num_queries
):
    budget_world(desk_world)
    client.force_login(desk_world["chief"])
    url = reverse("admin:articles_planitem_budget")
    with django_assert_max_num_queries(25):
        html = client.get(url).content.decode()
    assert "今天" in html and "明天" in html
    assert "820/1000 字" in html and "草稿" in html
    assert "明日选题" in html
    assert "被否的选题" not in html and "下周的选题" not in html


def test_the_budget_costs_the_same_queries_however_many_items(client, desk_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(desk_world["reporter"])
    url = reverse("admin:articles_planitem_budget")

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    assigned(desk_world, topic="第一条")
    few = queries()
    for n in range(6):
        item = assigned(desk_world, topic=f"又一条{n}")
        planning.written(
            item,
            story=Article.objects.create(headline=item.topic, desk=item.desk),
            by=desk_world["reporter"],
        )
    assert queries() == few


def test_the_item_page_shows_its_log_and_the_refusal(client, desk_world):
    item = proposed(desk_world)
    planning.reject(item, by=desk_world["chief"], reason="上周已报道过")
    client.force_login(desk_world["reporter"])
    url = reverse("admin:articles_planitem_change", args=[item.pk])
    html = client.get(url).content.decode()
    assert "不通过理由：上周已报道过" in html
    assert "不通过：上周已报道过" in html  # the log line
    assert "审定选题" not in html  # not theirs to decide


def test_exports_read_back(client, desk_world):
    budget_world(desk_world)
    client.force_login(desk_world["chief"])
    url = reverse("admin:articles_planitem_budget")
    response = client.get(url, {"format": "csv"})
    assert "稿单_" in unquote(response["Content-Disposition"])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["日期", "部门", "选题"]
    topics = {row[2]: row for row in rows[1:]}
    assert set(topics) == {"'=SUM(A1)菜价", "明日选题"}
    assert topics["'=SUM(A1)菜价"][7:] == ["草稿", "820/1000 字"]
    assert topics["明日选题"][3] == "报题"
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = book.active
    assert sheet.title == "稿单"
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0]
    assert sorted(r[2] for r in cells[1:]) == sorted(topics)


# ------------------------------------------------- outside correspondents


def test_a_correspondent_sees_only_their_own_and_their_assigned_items(
    client, desk_world
):
    outsider = desk_world["outsider"]
    mine = proposed(desk_world, topic="乡镇来稿线索", by="outsider")
    sent = assigned(desk_world, topic="派给通讯员的")
    sent.assignees.add(outsider)
    other = proposed(desk_world, topic="内部选题")
    client.force_login(outsider)
    listing = client.get(reverse("admin:articles_planitem_changelist"))
    html = listing.content.decode()
    assert "乡镇来稿线索" in html and "派给通讯员的" in html
    assert "内部选题" not in html
    budget = client.get(reverse("admin:articles_planitem_budget")).content.decode()
    assert "内部选题" not in budget and "派给通讯员的" in budget
    hidden = reverse("admin:articles_planitem_change", args=[other.pk])
    assert client.get(hidden).status_code == 302  # "does not exist"
    for name in ("admin:articles_planitem_start", "admin:articles_planitem_decide"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("admin:articles_planitem_budget"), {"format": "csv"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert {row[2] for row in rows[1:]} == {"乡镇来稿线索", "派给通讯员的"}
    assert mine.proposed_by == outsider


def test_nobody_deletes_a_plan_item_and_the_log_cannot_be_forged(client, desk_world):
    item = proposed(desk_world)
    client.force_login(desk_world["chief"])
    url = reverse("admin:articles_planitem_change", args=[item.pk])
    response = client.post(
        url,
        {
            "topic": "改过的选题",
            "desk": item.desk_id,
            "print_date": item.print_date.isoformat(),
            "print_page": "A1",
            "web_slot": "",
            "notes": "",
            "state": "published",
            "proposed_by": desk_world["chief"].pk,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.topic, item.state, item.proposed_by) == (
        "改过的选题",
        State.PROPOSED,
        desk_world["reporter"],
    )
    delete = reverse("admin:articles_planitem_delete", args=[item.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert PlanEvent.objects.filter(item=item).count() == 1
