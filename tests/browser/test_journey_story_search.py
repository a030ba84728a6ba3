"""An editor finds stories in the story list by typing two words into its
search box: each word must be in the story or its byline."""

import pytest

from accounts import roles

from ..factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_an_editor_searches_the_story_list_for_two_words(
    page, live_server, login, screenshot, check_page
):
    UserFactory(username="editor1", role=roles.EDITOR)
    ArticleFactory(headline="防汛物资运抵河堤")
    ArticleFactory(headline="防汛演练今日举行")
    signed = ArticleFactory(headline="河堤加固完成")
    CreditFactory(article=signed, correspondent=CorrespondentFactory(name="周防汛"))
    login("editor1")

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.fill("#searchbar", "防汛 河堤")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/admin/articles/article/?q=*")
    check_page()
    screenshot("admin-story-search")

    listed = page.locator("#result_list tbody tr")
    assert listed.count() == 2
    text = page.locator("#result_list").inner_text()
    assert "防汛物资运抵河堤" in text and "河堤加固完成" in text
    assert "防汛演练今日举行" not in text
    assert page.locator("#searchbar").input_value() == "防汛 河堤"
