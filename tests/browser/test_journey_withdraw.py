"""Journey 5: the chief withdraws a live story with a reason and its URL
answers 410; on another live story an editor (编辑, who may not edit a live
story) adds a 更正 from the story's page, and the reader's page shows it
with its date."""

import pytest
from django.utils import timezone
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

WITHDRAWN = "某厂停产消息"
CORRECTED = "全市新增二十一家职工服务站"


def test_withdraw_a_live_story_and_correct_another(page, live_server, screenshot):
    people = make_newsroom()
    doomed = people.story("published", headline=WITHDRAWN)
    live = people.story("published", headline=CORRECTED)
    public = f"{live_server.url}{doomed.get_absolute_url()}"
    assert page.request.get(public).status == 200  # live before

    log_in(page, live_server, "chief")
    expect(dashboard_list(page, "nr-dash-recent")).to_contain_text(WITHDRAWN)
    screenshot("j5-01-chief-dashboard")
    open_from_dashboard(page, "nr-dash-recent", WITHDRAWN)

    # Withdrawing without a reason is refused, and nothing changes.
    press(page, "撤稿")
    assert "“撤稿”没有执行：撤稿时必须写明理由。" in message(page)
    screenshot("j5-02-no-reason")
    write_opinion(page, "消息来源未经核实，厂方已否认。")
    screenshot("j5-03-reason")
    press(page, "撤稿")
    screenshot("j5-04-withdrawn")
    expect(page.locator(".nr-state")).to_contain_text("撤稿")
    assert timeline_steps(page)[-1] == "撤稿"
    expect(page.locator(".nr-timeline")).to_contain_text(
        "消息来源未经核实，厂方已否认。"
    )

    response = page.goto(public)
    assert response.status == 410
    screenshot("j5-05-public-410")

    # A 更正 on another live story, by an editor, from the story's page.
    page.goto(f"{live_server.url}/admin/")
    log_in(page, live_server, "editor")  # logs the chief out first
    open_from_dashboard(page, "nr-dash-recent", CORRECTED)
    screenshot("j5-06-editor-story-page")
    page.get_by_role("link", name="添加更正").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(f"给《{CORRECTED}》加更正")
    expect(page.locator(".nr-corrections")).to_contain_text("这篇稿件还没有更正。")
    box = page.get_by_label("更正内容")

    # Saving nothing is refused in Chinese.
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    expect(page.locator(".errorlist")).to_contain_text("请写明更正的内容。")
    screenshot("j5-07-correction-empty")

    box.fill("原稿中“12家”应为“21家”，特此更正。")
    screenshot("j5-08-correction-typed")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    screenshot("j5-09-correction-saved")
    assert f"已给《{CORRECTED}》加上更正" in message(page)
    assert timeline_steps(page)[-1] == "添加更正"
    expect(page.locator(".nr-timeline")).to_contain_text(
        "原稿中“12家”应为“21家”，特此更正。"
    )
    live = Article.objects.get(pk=live.pk)
    correction = live.corrections.get()
    assert correction.created_by.username == "editor"
    assert live.status == "published"

    page.goto(f"{live_server.url}{live.get_absolute_url()}")
    notes = page.locator(".story__corrections")
    expect(notes).to_contain_text("原稿中“12家”应为“21家”，特此更正。")
    day = timezone.localtime(correction.created_at)
    expect(notes).to_contain_text(f"{day.year}年{day.month}月{day.day}日")
    screenshot("j5-10-public-correction")
