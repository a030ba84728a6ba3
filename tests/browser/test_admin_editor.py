"""The admin and its body editor work in a real browser under the CSP."""

import pytest

from accounts import roles
from articles.models import Article

from ..factories import SectionFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_reporter_writes_a_chinese_story_in_the_editor(
    page, live_server, login, screenshot, check_page
):
    UserFactory(username="reporter1", role=roles.REPORTER)
    SectionFactory(name="要闻")
    login("reporter1")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "江城新增十二家户外劳动者服务站")
    page.fill("#id_kicker", "暖心驿站")
    editor = page.locator(".ProseMirror >> visible=true")
    editor.click()
    page.keyboard.type("11月23日，江城新增服务站。")
    page.keyboard.press("Enter")
    page.keyboard.type("快递员有了歇脚的地方。")
    page.fill("#id_tags", "工会，服务站")
    screenshot("admin-article-add")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    check_page()
    article = Article.objects.get()
    assert article.headline == "江城新增十二家户外劳动者服务站"
    assert "<p>11月23日，江城新增服务站。</p>" in article.body
    assert "<p>快递员有了歇脚的地方。</p>" in article.body
    assert article.char_count == 22
    assert set(article.tags.names()) == {"工会", "服务站"}
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_tag_field_suggests_existing_tags(page, live_server, login, check_page):
    UserFactory(username="editor1", role=roles.EDITOR)
    from ..factories import ArticleFactory

    ArticleFactory().tags.add("工会维权", "光伏")
    login("editor1")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_tags").press_sequentially("工会")
    options = page.locator("#id_tags_list option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("els => els.map(e => e.value)") == ["工会维权, "]
    check_page()
    assert not page.console_errors


def test_admin_pages_raise_no_csp_violations(page, live_server, login, check_page):
    UserFactory(username="boss", is_superuser=True)
    login("boss")
    for path in (
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/photo/add/",
        "/admin/accounts/correspondent/add/",
        "/admin/articles/section/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        check_page()
    assert not page.console_errors, page.console_errors
