"""The story form has room for a Chinese headline: 引题, 主题 and 副题 show
at least 30 characters at 1280 px, 摘要 takes the form's width, and at
375 px nothing makes the page scroll sideways."""

import pytest

from accounts import roles

from ..factories import SectionFactory, UserFactory
from ..workflow_helpers import make_newsroom
from .review_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: 32 characters: a long headline as the paper prints them.
LONG_HEADLINE = "全市新增二十一家户外劳动者服务站 快递员外卖骑手有了歇脚的地方"

#: How many characters of the font's size fit inside a control (its width
#: less its padding): a Han character is one em wide.
_CHARACTERS_SHOWN = """(el) => {
  const style = getComputedStyle(el);
  const inner = el.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  return inner / parseFloat(style.fontSize);
}"""
_SIDEWAYS = """() => document.documentElement.scrollWidth
  - document.documentElement.clientWidth"""


def widths(page, selector):
    return page.locator(selector).evaluate(_CHARACTERS_SHOWN)


def test_the_headline_fields_show_a_long_chinese_headline(
    page, live_server, login, screenshot
):
    UserFactory(username="reporter1", role=roles.REPORTER)
    SectionFactory(name="要闻")
    login("reporter1")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", LONG_HEADLINE)
    page.fill("#id_kicker", "暖心驿站")
    screenshot("story-form-1280")
    for field in ("#id_kicker", "#id_headline", "#id_subtitle"):
        assert widths(page, field) >= 30, field
    # 摘要 runs the width of the form, as far as the 主题 box at least.
    summary = page.locator("#id_summary").bounding_box()
    headline = page.locator("#id_headline").bounding_box()
    assert summary["x"] + summary["width"] >= headline["x"] + headline["width"]
    assert page.evaluate(_SIDEWAYS) <= 0


@pytest.mark.parametrize("state", ["draft", "published"])
def test_the_story_page_does_not_scroll_sideways_on_a_phone(
    page, live_server, screenshot, state
):
    people = make_newsroom()
    story = people.story(state, headline=LONG_HEADLINE)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    screenshot(f"story-form-375-{state}")
    assert page.evaluate(_SIDEWAYS) <= 0
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", LONG_HEADLINE)
    screenshot("story-form-375-add")
    assert page.evaluate(_SIDEWAYS) <= 0
    box = page.locator("#id_headline").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
