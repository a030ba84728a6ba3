"""Journey: no typed text is lost. A reporter types into a story and saves;
the save fails (the server answers 503). Reopening the story offers the
copy this browser kept (恢复 / 丢弃); 恢复 puts the text back and the save
goes through. Then a tab closed mid-typing: the copy is offered again, and
丢弃 forgets it."""

import pytest
from playwright.sync_api import expect

from articles.models import Article

from ..workflow_helpers import make_newsroom
from .conftest import ARTIFACTS
from .review_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "drafts"
TYPED = "记者从市总工会了解到，新增的12家服务站将在本月底前全部开放。"
HEADLINE = "江城新增12家户外劳动者服务站"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def type_at_end_of_body(page, text):
    editor = page.locator(".field-body .ProseMirror[contenteditable]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def banner(page):
    return page.locator(".nr-draft-banner")


def test_a_failed_save_and_a_closed_tab_lose_nothing(page, live_server):
    people = make_newsroom()
    story = people.story("draft", headline="服务站")
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server, "author")
    page.goto(url)
    expect(banner(page)).to_have_count(0)

    # Typed: a new headline and a paragraph. The save fails with a 503.
    page.fill("#id_headline", HEADLINE)
    type_at_end_of_body(page, TYPED)

    def unavailable(route):
        if route.request.method == "POST":
            route.fulfill(
                status=503,
                content_type="text/html; charset=utf-8",
                body="<h1>服务暂时不可用</h1>",
            )
        else:
            route.continue_()

    page.route(url, unavailable)
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    expect(page.locator("h1")).to_have_text("服务暂时不可用")
    page.unroute(url)
    assert Article.objects.get().headline == "服务站"  # nothing reached the server

    # Reopened: the copy is offered, and restored.
    page.goto(url)
    expect(banner(page)).to_be_visible()
    expect(banner(page)).to_contain_text("没有保存成功的修改")
    expect(page.locator("#id_headline")).to_have_value("服务站")
    shot(page, "01-offer-after-503")
    banner(page).get_by_role("button", name="恢复").click()
    expect(banner(page)).to_have_count(0)
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator(".field-body .ProseMirror[contenteditable]")).to_contain_text(
        TYPED
    )
    shot(page, "02-restored")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist .success")).to_be_visible()
    saved = Article.objects.get()
    assert saved.headline == HEADLINE
    assert TYPED in saved.body

    # Saved, so nothing is offered any more.
    page.goto(url)
    expect(page.locator(".field-body .ProseMirror[contenteditable]")).to_contain_text(
        TYPED
    )
    page.wait_for_timeout(300)  # the script settles once the editor is ready
    expect(banner(page)).to_have_count(0)

    # A second tab, typed into and closed before saving.
    tab = page.context.new_page()
    tab.goto(url)
    type_at_end_of_body(tab, "关掉标签页之前写的一句。")
    tab.close(run_before_unload=True)
    page.goto(url)
    expect(banner(page)).to_be_visible()
    shot(page, "03-offer-after-closed-tab")
    banner(page).get_by_role("button", name="丢弃").click()
    expect(banner(page)).to_have_count(0)
    page.goto(url)
    expect(page.locator(".field-body .ProseMirror[contenteditable]")).to_contain_text(
        TYPED
    )
    page.wait_for_timeout(300)
    expect(banner(page)).to_have_count(0)
    assert "关掉标签页" not in Article.objects.get().body


def test_a_save_too_large_for_the_server_is_said_in_chinese_and_lost_nothing(
    page, live_server
):
    """The request grows past the server's 10 MB on its way (as a pasted
    scan would make it): the Chinese 413 page says the limits and leads
    back to the form, where the copy is offered."""
    people = make_newsroom()
    story = people.story("draft", headline="服务站")
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server, "author")
    page.goto(url)
    type_at_end_of_body(page, TYPED)

    def swollen(route):
        if route.request.method != "POST":
            return route.continue_()
        padding = b"x" * (11 * 1024 * 1024)
        body = route.request.post_data_buffer
        if route.request.headers["content-type"].startswith("multipart/"):
            boundary = body[: body.index(b"\r\n")]
            head = b'\r\nContent-Disposition: form-data; name="pad"\r\n\r\n'
            body = boundary + head + padding + b"\r\n" + body
        else:
            body = body + b"&pad=" + padding
        route.continue_(post_data=body)

    page.route(url, swollen)
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    page.unroute(url)
    expect(page.locator("h1")).to_have_text("提交的内容太大")
    expect(page.locator("main")).to_contain_text("10 MB")
    expect(page.locator("main")).to_contain_text("正文最多 200,000 个字符")
    shot(page, "04-413-page")
    assert TYPED not in Article.objects.get().body

    page.get_by_role("link", name="返回编辑页").click()
    expect(banner(page)).to_be_visible()
    banner(page).get_by_role("button", name="恢复").click()
    editor = page.locator(".field-body .ProseMirror[contenteditable]")
    expect(editor).to_contain_text(TYPED)
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist .success")).to_be_visible()
    assert TYPED in Article.objects.get().body


def test_a_forbidden_page_is_the_sites_own_chinese_page(page, live_server):
    from accounts import roles

    from ..factories import UserFactory

    UserFactory(username="outside", role=roles.CORRESPONDENT)
    log_in(page, live_server, "outside")
    response = page.goto(f"{live_server.url}/admin/articles/article/import/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("没有权限")
    shot(page, "05-403-page")
