"""Journey 6: a correspondent (通讯员) logs in, files a story with a photo,
submits it, and follows it from their own dashboard until an editor, in
another browser, sends it back; then they read why. By clicking and typing
only."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Correspondent
from articles.models import Article, ArticlePhoto, Photo
from articles.text import count_characters

from .. import images
from ..factories import ArticleFactory, SectionFactory, UserFactory
from .review_steps import (
    dashboard_list,
    open_from_dashboard,
    press,
    write_opinion,
)
from .test_journey_desk import log_in, second_page, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "青山镇职工书屋开门迎客"
BODY = [
    "11月24日，青山镇职工书屋正式开放，藏书三千余册。",
    "书屋每天开放到晚上九点，方便倒班职工借阅。",
]


def test_a_correspondent_files_with_a_photo_submits_and_follows_it_back(
    browser, page, live_server, login, screenshot
):
    xu = UserFactory(username="xuwenjing", role=roles.CORRESPONDENT)
    Correspondent.objects.create(
        name="许文静", kind=Correspondent.Kind.CORRESPONDENT, user=xu
    )
    UserFactory(username="songyutong", role=roles.EDITOR)
    SectionFactory(name="基层动态")
    ArticleFactory(headline="别人的稿件：不该出现在通讯员的列表里")

    login("xuwenjing")
    mine = dashboard_list(page, "nr-dash-mine")
    expect(mine).to_contain_text("您还没有稿件")
    screenshot("j6-01-dashboard-empty")

    # A new story: headline block, body typed into the editor.
    page.locator("#content-main tr.model-article a.addlink").click()
    page.fill("#id_kicker", "农家书屋升级")
    page.fill("#id_headline", HEADLINE)
    page.locator(".field-body .ProseMirror[contenteditable]").click()
    for number, paragraph in enumerate(BODY):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)
    characters = count_characters("".join(f"<p>{p}</p>" for p in BODY))
    expect(page.locator(".field-char_count .readonly")).to_have_text(str(characters))

    # A photo, uploaded inside the chooser and attached with a caption.
    page.locator("#article_photos-group tr.add-row a").click()
    row = page.locator("#article_photos-group tr.form-row.dynamic-article_photos")
    row = row.last
    row.get_by_role("button", name="选择图片").click()
    dialog = page.locator("dialog.nr-chooser-dialog")
    dialog.get_by_text("上传新图片").click()
    dialog.locator("input[name=image]").set_input_files(
        {
            "name": "书屋.jpg",
            "mimeType": "image/jpeg",
            "buffer": images.jpeg(size=(240, 160), colour=(90, 120, 60)),
        }
    )
    dialog.get_by_label("图片说明").fill("职工在书屋里挑书")
    dialog.get_by_label("替代文字").fill("两名职工站在书架前翻书")
    screenshot("j6-02-photo-upload")
    dialog.get_by_role("button", name="上传并选用").click()
    expect(dialog).to_be_hidden()
    row.locator("textarea[name$='-caption']").fill("书屋开放首日，职工前来借书。")
    screenshot("j6-03-story-filled")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("j6-04-saved")

    # Submit with a note for the reviewers.
    write_opinion(page, "照片为本人所摄，可用。")
    press(page, "提交审稿")
    screenshot("j6-05-submitted")
    expect(page.locator(".nr-state")).to_contain_text("待审")

    # Their own dashboard follows it; the list shows only their own work.
    page.get_by_role("link", name="首页").first.click()
    mine = dashboard_list(page, "nr-dash-mine")
    expect(mine).to_contain_text(HEADLINE)
    expect(mine).to_contain_text("待审·初审")
    screenshot("j6-06-dashboard-submitted")
    page.goto(f"{live_server.url}/admin/articles/article/")
    expect(page.locator("#result_list")).to_contain_text(HEADLINE)
    expect(page.locator("#result_list")).not_to_contain_text("别人的稿件")

    # An editor, in a browser of their own, sends it back with a reason.
    context, desk = second_page(browser)
    try:
        log_in(desk, live_server, "songyutong")
        open_from_dashboard(desk, "nr-dash-awaiting", HEADLINE)
        write_opinion(desk, "请补充书屋的开放时间和借阅办法，照片说明写明地点。")
        shoot(desk, "j6-07-editor-sends-back")
        press(desk, "退回修改")
        expect(desk.locator(".nr-state")).to_contain_text("退回")
    finally:
        context.close()

    # The correspondent sees it come back, and why.
    page.get_by_role("link", name="首页").first.click()
    mine = dashboard_list(page, "nr-dash-mine")
    expect(mine).to_contain_text("退回")
    expect(mine).to_contain_text("请补充书屋的开放时间")
    screenshot("j6-08-dashboard-returned")
    open_from_dashboard(page, "nr-dash-mine", HEADLINE)
    banner = page.locator(".nr-sent-back")
    expect(banner).to_contain_text("请补充书屋的开放时间和借阅办法，照片说明写明地点。")
    screenshot("j6-09-story-returned")

    story = Article.objects.get(headline=HEADLINE)
    assert story.created_by == xu
    assert story.status == Article.Status.RETURNED
    assert story.char_count == characters
    use = ArticlePhoto.objects.get(article=story)
    assert use.caption == "书屋开放首日，职工前来借书。"
    assert use.photo == Photo.objects.get(caption="职工在书屋里挑书")
    assert [e.action for e in story.events.all()] == ["submit", "send_back"]
    assert story.events.get(action="submit").comment == "照片为本人所摄，可用。"
