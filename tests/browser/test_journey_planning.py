"""Planning (选题) in a real browser, by clicking and typing: a reporter
reports a topic, the desk chief approves it and assigns it with a deadline
and a length, the reporter starts the story from it (开始写稿) and saves, and
the budget (稿单) shows the story's status and its 字数 against target, at
1280 and 375 px."""

import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from accounts import roles
from accounts.models import Desk

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/nr/shots/planning")


@pytest.fixture
def shot(screenshot):
    """The suite's screenshot (and its page checks), kept for the topic too."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        shutil.copy(screenshot(f"planning-{name}"), SHOTS / f"{name}.png")

    return take


def test_a_topic_from_report_to_draft_on_the_budget(page, live_server, login, shot):
    reporter = UserFactory(
        username="linxf", role=roles.REPORTER, last_name="林", first_name="晓峰"
    )
    chief = UserFactory(
        username="sunjg", role=roles.DESK_CHIEF, last_name="孙", first_name="建国"
    )
    economy = Desk.objects.create(name="经济部", order=1)
    economy.members.add(reporter)
    economy.chiefs.add(chief)
    today = timezone.localdate()

    # The reporter reports a topic for today's paper, page A3.
    login("linxf")
    page.goto(f"{live_server.url}/admin/articles/planitem/budget/")
    page.get_by_role("link", name="报题", exact=True).click()
    page.fill("#id_topic", "城区菜价连续三周回落")
    page.fill("#id_notes", "走访三个农贸市场，问摊主和市民。")
    page.select_option("#id_desk", label="经济部")
    page.fill("#id_print_date", today.isoformat())
    page.fill("#id_print_page", "A3")
    page.locator("input[name=_save]").click()
    page.get_by_text("城区菜价连续三周回落").first.wait_for()

    # The desk chief approves it, then assigns it with a deadline and 字数.
    page.context.clear_cookies()
    login("sunjg")
    page.goto(f"{live_server.url}/admin/articles/planitem/budget/")
    page.get_by_role("link", name="城区菜价连续三周回落").click()
    page.get_by_role("link", name="审定选题").click()
    shot("decide")
    page.get_by_role("button", name="通过", exact=True).click()
    assert page.locator("#plan-state").inner_text() == "通过"
    page.select_option("#id_assignees", label="林晓峰")
    page.fill("#id_deadline", f"{today.isoformat()}T18:00")
    page.get_by_role("button", name="派题").click()  # no 字数 yet: refused
    page.get_by_text("派题要填计划字数").wait_for()
    assert page.input_value("#id_deadline") == f"{today.isoformat()}T18:00"
    page.fill("#id_target_length", "1000")
    page.get_by_role("button", name="派题").click()
    assert page.locator("#plan-state").inner_text() == "已派题"

    # The reporter starts the story from the budget and saves it.
    page.context.clear_cookies()
    login("linxf")
    page.goto(f"{live_server.url}/admin/articles/planitem/budget/")
    page.get_by_role("link", name="开始写稿").click()
    page.get_by_text("本稿来自选题").wait_for()
    assert page.input_value("#id_headline") == "城区菜价连续三周回落"
    page.locator(".field-body .ProseMirror[contenteditable]").click()
    page.keyboard.type("本报讯 连日来，城区三个农贸市场的蔬菜价格持续回落。" * 4)
    page.locator("input[name=_continue]").click()
    page.get_by_text("本稿来自选题").wait_for(state="detached")

    # The budget: the story's live status and its 字数 against target.
    page.goto(f"{live_server.url}/admin/articles/planitem/budget/")
    row = page.locator("tr", has_text="城区菜价连续三周回落")
    assert "已成稿" in row.inner_text()
    assert "草稿" in row.inner_text()
    assert "/1000 字" in row.locator("td[data-label='字数/计划']").inner_text()
    shot("budget-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # no sideways scrolling on a phone
    shot("budget-375")
