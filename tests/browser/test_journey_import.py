"""Journey 8: an editor imports a printed page's text through the import
screen: upload, read the preview, confirm; the stories are drafts in the
story list. By clicking and typing only."""

from pathlib import Path

import pytest

from accounts import roles
from articles.importer import parse_page, read_page_text
from articles.models import Article

from ..factories import SectionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = Path(__file__).parents[1] / "data" / "pages" / "page2-2026-11-30.txt"


def test_an_editor_imports_a_page_and_finds_the_stories_as_drafts(
    page, live_server, login, screenshot
):
    UserFactory(username="songyutong", role=roles.EDITOR)
    SectionFactory(name="工会新闻")
    expected = parse_page(read_page_text(PAGE.read_bytes(), PAGE.name)).stories
    assert len(expected) >= 3

    login("songyutong")
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.get_by_role("link", name="导入版面").click()
    screenshot("import-01-screen")
    page.get_by_label("版面文字文件（.txt）").set_input_files(PAGE)
    # 见报日期: typed as the editor remembers it (a day off), then picked
    # from the admin calendar, which opens on the typed month.
    page.get_by_label("见报日期").fill("2026/11/29")
    page.get_by_role("button", name="选择一个日期").click()
    calendar = page.locator(".calendarbox").first
    calendar.wait_for()
    assert "十一月 2026" in calendar.locator("caption").inner_text()
    screenshot("import-01b-calendar")
    calendar.locator("td a").get_by_text("30", exact=True).click()
    assert page.get_by_label("见报日期").input_value() == "2026/11/30"
    page.get_by_label("版次").fill("2")
    page.get_by_label("导入到栏目").select_option(label="工会新闻")
    page.get_by_role("button", name="解析并预览").click()

    # The preview: one row per story, headlines as the page prints them.
    preview = page.locator(".nr-import-preview tbody tr")
    preview.first.wait_for()
    screenshot("import-02-preview")
    assert preview.count() == len(expected)
    content = page.locator("#content").inner_text()
    assert f"将新建 {len(expected)} 篇稿件" in content
    assert "栏目：工会新闻" in content and "第 2 版" in content
    kinds = page.locator(".nr-import-preview td.nr-kind").all_inner_texts()
    assert kinds == [Article.Kind(story.kind).label for story in expected]
    for row, story in zip(preview.all(), expected, strict=True):
        if story.headline:
            assert story.headline in row.inner_text()
    assert Article.objects.count() == 0  # nothing saved before confirming

    page.get_by_role("button", name="确认导入").click()
    page.locator(".nr-report").wait_for()
    screenshot("import-03-done")
    page.get_by_role("link", name="查看稿件").click()
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    screenshot("import-04-story-list")

    rows = page.locator("#result_list tbody tr")
    assert rows.count() == len(expected)
    states = page.locator("#result_list td.field-state_display").all_inner_texts()
    assert set(states) == {"草稿"}
    listed = page.locator(
        "#result_list td.field-headline, #result_list th.field-headline"
    ).all_inner_texts()
    for story in expected:
        if story.headline:
            assert story.headline in listed
    saved = Article.objects.all()
    assert {a.status for a in saved} == {Article.Status.DRAFT}
    assert {(str(a.print_date), a.print_page) for a in saved} == {("2026-11-30", 2)}
    assert {a.section.name for a in saved} == {"工会新闻"}

    # The same page again: the preview says nothing new will be made, and
    # confirming makes nothing.
    page.goto(f"{live_server.url}/admin/articles/article/import/")
    page.get_by_label("版面文字文件（.txt）").set_input_files(PAGE)
    page.get_by_label("见报日期").fill("2026/11/30")
    page.get_by_label("版次").fill("2")
    page.get_by_role("button", name="解析并预览").click()
    page.locator(".nr-import-preview").wait_for()
    screenshot("import-05-again")
    content = page.locator("#content").inner_text()
    assert "将新建 0 篇稿件" in content
    assert f"已导入过 {len(expected)} 篇，不会重复建立" in content
    assert "将新建署名人 0 位" in content
    assert page.locator(".nr-import-preview tr.nr-existing").count() == len(expected)
    page.get_by_role("button", name="确认导入").click()
    page.locator(".nr-report").wait_for()
    assert "新建稿件 0 篇" in page.locator(".nr-report").inner_text()
    assert Article.objects.count() == len(expected)


def test_a_file_that_is_not_text_is_refused_in_chinese_and_nothing_is_saved(
    page, live_server, login, screenshot, tmp_path
):
    UserFactory(username="songyutong", role=roles.EDITOR)
    picture = tmp_path / "page.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    login("songyutong")
    page.goto(f"{live_server.url}/admin/articles/article/import/")
    page.get_by_label("版面文字文件（.txt）").set_input_files(picture)
    page.get_by_role("button", name="解析并预览").click()
    error = page.locator(".errorlist").first
    error.wait_for()
    screenshot("import-06-not-text")
    assert "这不是文本文件" in error.inner_text()
    assert "没有导入" in page.locator(".errornote").inner_text()
    assert Article.objects.count() == 0
