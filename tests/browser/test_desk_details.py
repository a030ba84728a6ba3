"""Details of the desk's screens a newcomer tripped over, checked as a person
sees and uses them: the dashboard's action bar, the photographer of a photo
uploaded in the chooser, 在站点上查看 only for a live story, no reorder
controls on a story that cannot be saved, a new byline row's role, the
review panel's date and time pickers, and short cells kept on one line."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from articles import revisions
from articles.models import Article, Photo

from .. import images
from ..factories import CorrespondentFactory, CreditFactory, UserFactory
from ..workflow_helpers import make_newsroom
from .review_steps import log_in, message, open_from_dashboard, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: For each element: its text and on how many lines that text stands.
LINES = """(elements) => elements.map((element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = new Set([...range.getClientRects()]
    .filter((box) => box.width > 0).map((box) => Math.round(box.top)));
  return [element.innerText.trim(), tops.size];
})"""


def broken_cells(locator):
    """The cells whose text does not stand on one line."""
    return [(text, lines) for text, lines in locator.evaluate_all(LINES) if lines > 1]


def test_a_reporter_starts_from_the_action_bar_and_credits_the_photographer(
    page, live_server, login, screenshot
):
    reporter = UserFactory(username="reporter1", role=roles.REPORTER)
    CorrespondentFactory(name="林晓峰", kind="staff", user=reporter)
    CorrespondentFactory(name="许航", kind="photographer")
    CorrespondentFactory(name="外单位通讯员", kind="correspondent")
    login("reporter1")

    # The dashboard starts with what the reporter may do.
    bar = page.get_by_role("navigation", name="常用操作")
    expect(bar.get_by_role("link")).to_have_text(
        ["写新稿件", "上传图片", "批量上传图片", "导入版面"]
    )
    first_list = page.locator("section[aria-labelledby=nr-dash-awaiting]")
    assert bar.bounding_box()["y"] < first_list.bounding_box()["y"]
    screenshot("desk-01-dashboard-action-bar")
    bar.get_by_role("link", name="写新稿件").click()
    page.locator("#id_headline").fill("职工书屋开门迎客")

    # 选择图片 › 上传新图片, with who took it.
    page.locator("#article_photos-group tr.add-row a").click()
    row = page.locator("#article_photos-group tr.form-row:not(.empty-form)").first
    row.get_by_role("button", name="选择图片").click()
    dialog = page.locator("dialog.nr-chooser-dialog")
    dialog.get_by_text("上传新图片").click()
    dialog.locator("input[name=image]").set_input_files(
        {
            "name": "书屋.jpg",
            "mimeType": "image/jpeg",
            "buffer": images.jpeg(size=(240, 160), colour=(120, 90, 30)),
        }
    )
    dialog.get_by_label("图片说明").fill("职工在书屋里读书")
    photographer = dialog.get_by_label("摄影")
    expect(photographer.locator("option:checked")).to_have_text("林晓峰")
    offered = photographer.locator("option").all_inner_texts()
    assert "许航" in offered and "外单位通讯员" not in offered
    photographer.select_option(label="许航")
    screenshot("desk-02-chooser-upload-with-photographer")
    dialog.get_by_role("button", name="上传并选用").click()
    expect(dialog).to_be_hidden()
    expect(row.locator(".nr-chooser__credit")).to_have_text("许航 摄")
    assert Photo.objects.get().credit_line() == "许航 摄"
    # The photo table's short headers stand on one line (删除? not 删/除?).
    assert not broken_cells(page.locator("#article_photos-group thead th"))
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")

    # The library credits the photographer, on one line.
    # (The story page gives the side to its discussion panel, not the model
    # list: the way out is the breadcrumb.)
    page.locator(".breadcrumbs").get_by_role("link", name="采编").click()
    page.locator("#content").get_by_role("link", name="图片", exact=True).click()
    credit = page.locator("#result_list td.field-credit_display")
    expect(credit).to_have_text(["许航 摄"])
    assert not broken_cells(credit)
    screenshot("desk-03-library-credit")
    assert not page.console_errors, page.console_errors


def test_view_on_site_is_offered_for_a_live_story_only(page, live_server, screenshot):
    people = make_newsroom()
    people.story("draft", headline="还在草稿的稿件")
    people.story("published", headline="已经见网的稿件")
    log_in(page, live_server, "author")
    tools = page.locator(".object-tools")

    open_from_dashboard(page, "nr-dash-mine", "还在草稿的稿件")
    expect(tools.get_by_role("link", name="预览")).to_be_visible()
    expect(tools.get_by_role("link", name="在站点上查看")).to_have_count(0)
    screenshot("desk-04-draft-no-view-on-site")

    page.get_by_role("link", name="首页").click()
    open_from_dashboard(page, "nr-dash-mine", "已经见网的稿件")
    tools.get_by_role("link", name="在站点上查看").click()
    expect(page.locator("h1")).to_have_text("已经见网的稿件")
    screenshot("desk-05-live-story-on-site")


def test_a_story_that_cannot_be_saved_has_no_reorder_controls(
    page, live_server, screenshot
):
    people = make_newsroom()
    live = people.story("published", headline="已经见网的稿件")
    draft = people.story("draft", headline="还在草稿的稿件")
    for article in (live, draft):
        CreditFactory(
            article=article,
            role="correspondent",
            position=2,
            correspondent__name="宋佳",
        )
    log_in(page, live_server, "author")
    byline = page.locator("#credits-group")

    open_from_dashboard(page, "nr-dash-mine", "已经见网的稿件")
    expect(page.locator("input[name=_save]")).to_have_count(0)  # read-only
    expect(byline.locator("tr.form-row")).to_have_count(2)
    expect(byline.locator(".nr-order__up, .nr-order__down")).to_have_count(0)
    expect(byline.locator(".nr-order__handle")).to_have_count(0)
    expect(byline.locator(".nr-order-status")).to_have_count(0)
    expect(byline.locator(".nr-order__place")).to_have_text(["1", "2"])
    screenshot("desk-06-readonly-byline")

    page.get_by_role("link", name="首页").click()
    open_from_dashboard(page, "nr-dash-mine", "还在草稿的稿件")
    byline.get_by_role("button", name="下移一位").first.click()
    expect(byline.locator(".nr-order-status")).to_contain_text("已移到第 2 位")


@pytest.mark.parametrize(
    ("role", "word", "kind"),
    [(roles.REPORTER, "记者", "本报记者"), (roles.CORRESPONDENT, "通讯员", "通讯员")],
)
def test_a_new_byline_row_starts_with_the_filers_role(
    page, live_server, login, screenshot, role, word, kind
):
    UserFactory(username="filer", role=role)
    login("filer")
    page.get_by_role("navigation", name="常用操作").get_by_role(
        "link", name="写新稿件"
    ).click()
    rows = page.locator("#credits-group tr.form-row:not(.empty-form)")
    expect(rows.first.locator("select[name$='-role'] option:checked")).to_have_text(
        word
    )
    page.locator("#credits-group tr.add-row a").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator("select[name$='-role'] option:checked")).to_have_text(
        word
    )
    screenshot(f"desk-07-new-byline-rows-{role}")
    if role == roles.CORRESPONDENT:
        return  # an outside correspondent may not add people
    # The "+" beside the person opens the new person as the row's kind.
    with page.expect_popup() as popup_info:
        rows.nth(1).locator("a.add-related").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    expect(popup.locator("#id_kind option:checked")).to_have_text(kind)
    popup.close()


def test_the_review_panel_picks_the_publish_time_from_calendar_and_clock(
    page, live_server, screenshot
):
    people = make_newsroom()
    people.story("approved", headline="职工文化节明早开幕")
    log_in(page, live_server, "chief")
    open_from_dashboard(page, "nr-dash-publish", "职工文化节明早开幕")
    panel = page.locator("#nr-review")
    expect(panel.locator(".nr-publish-time .help")).to_contain_text("留空即立即发布")

    panel.get_by_role("button", name="选择一个日期").click()
    calendar = page.locator(".calendarbox:visible")
    expect(calendar).to_be_visible()
    calendar.get_by_text("明天", exact=True).click()
    panel.get_by_role("button", name="选择一个时间").click()
    page.locator(".clockbox:visible").get_by_text("上午6点", exact=True).click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    expect(panel.locator("#id_workflow-at_0")).to_have_value(
        tomorrow.strftime("%Y/%m/%d")  # as the hint shows it
    )
    expect(panel.locator("#id_workflow-at_1")).to_have_value("06:00")
    screenshot("desk-08-publish-time-picked")
    press(page, "定时发布")
    assert "定时发布" in message(page)
    article = Article.objects.get(headline="职工文化节明早开幕")
    assert article.publish_at == timezone.make_aware(
        datetime.combine(tomorrow, time(6))
    )


def test_revision_names_and_numbers_keep_to_one_line(page, live_server, screenshot):
    people = make_newsroom()
    chief = people.chief
    chief.last_name, chief.first_name = "郑", "卫东"
    chief.save()
    article = people.story("draft", headline="江城三千名一线职工参加寒潮应急演练" * 2)
    for headline in ("第二稿", "第三稿"):
        Article.objects.filter(pk=article.pk).update(
            headline=headline, version=article.version + 1
        )
        article.refresh_from_db()
        revisions.record(article, by=chief, note="改标题")
    log_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="修订版本").click()
    table = page.locator(".nr-revisions table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("郑卫东")
    cells = table.locator(
        "th, td:nth-child(2), td:nth-child(3), td:nth-child(4), td:nth-child(6)"
    )
    assert not broken_cells(cells)
    screenshot("desk-09-revisions")
