"""Journey 1, its last part: the reporter reopens a draft, changes the
headline, and sends it to review with a note in one click; the note is kept
and the 初审 editor reads it in the timeline."""

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

NOTE = "采访录音已存档；第二段的数字来自区总工会通报。"


def test_reporter_saves_and_submits_with_a_note(page, live_server, screenshot):
    people = make_newsroom()
    people.story("draft", headline="服务站初稿")

    log_in(page, live_server, "author")
    screenshot("j1-01-dashboard")
    open_from_dashboard(page, "nr-dash-mine", "服务站初稿")
    expect(page.locator("#nr-review label")).to_contain_text("给审稿人的说明")
    page.fill("#id_headline", "全市户外劳动者服务站达到六十家")
    write_opinion(page, NOTE)
    screenshot("j1-02-note-typed")
    press(page, "提交审稿")
    screenshot("j1-03-submitted")
    assert "修改已保存（第 2 版）" in message(page)
    assert "提交审稿，现在是“待审·初审”" in message(page)
    assert timeline_steps(page) == ["提交审稿"]
    expect(page.locator(".nr-timeline")).to_contain_text(NOTE)
    expect(page.locator(".nr-timeline")).to_contain_text("第 2 版")

    story = Article.objects.get()
    assert story.headline == "全市户外劳动者服务站达到六十家"
    assert story.events.get().comment == NOTE

    log_in(page, live_server, "editor")
    expect(dashboard_list(page, "nr-dash-awaiting")).to_contain_text(story.headline)
    open_from_dashboard(page, "nr-dash-awaiting", story.headline)
    expect(page.locator(".nr-timeline")).to_contain_text(NOTE)
    screenshot("j1-04-editor-reads-note")
