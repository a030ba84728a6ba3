"""A reader searches for one character, then for a word, from the search
box in the page header."""

import pytest

from ..factories import PublishedArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reader_searches_for_one_character_then_a_word(page, live_server, screenshot):
    PublishedArticleFactory(headline="零件车间忙加工", body="<p>车间里忙着加工。</p>")
    PublishedArticleFactory(headline="工会服务站开放", body="<p>服务站今天开放。</p>")
    PublishedArticleFactory(headline="冬季施工安全提示", body="<p>请注意安全。</p>")
    PublishedArticleFactory(headline="全市气温回升", body="<p>天气晴朗。</p>")
    page.goto(live_server.url + "/")
    page.get_by_label("搜索稿件").fill("工")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    results = page.locator("main")
    for headline in ("零件车间忙加工", "工会服务站开放", "冬季施工安全提示"):
        assert results.get_by_role("link", name=headline).count() == 1, headline
    assert results.get_by_text("全市气温回升").count() == 0
    screenshot("search-one-character")
    page.get_by_label("搜索稿件").fill("工会")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=%E5%B7%A5%E4%BC%9A")
    assert results.get_by_role("link", name="工会服务站开放").count() == 1
    assert results.get_by_role("link", name="零件车间忙加工").count() == 0
    screenshot("search-word")
    assert not page.console_errors
