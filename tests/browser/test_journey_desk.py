"""The desk's tools in a real browser: the body editor (tall, in Chinese,
字数 as you type), the story list at 1280 px, and 废稿 (an author spikes a
draft, an editor finds it and restores it), by clicking and typing."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts import roles
from articles.models import Article
from articles.text import count_characters

from ..factories import ArticleFactory, SectionFactory, UserFactory
from .conftest import (
    ARTIFACTS,
    assert_sound_page,
    backup_code_if_required,
    type_second_step,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = json.loads(
    (Path(__file__).parents[1] / "data" / "char_count_cases.json").read_text()
)
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def shoot(other_page, name):
    """A step's screenshot from a second browser context (the `screenshot`
    fixture serves the test's own page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    other_page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    assert_sound_page(other_page)


def second_page(browser):
    """A page in a browser context of its own (another person's browser),
    set up as the `page` fixture sets up the test's own."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    other = context.new_page()
    other.served = None
    other.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and response.frame == other.main_frame
            and setattr(other, "served", response)
        ),
    )
    return context, other


def log_in(other_page, live_server, username):
    code = backup_code_if_required(username)
    other_page.goto(f"{live_server.url}/admin/login/")
    other_page.fill("#id_username", username)
    other_page.fill("#id_password", "a-long-test-password")
    other_page.click("input[type=submit]")
    type_second_step(other_page, code)
    other_page.wait_for_url(f"{live_server.url}/admin/")


def test_body_editor_is_tall_speaks_chinese_and_counts_as_you_type(
    page, live_server, login, screenshot
):
    UserFactory(username="reporter1", role=roles.REPORTER)
    SectionFactory(name="要闻")
    login("reporter1")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor = page.locator(".field-body .ProseMirror[contenteditable]")
    editor.wait_for()
    screenshot("desk-01-editor-empty")

    # At least 12 lines tall when empty.
    height, line = editor.evaluate(
        "el => [el.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(el).lineHeight)]"
    )
    assert height >= 12 * line, (height, line)

    # Every menu button's tooltip and every block-type choice is Chinese.
    menubar = page.locator(".field-body .prose-menubar")
    titles = menubar.locator("button[title]").evaluate_all(
        "els => els.map(e => e.title)"
    )
    assert len(titles) >= 10
    assert not [t for t in titles if ASCII_WORD.search(t)], titles
    assert {"加粗", "斜体", "撤销", "引文", "插入链接"} <= set(titles)
    menubar.locator(".prose-menubar__selected").first.click()
    options = page.locator(".prose-menubar__picker:popover-open button")
    options.first.wait_for()
    choices = options.evaluate_all("els => els.map(e => e.textContent.trim())")
    screenshot("desk-02-editor-block-menu")
    assert "正文段落" in choices and "小标题" in choices, choices
    assert not [c for c in choices if ASCII_WORD.search(c)], choices
    page.keyboard.press("Escape")

    # 字数 follows the typing, counted as the server counts it.
    count = page.locator(".field-char_count .readonly")
    assert count.inner_text().strip() == "0"
    editor.click()
    typed = ["11月23日，江城新增服务站。", "快递员有了歇脚的地方（Wi-Fi 也有）。"]
    page.keyboard.type(typed[0])
    assert count.inner_text().strip() == str(count_characters(typed[0]))
    page.keyboard.press("Enter")
    page.keyboard.type(typed[1])
    expected = count_characters("".join(f"<p>{t}</p>" for t in typed))
    assert count.inner_text().strip() == str(expected)
    screenshot("desk-03-editor-typed-count")

    # The link dialog speaks Chinese too (the editor's strings, via gettext).
    page.keyboard.press("Shift+Home")
    menubar.get_by_role("button", name="插入链接").click()
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    screenshot("desk-03b-link-dialog")
    words = dialog.inner_text() + " ".join(
        dialog.locator("input[type=submit], button").evaluate_all(
            'els => els.map(e => e.localName === "input" ? e.value : e.textContent)'
        )
    )
    assert "网址" in words and "编辑链接" in words, words
    assert not ASCII_WORD.findall(words), words
    dialog.get_by_role("button", name="取消").click()
    page.fill("#id_headline", "江城新增十二家户外劳动者服务站")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    assert Article.objects.get().char_count == expected
    assert page.locator(".field-char_count .readonly").inner_text().strip() == str(
        expected
    )

    # The page's counter and articles.text agree on every shared case.
    counted = page.evaluate(
        "cases => cases.map(c => window.newsroomCharCount.countHtml(c.html))", CASES
    )
    assert counted == [case["count"] for case in CASES]
    assert [count_characters(case["html"]) for case in CASES] == counted


def test_story_list_at_1280_px_reads_headlines_newest_edit_first(
    page, live_server, login, screenshot
):
    UserFactory(username="editor1", role=roles.EDITOR)
    section = SectionFactory(name="工会新闻")
    now = timezone.now()
    headlines = [
        f"第{i}条：市总工会推出“十全”服务优化人才环境打造创新创业福地"
        for i in range(12)
    ]
    for i, headline in enumerate(headlines):
        article = ArticleFactory(headline=headline, section=section)
        Article.objects.filter(pk=article.pk).update(
            updated_at=now - timedelta(hours=i)
        )
    scheduled = ArticleFactory(
        headline="定时：江城职工运动会明日开幕",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=now + timedelta(days=1),
    )
    Article.objects.filter(pk=scheduled.pk).update(updated_at=now - timedelta(days=2))
    login("editor1")
    page.goto(f"{live_server.url}/admin/articles/article/")
    screenshot("desk-04-story-list-1280")

    cells = page.locator(
        "#result_list td.field-headline, #result_list th.field-headline"
    )
    shown = cells.evaluate_all("els => els.map(e => e.innerText.trim())")
    assert shown == [*headlines, scheduled.headline]  # newest edit first

    # The headline column is at least 20 characters wide.
    width, font = cells.first.evaluate(
        "el => [el.getBoundingClientRect().width,"
        " parseFloat(getComputedStyle(el).fontSize)]"
    )
    assert width / font >= 20, (width, font)
    # and nothing pushes the table past the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    states = page.locator("#result_list td.field-state_display").all_inner_texts()
    assert states[-1].startswith("定时发布（")
    assert "已发布" not in states[-1]


def open_story_list(a_page):
    """From the admin home, the story list by its link (稿件 under 采编)."""
    a_page.locator("#content-main .app-articles tr.model-article").get_by_role(
        "link", name="稿件", exact=True
    ).click()
    a_page.wait_for_url(re.compile(r"/admin/articles/article/(\?.*)?$"))


def test_an_author_spikes_a_draft_and_an_editor_restores_it(
    browser, page, live_server, login, screenshot
):
    author = UserFactory(username="reporter1", role=roles.REPORTER)
    UserFactory(username="editor1", role=roles.EDITOR)
    kept = ArticleFactory(headline="保留的稿件：职工书屋开放", created_by=author)
    draft = ArticleFactory(headline="撞车的稿件：运动会筹备", created_by=author)

    login("reporter1")
    open_story_list(page)
    page.get_by_role("link", name=draft.headline).click()
    screenshot("desk-05-spike-draft-open")
    page.get_by_role("link", name="作为废稿").click()
    page.get_by_label("作废理由（可不填）").fill("与通讯员来稿撞车，改用来稿。")
    screenshot("desk-06-spike-confirm")
    page.get_by_role("button", name="确认作为废稿").click()
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    screenshot("desk-07-spiked-list")
    assert "已作为废稿" in page.locator(".messagelist").inner_text()
    listed = page.locator(
        "#result_list td.field-headline, #result_list th.field-headline"
    )
    assert listed.all_inner_texts() == [kept.headline]
    page.locator(".breadcrumbs").get_by_role("link", name="首页").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert draft.headline not in page.locator("#content").inner_text()
    assert "只看废稿" not in page.content()

    # An editor, in a browser of their own.
    context, editor_page = second_page(browser)
    try:
        log_in(editor_page, live_server, "editor1")
        open_story_list(editor_page)
        editor_page.get_by_role("link", name="只看废稿").click()
        editor_page.wait_for_url(re.compile(r"spiked="))
        shoot(editor_page, "desk-08-editor-spiked-filter")
        listed = editor_page.locator("#result_list")
        assert listed.locator(
            "th.field-headline, td.field-headline"
        ).all_inner_texts() == [draft.headline]
        listed.get_by_role("link", name=draft.headline, exact=True).click()
        editor_page.wait_for_url(
            re.compile(rf"/admin/articles/article/{draft.pk}/change/")
        )
        assert "已作为废稿" in editor_page.locator("#content").inner_text()
        timeline = editor_page.locator(".nr-timeline").inner_text()
        assert "作为废稿" in timeline and "与通讯员来稿撞车" in timeline
        editor_page.get_by_role("link", name="恢复这篇废稿").click()
        assert "与通讯员来稿撞车" in editor_page.locator("#content").inner_text()
        editor_page.get_by_role("button", name="确认恢复").click()
        editor_page.wait_for_url(re.compile(rf"/admin/articles/article/{draft.pk}/"))
        assert "已恢复" in editor_page.locator(".messagelist").inner_text()
        assert "恢复废稿" in editor_page.locator(".nr-timeline").inner_text()
        shoot(editor_page, "desk-09-editor-restored")
    finally:
        context.close()

    open_story_list(page)
    listed = page.locator(
        "#result_list td.field-headline, #result_list th.field-headline"
    )
    assert listed.all_inner_texts() == [draft.headline, kept.headline]
    screenshot("desk-10-back-in-list")
    draft.refresh_from_db()
    assert draft.spiked_at is None and draft.status == Article.Status.DRAFT
    assert [e.action for e in draft.events.all()] == ["spike", "restore"]


#: Every piece of text a person can read on the page, and the tooltips,
#: labels and placeholders they meet (icon ligatures such as "format_bold"
#: are pictures, not text).
_READABLE = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || el.closest("script, style, template, .material-icons")) continue;
    if (!el.checkVisibility()) continue;
    const text = walker.currentNode.textContent.trim();
    if (text) out.push(text);
  }
  for (const option of document.querySelectorAll("select option")) {
    if (!option.closest("template")) out.push(option.textContent);
  }
  const named = "[title], [aria-label], [placeholder], input[type=submit], "
    + "input[type=button]";
  for (const el of document.querySelectorAll(named)) {
    for (const attr of ["title", "aria-label", "placeholder"]) {
      if (el.hasAttribute(attr)) out.push(el.getAttribute(attr));
    }
    if (el.type === "submit" || el.type === "button") out.push(el.value);
  }
  return out;
}"""
#: Latin words the newsroom's pages may show besides the test's own data (user
#: names, a section's slug): the file type the import screen asks for, and a
#: key on the keyboard.
_ALLOWED_LATIN = {"txt", "Shift"}


def test_the_admin_pages_the_newsroom_visits_speak_chinese(
    page, live_server, login, screenshot
):
    from ..factories import PhotoFactory

    reporter = UserFactory(username="linxiaofeng", role=roles.REPORTER)
    UserFactory(username="songyutong", role=roles.EDITOR)
    UserFactory(username="zhouhuimin", role=roles.CHIEF_EDITOR)
    section = SectionFactory(name="要闻", slug="yaowen")
    article = ArticleFactory(created_by=reporter, headline="扫描稿件", section=section)
    PhotoFactory()
    paths = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/revisions/",
        f"/admin/articles/article/{article.pk}/spike/",
        "/admin/articles/article/import/",
        "/admin/articles/photo/",
        "/admin/articles/photo/add/",
        "/admin/accounts/correspondent/",
        "/admin/accounts/correspondent/add/",
        "/admin/password_change/",
        f"/admin/articles/article/{article.pk}/history/",
        "/admin/articles/section/",
        "/admin/taggit/tag/",
        "/admin/accounts/organisation/",
        "/admin/articles/article/?spiked=1",
        "/admin/articles/article/?state=scheduled&q=无此稿",
    ]
    english = {}
    for username in ("linxiaofeng", "songyutong", "zhouhuimin"):
        login(username)
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            words = (
                {
                    word
                    for text in page.evaluate(_READABLE)
                    for word in ASCII_WORD.findall(text)
                }
                - _ALLOWED_LATIN
                - {"linxiaofeng", "songyutong", "zhouhuimin", "yaowen"}
            )
            if words:
                english[f"{username} {path}"] = sorted(words)
        page.context.clear_cookies()
    assert not english, english


def test_the_time_zone_note_is_chinese_for_someone_away_from_beijing(
    browser, live_server
):
    """A chief editor (who may set 发布时间; a reporter's form has no such
    field) whose computer keeps UTC is told, in Chinese, that times are
    entered in Beijing time."""
    UserFactory(username="linxiaofeng", role=roles.CHIEF_EDITOR)
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="UTC",
        viewport={"width": 1280, "height": 900},
    )
    try:
        away = context.new_page()
        away.served = None
        log_in(away, live_server, "linxiaofeng")
        away.goto(f"{live_server.url}/admin/articles/article/add/")
        note = away.locator(".field-publish_at .timezonewarning")
        note.wait_for()
        text = note.inner_text()
        assert "请按 Asia/Shanghai 时区填写时间" in text and "慢 8 小时" in text, text
        ARTIFACTS.mkdir(exist_ok=True)
        away.screenshot(path=ARTIFACTS / "desk-11-timezone-note.png", full_page=True)
        assert_sound_page(away)
    finally:
        context.close()
