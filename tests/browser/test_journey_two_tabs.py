"""Journey 7: two tabs are open on one story and both save. The stale tab is
refused, says what changed, and keeps its typed text; the first save is
intact. Then, from the stale tab, the review step is not taken either."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

from ..workflow_helpers import make_newsroom
from .conftest import ARTIFACTS, assert_sound_page
from .review_steps import log_in, press, write_opinion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_stale_tab_is_refused_and_keeps_its_text(page, live_server, screenshot):
    people = make_newsroom()
    story = people.story("stage1", headline="两个标签页同时编辑")
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    log_in(page, live_server, "editor")
    page.goto(url)
    second = page.context.new_page()
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
    second.goto(url)
    assert_sound_page(second)

    def shot_second(name):
        second.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
        assert_sound_page(second)

    # First tab: a new headline, saved.
    page.fill("#id_headline", "第一个标签页改的标题")
    screenshot("j7-01-first-tab-typed")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    screenshot("j7-02-first-tab-saved")

    # Second tab, opened before that save: a subtitle and an opinion typed,
    # then 审签通过 pressed. Refused: nothing saved, no step taken.
    second.fill("#id_subtitle", "第二个标签页写的副题")
    write_opinion(second, "同意，副题已补。")
    shot_second("j7-03-second-tab-typed")
    press(second, "审签通过（初审）")
    shot_second("j7-04-second-tab-refused")
    errors = second.locator(".errornote, .errorlist").all_inner_texts()
    text = "\n".join(errors)
    assert "保存未成功" in text
    assert "主题" in text and "第一个标签页改的标题" in text  # what changed
    assert "没有执行" in second.locator("#nr-review").inner_text()
    expect(second.locator("#id_subtitle")).to_have_value("第二个标签页写的副题")
    expect(second.locator("#id_workflow-comment")).to_have_value("同意，副题已补。")

    story = Article.objects.get()
    assert story.headline == "第一个标签页改的标题"  # the first save is intact
    assert story.subtitle == ""
    assert (story.status, story.stage) == ("submitted", 1)
    assert not story.events.filter(action="approve").exists()
    second.close()
