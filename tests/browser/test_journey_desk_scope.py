"""Desks in the review chain, in a real browser: the chief of 经济部 finds a
经济部 story at 复审 on the dashboard and signs it; the chief of 要闻部 does
not see it there and, opening it by its address, is told it is 经济部's and
has no button to sign it.

Factories set up the desks, the people and the story already at 复审;
every step after that is a person clicking and typing."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Desk
from articles import workflow

from ..factories import ArticleFactory, UserFactory
from .review_steps import (
    dashboard_list,
    log_in,
    message,
    open_from_dashboard,
    press,
    write_opinion,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "江城三季度规上工业增加值增长百分之六"


def test_only_the_storys_own_desk_chief_signs_its_desk_stage(
    page, live_server, screenshot, settings
):
    settings.NEWSROOM_REVIEW_CHAIN = [
        ("初审", roles.EDITOR),
        ("复审", "部门主任@desk"),
        ("终审", roles.CHIEF_EDITOR),
    ]
    reporter = UserFactory(username="jizhe", role=roles.REPORTER)
    editor = UserFactory(username="bianji", role=roles.EDITOR)
    economy_chief = UserFactory(
        username="jingji", role=roles.DESK_CHIEF, last_name="孙", first_name="建国"
    )
    news_chief = UserFactory(
        username="yaowen", role=roles.DESK_CHIEF, last_name="周", first_name="丽华"
    )
    economy = Desk.objects.create(name="经济部")
    economy.chiefs.add(economy_chief)
    economy.members.add(reporter, editor)
    Desk.objects.create(name="要闻部").chiefs.add(news_chief)
    story = ArticleFactory(created_by=reporter, headline=HEADLINE, desk=economy)
    workflow.submit(story, by=reporter)
    workflow.approve(story, by=editor, comment="数据已核对。")

    # 要闻部's chief: not on the dashboard, and no way to sign it.
    log_in(page, live_server, "yaowen")
    awaiting = dashboard_list(page, "nr-dash-awaiting")
    expect(awaiting.get_by_role("link", name=HEADLINE)).to_have_count(0)
    screenshot("desk-01-yaowen-dashboard")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    expect(page.locator(".nr-workflow .nr-note").first).to_contain_text(
        "须由经济部的部门主任审签"
    )
    expect(page.get_by_role("button", name="审签通过（复审）")).to_have_count(0)
    expect(page.locator(".nr-chain .nr-current")).to_have_text("复审 经济部部门主任")
    screenshot("desk-02-yaowen-story")

    # 经济部's chief finds it waiting and signs 复审.
    log_in(page, live_server, "jingji")
    screenshot("desk-03-jingji-dashboard")
    open_from_dashboard(page, "nr-dash-awaiting", HEADLINE)
    expect(page.locator("#id_desk")).to_have_value(str(economy.pk))
    write_opinion(page, "同意，请总编辑终审。")
    press(page, "审签通过（复审）")
    screenshot("desk-04-jingji-signed")
    assert "没有执行" not in message(page)
    expect(page.locator(".nr-state")).to_contain_text("待审·终审")
    expect(page.locator(".nr-timeline")).to_contain_text("同意，请总编辑终审。")


def test_the_chief_editor_sets_up_a_desk_with_its_chief_and_members(
    page, live_server, screenshot
):
    UserFactory(username="zongbian", role=roles.CHIEF_EDITOR)
    UserFactory(
        username="sheying", role=roles.DESK_CHIEF, last_name="陈", first_name="立新"
    )
    UserFactory(username="jizhe", role=roles.REPORTER, last_name="宋", first_name="佳")
    Desk.objects.create(name="要闻部")

    log_in(page, live_server, "zongbian")
    page.get_by_role("link", name="部门", exact=True).click()
    page.wait_for_url("**/admin/accounts/desk/")
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url("**/admin/accounts/desk/add/")
    page.fill("#id_name", "摄影部")
    page.fill("#id_order", "30")
    page.select_option("#id_chiefs_from", label="陈立新")
    page.click("#id_chiefs_add")
    page.select_option("#id_members_from", label="宋佳")
    page.click("#id_members_add")
    screenshot("desk-05-chief-editor-new-desk")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    screenshot("desk-06-desk-list")
    row = page.locator("#result_list tr", has_text="摄影部")
    expect(row).to_contain_text("陈立新")
    expect(row.locator("td.field-member_count")).to_have_text("1")

    photo = Desk.objects.get(name="摄影部")
    assert [str(u) for u in photo.chiefs.all()] == ["陈立新"]
    assert [str(u) for u in photo.members.all()] == ["宋佳"]
