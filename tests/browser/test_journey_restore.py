"""Journey: the chief editor opens a story's revisions to restore an older
text; meanwhile, in another tab, the story is published. The restore from
the page opened before is refused and says what happened, the story stays
published; restored after a look, the older text goes live on the reader's
page with the story still published."""

import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from articles import editing

from ..workflow_helpers import bring_to, make_newsroom
from .conftest import ARTIFACTS, assert_sound_page
from .review_steps import log_in, message, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "江城职工书屋开放第一天"
SECOND = "江城职工书屋今起开放"


def test_a_restore_from_a_page_opened_before_a_publish(page, live_server, screenshot):
    people = make_newsroom()
    story = people.story("draft", headline=FIRST)
    story.headline = SECOND
    with transaction.atomic():
        editing.save_edit(
            story, by=people.author, base_version=story.version, fields=["headline"]
        )
    bring_to(story, "approved", people)
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    log_in(page, live_server, "chief")
    page.goto(change_url)
    page.get_by_role("link", name=re.compile(r"修订版本（\d+）")).click()
    page.wait_for_load_state()
    assert_sound_page(page)
    screenshot("restore-01-revisions")

    # Another tab: the story is published.
    other = page.context.new_page()
    other.goto(change_url)
    press(other, "立即发布")
    expect(other.locator(".nr-state")).to_contain_text("已发布")
    other.screenshot(path=ARTIFACTS / "restore-02-published-elsewhere.png")
    other.close()

    # Back in the first tab, the restore was chosen before the publish.
    with page.expect_navigation():
        page.locator("#revision-1").get_by_role("button", name="恢复此版本").click()
    page.wait_for_load_state()
    assert_sound_page(page)
    screenshot("restore-03-refused")
    said = message(page)
    assert "恢复未成功：您打开修订版本页之后，稿件已被改动" in said
    assert "发布，稿件现在是“已发布”" in said
    story.refresh_from_db()
    assert (story.status, story.headline) == ("published", SECOND)

    # Having seen it, the chief restores again from the page now shown.
    with page.expect_navigation():
        page.locator("#revision-1").get_by_role("button", name="恢复此版本").click()
    page.wait_for_load_state()
    assert_sound_page(page)
    screenshot("restore-04-restored")
    assert "已恢复为第 1 版的内容" in message(page)
    expect(page.locator(".nr-state")).to_contain_text("已发布")
    expect(page.locator("#id_headline")).to_have_value(FIRST)

    # The reader's page has the restored headline at once.
    story.refresh_from_db()
    assert (story.status, story.headline) == ("published", FIRST)
    response = page.goto(f"{live_server.url}{story.get_absolute_url()}")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(FIRST)
    screenshot("restore-05-public-page")
