"""Journey 4: the chief schedules a story two minutes ahead. Until then every
admin surface says 定时发布 with the time, never 已发布; then it appears.

The test does not sleep two minutes: the live server runs in this process,
so a `clock` fixture moves `django.utils.timezone.now` forward for both, as
time itself would. Nobody presses a button when the time comes: the reader's
queries and the page cache compare with the clock, and the story appears.
The steps of the journey are clicks and typing."""

from datetime import timedelta

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

HEADLINE = "职工文化节明早开幕"


@pytest.fixture
def clock(monkeypatch):
    """Move the clock the server and the test read (timezone.now)."""
    real_now = timezone.now
    offset = [timedelta(0)]
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset[0])

    class Clock:
        def advance_to(self, moment):
            offset[0] = moment - real_now()

    return Clock()


def test_scheduled_two_minutes_ahead_says_so_everywhere_then_appears(
    page, live_server, screenshot, clock
):
    people = make_newsroom()
    people.story("approved", headline=HEADLINE)
    home = f"{live_server.url}/"

    log_in(page, live_server, "chief")
    expect(dashboard_list(page, "nr-dash-publish")).to_contain_text(HEADLINE)
    screenshot("j4-01-chief-dashboard")
    open_from_dashboard(page, "nr-dash-publish", HEADLINE)
    at = timezone.localtime(timezone.now() + timedelta(minutes=2))
    page.locator("#id_workflow-at_0").fill(at.strftime("%Y-%m-%d"))
    page.locator("#id_workflow-at_1").fill(at.strftime("%H:%M:%S"))
    write_opinion(page, "配合明早开幕式，准时上网。")
    screenshot("j4-02-time-typed")
    press(page, "定时发布")
    screenshot("j4-03-scheduled")

    story = Article.objects.get()
    when = timezone.localtime(story.publish_at).strftime("%Y-%m-%d %H:%M")
    scheduled = f"定时发布（{when}）"
    assert when == at.strftime("%Y-%m-%d %H:%M")
    expect(page.locator(".nr-state")).to_have_text(f"当前状态：{scheduled}")
    assert scheduled in message(page)
    assert timeline_steps(page)[-1] == scheduled
    assert "已发布" not in page.locator("#content-main").inner_text()

    # The dashboard and the story list say the same.
    page.goto(f"{live_server.url}/admin/")
    expect(dashboard_list(page, "nr-dash-scheduled")).to_contain_text(scheduled)
    expect(dashboard_list(page, "nr-dash-recent")).not_to_contain_text(HEADLINE)
    screenshot("j4-04-chief-dashboard-scheduled")
    page.goto(f"{live_server.url}/admin/articles/article/")
    row = page.locator("#result_list tr", has_text=HEADLINE)
    expect(row).to_contain_text("定时")
    expect(row).not_to_contain_text("已发布")
    screenshot("j4-05-story-list")

    # The author's dashboard and notification say when, not 已发布.
    log_in(page, live_server, "author")
    screenshot("j4-06-author-dashboard")
    mine = dashboard_list(page, "nr-dash-mine")
    expect(mine).to_contain_text(scheduled)
    notes = dashboard_list(page, "nr-dash-notes")
    expect(notes).to_contain_text(f"将于 {when} 定时发布")
    assert "已发布" not in page.locator(".nr-dashboard").inner_text()

    # Not on the site before its time.
    assert page.goto(f"{live_server.url}{story.get_absolute_url()}").status == 404
    page.goto(home)
    assert HEADLINE not in page.content()
    screenshot("j4-07-site-before")

    # Its time comes; nobody presses anything. A reader reloads the page.
    clock.advance_to(story.publish_at + timedelta(seconds=1))
    page.reload()
    expect(page.locator("body")).to_contain_text(HEADLINE)
    screenshot("j4-08-site-home-on-time")
    response = page.goto(f"{live_server.url}{story.get_absolute_url()}")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(HEADLINE)
    screenshot("j4-09-site-story-on-time")
