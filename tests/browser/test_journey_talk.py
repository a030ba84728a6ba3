"""Journeys of the story screen's side panel.

Comments: a desk editor, halfway through an edit, selects a sentence of the
body, quotes it in a comment that mentions the reporter, and posts it; the
edit is still on the form. The reporter, on a phone, follows the
notification, sees the quote and answers; the editor marks it 已解决.

Presence: two editors in two browsers open the same story; each sees the
other. The second takes it over with a note; the first one's page shows the
note, says they no longer hold the story and stops offering to save."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts import roles

from ..factories import UserFactory
from ..workflow_helpers import make_newsroom
from .conftest import ARTIFACTS, assert_sound_page
from .review_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "talk"
BODY = (
    "<p>11月23日，江城市总工会召开表彰大会。</p>"
    "<p>会上表彰了二十名劳动模范，其中一线职工占七成。</p>"
)


def shot(page, name):
    # From the top: the panel is sticky, and would be drawn where the page
    # was last scrolled to.
    page.evaluate("window.scrollTo(0, 0)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    assert_sound_page(page)


def named(user, family, given):
    user.last_name, user.first_name = family, given
    user.save(update_fields=["last_name", "first_name"])
    return user


def test_a_quoted_comment_is_answered_and_resolved(page, live_server):
    people = make_newsroom()
    named(people.editor, "王", "敏")
    named(people.author, "陈", "默")
    story = people.story("stage1", headline="江城表彰劳动模范", body=BODY)

    # The desk editor starts an edit, then comments on a sentence.
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.fill("#id_subtitle", "二十名劳模受表彰")  # typed, not saved
    quote_button = page.get_by_role("button", name="引用所选文字到讨论")
    expect(quote_button).to_be_disabled()
    body = page.locator(".field-body .ProseMirror[contenteditable]")
    body.locator("p").first.click(click_count=3)  # the first paragraph
    quote_button.click()
    panel = page.locator("#nr-talk")
    expect(panel.locator(".nr-talk-quoting")).to_contain_text(
        "11月23日，江城市总工会召开表彰大会。"
    )
    page.fill("#nr-talk-text", "@author 表彰大会是23日还是24日？请核实。")
    shot(page, "01-editor-quotes-1280")
    panel.get_by_role("button", name="发表评论").click()
    thread = panel.locator(".nr-thread").first
    expect(thread).to_contain_text("表彰大会是23日还是24日")
    expect(thread.locator(".nr-talk-quoted")).to_have_text(
        "11月23日，江城市总工会召开表彰大会。"
    )
    # The edit typed before commenting is still on the form, unsaved.
    expect(page.locator("#id_subtitle")).to_have_value("二十名劳模受表彰")
    # At 1280 px the panel is beside the form, level with its top.
    side = page.locator("#content-related").bounding_box()
    form = page.locator("#article_form").bounding_box()
    assert side["x"] >= form["x"] + form["width"]
    assert side["y"] < form["y"] + 400
    shot(page, "02-editor-commented-1280")

    # The reporter, on a phone, follows the mention's notification.
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, "author")
    page.get_by_role("link", name="王敏在《江城表彰劳动模范》的编辑部讨论里").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="编辑部讨论（1 条未解决）").click()
    thread = page.locator("#nr-talk .nr-thread").first
    expect(thread.locator(".nr-talk-quoted")).to_be_visible()
    thread.get_by_label("回复").fill("已核实，是23日，有会议通知为证。")
    thread.get_by_role("button", name="回复").click()
    expect(thread.locator(".nr-talk-reply")).to_contain_text("已核实，是23日")
    sideways = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert sideways <= 0
    thread.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "03-reporter-answers-375.png")
    assert_sound_page(page)

    # The editor marks it settled.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    thread = page.locator("#nr-talk .nr-thread").first
    expect(thread.locator(".nr-talk-reply")).to_contain_text("陈默")
    thread.get_by_role("button", name="标记为已解决").click()
    expect(page.locator("#nr-talk .nr-talk-resolved")).to_contain_text("已解决 · 王敏")
    expect(page.locator("#nr-talk h2")).to_contain_text("0 条未解决")
    shot(page, "04-editor-resolved-1280")
    # The panel (the admin's own form around it is Django's).
    results = Axe().run(page, context={"include": [["#nr-talk"], [".nr-quote-button"]]})
    assert results.violations_count == 0, results.generate_report()
    assert not page.console_errors, page.console_errors


def test_a_second_editor_sees_the_first_and_takes_over_with_a_note(
    page, browser, live_server, settings
):
    settings.NEWSROOM_PRESENCE_POLL = 1  # a second, not 20: a test waits less
    people = make_newsroom()
    named(people.editor, "王", "敏")
    named(UserFactory(username="lin", role=roles.EDITOR), "林", "晓峰")  # a second 编辑
    story = people.story("stage1", headline="江城地铁三号线年底通车")
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    log_in(page, live_server, "editor")
    page.goto(url)
    expect(page.locator("#nr-presence")).to_be_hidden()  # nobody else yet

    other = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    second = other.new_page()
    # As the `page` fixture does: keep the HTML served, for the structure check.
    second.served = None
    second.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and response.frame == second.main_frame
            and setattr(second, "served", response)
        ),
    )
    try:
        log_in(second, live_server, "lin")
        second.goto(url)
        expect(second.locator("#nr-presence")).to_contain_text("王敏 正在编辑，刚刚")
        expect(page.locator("#nr-presence")).to_contain_text("林晓峰 正在编辑，刚刚")
        shot(page, "05-first-sees-second-1280")
        second.get_by_text("接手编辑").click()
        results = Axe().run(second, context={"include": [[".nr-presence-box"]]})
        assert results.violations_count == 0, results.generate_report()

        second.get_by_label("给对方的留言（对方的页面会显示）").fill(
            "三号线通车时间有新消息，我来改导语。"
        )
        second.get_by_role("button", name="接手这篇稿件").click()
        expect(second.locator("#nr-presence")).to_be_hidden()
        shot(second, "06-second-took-over-1280")

        taken = page.locator("#nr-taken")
        expect(taken).to_contain_text("林晓峰 接手了这篇稿件")
        expect(taken).to_contain_text("三号线通车时间有新消息，我来改导语。")
        expect(taken).to_contain_text("您已不再持有这篇稿件")
        expect(page.locator("input[name=_continue]")).to_be_disabled()
        shot(page, "07-first-sees-the-note-1280")
        # The one who took it over saves; their save stands.
        second.fill("#id_subtitle", "预计12月28日开通运营")
        second.locator("input[name=_continue]").click()
        second.wait_for_load_state()
        expect(second.locator("ul.messagelist")).to_contain_text("修改")
        expect(second.locator("#id_subtitle")).to_have_value("预计12月28日开通运营")
    finally:
        other.close()
    assert not page.console_errors, page.console_errors
