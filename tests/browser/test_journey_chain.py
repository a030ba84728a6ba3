"""Journeys 2 and 3: the 三审 chain in a real browser, by clicks and typing.

Factories set up the newsroom (people in their role groups) and a story
already submitted; every step after that is a person clicking and typing."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

from ..workflow_helpers import make_newsroom
from .review_steps import (
    dashboard_list,
    log_in,
    message,
    open_from_dashboard,
    press,
    timeline_steps,
    write_opinion,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "江城新增十二家户外劳动者服务站"


def sign(page, live_server, screenshot, *, who, opinion, button, shot):
    """`who` opens the story from 待我审签, writes an opinion and signs."""
    log_in(page, live_server, who)
    screenshot(f"{shot}-1-dashboard")
    open_from_dashboard(page, "nr-dash-awaiting", HEADLINE)
    screenshot(f"{shot}-2-story")
    write_opinion(page, opinion)
    screenshot(f"{shot}-3-opinion")
    press(page, button)
    screenshot(f"{shot}-4-signed")
    assert "没有执行" not in message(page)


def test_the_chain_signs_and_the_chief_publishes_now(page, live_server, screenshot):
    people = make_newsroom()
    story = people.story("stage1", headline=HEADLINE)

    sign(
        page,
        live_server,
        screenshot,
        who="editor",
        opinion="导语可以再精炼，数据已核对。",
        button="审签通过（初审）",
        shot="j2-01-editor",
    )
    expect(page.locator(".nr-state")).to_contain_text("待审·复审")
    sign(
        page,
        live_server,
        screenshot,
        who="desk",
        opinion="同意。",
        button="审签通过（复审）",
        shot="j2-02-desk",
    )
    sign(
        page,
        live_server,
        screenshot,
        who="chief",
        opinion="同意签发，今天上网。",
        button="终审通过，签发",
        shot="j2-03-chief",
    )
    expect(page.locator(".nr-state")).to_contain_text("已签发")
    press(page, "立即发布")
    screenshot("j2-04-published")
    expect(page.locator(".nr-state")).to_contain_text("已发布")
    assert timeline_steps(page) == [
        "提交审稿",
        "初审通过",
        "复审通过",
        "终审通过，签发",
        "发布",
    ]
    timeline = page.locator(".nr-timeline").inner_text()
    for opinion in ("导语可以再精炼，数据已核对。", "同意。", "同意签发，今天上网。"):
        assert opinion in timeline

    # Each sign-off names the revision it signed; the revisions page lists
    # the sign-offs beside it.
    page.locator(".nr-timeline tbody tr", has_text="复审通过").get_by_role(
        "link", name="第 1 版"
    ).click()
    page.wait_for_load_state()
    screenshot("j2-05-revisions")
    signed = page.locator("#revision-1 .nr-signoffs")
    for step in ("初审通过", "复审通过", "终审通过，签发", "发布"):
        expect(signed).to_contain_text(step)
    expect(signed).to_contain_text("desk")

    # The reader's page shows the story.
    story.refresh_from_db()
    response = page.goto(f"{live_server.url}{story.get_absolute_url()}")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(HEADLINE)
    screenshot("j2-06-public-page")


def test_sent_back_the_author_sees_why_resubmits_and_the_chain_runs_again(
    page, live_server, screenshot
):
    people = make_newsroom()
    people.story("stage2", headline=HEADLINE)

    # 部门主任 sends it back with a reason.
    log_in(page, live_server, "desk")
    open_from_dashboard(page, "nr-dash-awaiting", HEADLINE)
    write_opinion(page, "第三段的数字与市总工会通报不一致，请核实后再送。")
    screenshot("j3-01-desk-reason")
    press(page, "退回修改")
    screenshot("j3-02-sent-back")
    expect(page.locator(".nr-state")).to_contain_text("退回")

    # The author sees it on the dashboard and at the top of the story.
    log_in(page, live_server, "author")
    mine = dashboard_list(page, "nr-dash-mine")
    expect(mine).to_contain_text("退回")
    expect(mine).to_contain_text("第三段的数字与市总工会通报不一致")
    screenshot("j3-03-author-dashboard")
    open_from_dashboard(page, "nr-dash-mine", HEADLINE)
    banner = page.locator(".nr-sent-back")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("第三段的数字与市总工会通报不一致，请核实后再送。")
    expect(banner).to_contain_text("desk")
    expect(banner).to_contain_text("复审")
    box = banner.bounding_box()
    assert box["y"] < page.locator("#id_headline").bounding_box()["y"]
    screenshot("j3-04-banner")

    # The author edits, and resubmits in one click.
    page.fill("#id_headline", "江城新增十二家户外劳动者服务站 数据已核实")
    write_opinion(page, "已按市总工会通报改正数字。")
    screenshot("j3-05-edited")
    press(page, "修改后重新提交审稿")
    screenshot("j3-06-resubmitted")
    assert "修改已保存" in message(page)
    expect(page.locator(".nr-sent-back")).to_have_count(0)
    story = Article.objects.get()
    assert story.headline.endswith("数据已核实")
    assert (story.status, story.stage) == ("submitted", 1)

    # The chain runs again, from 初审.
    for who, button, shot in (
        ("editor", "审签通过（初审）", "j3-07-editor"),
        ("desk", "审签通过（复审）", "j3-08-desk"),
        ("chief", "终审通过，签发", "j3-09-chief"),
    ):
        log_in(page, live_server, who)
        open_from_dashboard(page, "nr-dash-awaiting", story.headline)
        write_opinion(page, "同意。")
        press(page, button)
        screenshot(shot)
    expect(page.locator(".nr-state")).to_contain_text("已签发")
    assert timeline_steps(page) == [
        "提交审稿",
        "初审通过",
        "复审退回修改",
        "修改后重新提交审稿",
        "初审通过",
        "复审通过",
        "终审通过，签发",
    ]
