"""Journey 1, whole: a reporter files a story by clicking and typing only.

Headline block, a body of several paragraphs typed into the editor, a
section, tags typed with a full-width comma, a byline of 通讯员 + 记者 with the
通讯员 created from the form, a photo uploaded from the story form and
attached with a caption; saved, reopened from the dashboard, the headline
changed and saved again, then sent to review with a note that the timeline
keeps."""

import pytest
from playwright.sync_api import expect

from accounts.models import Correspondent
from articles.models import Article, ArticlePhoto, Photo

from ..factories import CorrespondentFactory, SectionFactory
from ..workflow_helpers import make_newsroom
from .review_steps import (
    log_in,
    message,
    open_from_dashboard,
    press,
    timeline_steps,
    write_opinion,
)
from .test_journey_bylines import byline_rows, pick_person
from .test_journey_photos import add_photo_row, jpeg_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [
    "11月20日，江城市总工会在城西工业园新建的职工服务站正式启用。",
    "服务站设有休息区、饮水点和手机充电柜，每天早七点到晚九点开放。",
    "市总工会表示，年内全市还将新建服务站十处。",
]
NOTE = "现场照片已核对；第三段数字来自市总工会通报。"


def test_a_reporter_files_a_story_and_sends_it_to_review(page, live_server, screenshot):
    people = make_newsroom()
    reporter = CorrespondentFactory(
        name="程立言", kind=Correspondent.Kind.STAFF, user=people.author
    )
    SectionFactory(name="本地新闻")

    log_in(page, live_server, "author")
    screenshot("j1-full-01-dashboard")
    page.get_by_role("link", name="写新稿件").click()
    page.locator("#id_headline").wait_for()

    # The headline block.
    page.fill("#id_kicker", "暖心驿站开到园区")
    page.fill("#id_headline", "城西工业园职工服务站启用")
    page.fill("#id_subtitle", "年内全市再建十处")

    # The section, from its autocomplete.
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("本地")
    page.locator(".select2-results__option", has_text="本地新闻").click()

    # Three paragraphs typed into the body editor.
    page.locator(".field-body .ProseMirror[contenteditable]").click()
    for number, paragraph in enumerate(PARAGRAPHS):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)

    # Tags as a Chinese editor types them.
    page.fill("#id_tags", "职工服务站，工会")

    # Byline: a 通讯员 made from the row's "+", then the reporter as 记者.
    first = byline_rows(page).nth(0)
    first.locator("select[name$='-role']").select_option(label="通讯员")
    with page.expect_popup() as popup_info:
        first.locator("a.add-related").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    expect(popup.locator("#id_kind")).to_have_value("correspondent")
    popup.fill("#id_name", "陆鸣")
    popup.locator("input[name=_save]").click()
    popup.wait_for_event("close")
    expect(first.locator(".select2-selection__rendered")).to_contain_text("陆鸣")
    page.locator("#credits-group tr.add-row a").click()
    second = byline_rows(page).nth(1)
    second.locator("select[name$='-role']").select_option(label="记者")
    pick_person(page, second, "程", "程立言")
    screenshot("j1-full-02-byline")

    # A photo uploaded from the story form's chooser, attached with a caption.
    row = add_photo_row(page)
    row.get_by_role("button", name="选择图片").click()
    dialog = page.locator("dialog.nr-chooser-dialog")
    dialog.get_by_text("上传新图片").click()
    dialog.locator("input[name=image]").set_input_files(
        jpeg_file("服务站.jpg", (60, 110, 160))
    )
    dialog.get_by_label("图片说明").fill("城西工业园职工服务站")
    dialog.get_by_label("替代文字").fill("职工在服务站里休息")
    screenshot("j1-full-03-photo-upload")
    dialog.get_by_role("button", name="上传并选用").click()
    expect(dialog).to_be_hidden()
    row.locator("textarea[name$='-caption']").fill("服务站启用首日，职工在此歇脚。")
    screenshot("j1-full-04-filled")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("j1-full-05-saved")

    story = Article.objects.get()
    assert (story.kicker, story.headline, story.subtitle) == (
        "暖心驿站开到园区",
        "城西工业园职工服务站启用",
        "年内全市再建十处",
    )
    assert story.section.name == "本地新闻"
    assert [f"<p>{p}</p>" for p in PARAGRAPHS] == [
        f"<p>{part}" for part in story.body.split("<p>")[1:]
    ]
    assert set(story.tags.names()) == {"职工服务站", "工会"}
    assert story.byline() == "通讯员 陆鸣 记者 程立言"
    assert Correspondent.objects.get(name="陆鸣").kind == "correspondent"
    use = ArticlePhoto.objects.get(article=story)
    assert use.caption == "服务站启用首日，职工在此歇脚。"
    assert use.photo == Photo.objects.get(caption="城西工业园职工服务站")
    # The chooser credited the uploader as the photographer.
    assert use.photo.credit_line() == "程立言 摄"
    assert reporter.credits.get(article=story).role == "reporter"

    # Reopened from the dashboard, the headline changed, saved again.
    page.get_by_role("link", name="首页").first.click()
    open_from_dashboard(page, "nr-dash-mine", "城西工业园职工服务站启用")
    page.fill("#id_headline", "城西工业园职工服务站启用 全天候为职工服务")
    screenshot("j1-full-06-reopened-edited")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    story.refresh_from_db()
    assert story.headline == "城西工业园职工服务站启用 全天候为职工服务"

    # Sent to review with a note; the timeline keeps it.
    write_opinion(page, NOTE)
    press(page, "提交审稿")
    screenshot("j1-full-07-submitted")
    assert "提交审稿，现在是“待审·初审”" in message(page)
    assert timeline_steps(page) == ["提交审稿"]
    expect(page.locator(".nr-timeline")).to_contain_text(NOTE)
    story.refresh_from_db()
    assert story.status == Article.Status.SUBMITTED
    assert story.events.get().comment == NOTE
    assert not page.console_errors, page.console_errors
