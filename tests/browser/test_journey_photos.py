"""Photos in the story form, by clicking and typing only: bulk upload then
attach from the chooser (journey 9), upload inside the chooser from the story
form (journey 1), a duplicate offered instead of a second copy, and the focal
point set by clicking on the picture."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts import roles
from articles.models import ArticlePhoto, Photo

from .. import images
from ..factories import ArticleFactory, PhotoFactory, SectionFactory, UserFactory
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg_file(name, colour, size=(240, 160)):
    return {
        "name": name,
        "mimeType": "image/jpeg",
        "buffer": images.jpeg(size=size, colour=colour),
    }


def open_story_from_list(page, headline):
    page.locator("tr.model-article th a").first.click()
    page.locator("#result_list").get_by_role("link", name=headline).click()
    page.locator("#id_headline").wait_for()


def add_photo_row(page):
    rows = page.locator("#article_photos-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#article_photos-group tr.add-row a").click()
    expect(rows).to_have_count(before + 1)
    return rows.nth(before)


def choose_in_dialog(page, query, caption_text):
    dialog = page.locator("dialog.nr-chooser-dialog")
    expect(dialog).to_be_visible()
    search = dialog.locator("input[name=q]")
    search.fill(query)
    item = dialog.locator(".nr-chooser-item", has_text=caption_text)
    expect(dialog.locator(".nr-chooser-count")).to_contain_text(query)
    return dialog, item


def test_bulk_upload_then_attach_two_from_the_story_chooser(
    page, live_server, login, screenshot
):
    reporter = UserFactory(username="reporter1", role=roles.REPORTER)
    ArticleFactory(created_by=reporter, headline="江城职工技能大赛落幕")
    login("reporter1")
    screenshot("j9-01-dashboard")

    # The photo library, 批量上传: three files at once.
    page.locator("tr.model-photo th a").first.click()
    page.get_by_role("link", name="批量上传").click()
    page.locator("#id_files").set_input_files(
        [
            jpeg_file("焊接.jpg", (200, 40, 40)),
            jpeg_file("车工.jpg", (40, 160, 40)),
            jpeg_file("电工.jpg", (40, 40, 200), size=(160, 240)),
        ]
    )
    page.fill("#id_caption", "江城职工技能大赛决赛现场")
    page.fill("#id_tags", "技能大赛，职工")
    screenshot("j9-02-bulk-upload-filled")
    page.locator("#photo_upload_form input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("已上传 3 张图片")
    expect(page.locator(".nr-uploaded-grid img")).to_have_count(3)
    expect(page.locator("#id_caption")).to_have_value("")  # ready for the next batch
    screenshot("j9-03-bulk-uploaded")
    assert Photo.objects.count() == 3
    first, second = Photo.objects.order_by("pk")[:2]

    # The story: two photo rows, each filled from the chooser.
    open_story_from_list(page, "江城职工技能大赛落幕")
    screenshot("j9-04-story-open")
    row = add_photo_row(page)
    row.get_by_role("button", name="选择图片").click()
    dialog, _ = choose_in_dialog(page, "技能大赛", "决赛现场")
    items = dialog.locator(".nr-chooser-item")
    expect(items).to_have_count(3)
    screenshot("j9-05-chooser-open")
    dialog.locator(f'.nr-chooser-item[data-photo-id="{first.pk}"]').click()
    expect(dialog).to_be_hidden()
    expect(row.locator(".nr-chooser__thumb")).to_be_visible()
    expect(row.get_by_role("button", name="更换")).to_be_visible()
    row.locator("textarea[name$='-caption']").fill("焊工组选手在决赛中。")

    row2 = add_photo_row(page)
    row2.get_by_role("button", name="选择图片").click()
    dialog, _ = choose_in_dialog(page, "职工", "决赛现场")
    dialog.locator(f'.nr-chooser-item[data-photo-id="{second.pk}"]').click()
    expect(dialog).to_be_hidden()
    row2.locator("textarea[name$='-caption']").fill("车工组选手在测量零件。")
    # A third row, chosen then taken back with 移除: the unsaved row goes.
    row3 = add_photo_row(page)
    row3.get_by_role("button", name="选择图片").click()
    dialog, _ = choose_in_dialog(page, "技能", "决赛现场")
    dialog.locator(".nr-chooser-item").last.click()
    row3.get_by_role("button", name="移除").click()
    expect(
        page.locator("#article_photos-group tr.form-row:not(.empty-form)")
    ).to_have_count(2)
    screenshot("j9-06-two-photos-chosen")

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("j9-07-saved-reopened")
    uses = list(ArticlePhoto.objects.order_by("position"))
    assert [(u.photo_id, u.caption, u.position) for u in uses] == [
        (first.pk, "焊工组选手在决赛中。", 1),
        (second.pk, "车工组选手在测量零件。", 2),
    ]
    saved_rows = page.locator("#article_photos-group tr.form-row.has_original")
    expect(saved_rows).to_have_count(2)
    expect(saved_rows.nth(0).locator(".nr-chooser__thumb")).to_be_visible()
    expect(saved_rows.nth(0).locator("textarea")).to_have_value("焊工组选手在决赛中。")

    # The preview shows both, in order, with their captions.
    with page.context.expect_page() as preview_info:
        page.get_by_role("link", name="预览").click()
    preview = preview_info.value
    preview.wait_for_load_state()
    captions = preview.locator("figure figcaption")
    expect(captions).to_have_count(2)
    expect(captions.nth(0)).to_contain_text("焊工组选手在决赛中。")
    expect(captions.nth(1)).to_contain_text("车工组选手在测量零件。")
    preview.screenshot(path=ARTIFACTS / "j9-08-preview.png", full_page=True)

    # 移除 on a saved photo takes it out of the story on the next save.
    saved_rows.nth(0).get_by_role("button", name="移除").click()
    expect(saved_rows.nth(0)).to_have_class(re.compile("nr-removed"))
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("j9-09-one-removed")
    assert [(u.photo_id, u.position) for u in ArticlePhoto.objects.all()] == [
        (second.pk, 1)
    ]
    assert Photo.objects.count() == 3  # the library keeps it
    assert not page.console_errors, page.console_errors


def test_reporter_uploads_a_photo_inside_the_chooser_and_attaches_it(
    page, live_server, login, screenshot
):
    UserFactory(username="reporter1", role=roles.REPORTER)
    SectionFactory(name="要闻")
    login("reporter1")
    page.locator("#content-main tr.model-article a.addlink").click()
    page.fill("#id_headline", "职工书屋开门迎客")
    row = add_photo_row(page)
    row.get_by_role("button", name="选择图片").click()
    dialog = page.locator("dialog.nr-chooser-dialog")
    expect(dialog.locator(".nr-chooser-empty")).to_be_visible()  # empty library
    dialog.get_by_text("上传新图片").click()
    dialog.locator("input[name=image]").set_input_files(
        jpeg_file("书屋.jpg", (120, 90, 30))
    )
    dialog.get_by_label("图片说明").fill("职工在书屋里读书")
    dialog.get_by_label("替代文字").fill("几名职工坐在书架前看书")
    screenshot("j1-photo-01-upload-in-chooser")
    dialog.get_by_role("button", name="上传并选用").click()
    expect(dialog).to_be_hidden()
    photo = Photo.objects.get()
    assert photo.uploaded_by.username == "reporter1"
    expect(row.locator(".nr-chooser__title")).to_have_text("职工在书屋里读书")
    expect(row.locator("input[type=hidden][name$='-photo']")).to_have_value(
        str(photo.pk)
    )
    row.locator("textarea[name$='-caption']").fill("书屋开放首日。")
    screenshot("j1-photo-02-attached")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("j1-photo-03-reopened")
    use = ArticlePhoto.objects.get()
    assert (use.photo, use.caption, use.article.headline) == (
        photo,
        "书屋开放首日。",
        "职工书屋开门迎客",
    )
    saved = page.locator("#article_photos-group tr.form-row.has_original")
    expect(saved).to_have_count(1)
    expect(saved.locator(".nr-chooser__title")).to_have_text("职工在书屋里读书")
    assert not page.console_errors, page.console_errors


def test_chooser_upload_refusals_keep_the_form_and_offer_the_existing_photo(
    page, live_server, login, screenshot
):
    reporter = UserFactory(username="reporter1", role=roles.REPORTER)
    same = images.jpeg(size=(200, 150), colour=(10, 120, 200))
    from django.core.files.base import ContentFile

    existing = PhotoFactory(
        image=ContentFile(same, name="lake.jpg"), caption="东湖晨景"
    )
    ArticleFactory(created_by=reporter, headline="东湖绿道开通")
    login("reporter1")
    open_story_from_list(page, "东湖绿道开通")
    row = add_photo_row(page)
    row.get_by_role("button", name="选择图片").click()
    dialog = page.locator("dialog.nr-chooser-dialog")
    dialog.get_by_text("上传新图片").click()

    # Not an image: refused in Chinese, the typed caption stays.
    dialog.locator("input[name=image]").set_input_files(
        {"name": "假图.jpg", "mimeType": "image/jpeg", "buffer": b"just some text"}
    )
    dialog.get_by_label("图片说明").fill("绿道上的骑行者")
    dialog.get_by_role("button", name="上传并选用").click()
    errors = dialog.locator("[data-field=image] .errorlist")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("图片")
    expect(dialog.get_by_label("图片说明")).to_have_value("绿道上的骑行者")
    screenshot("photo-chooser-not-an-image")

    # The same file as a photo already in the library: use that one.
    dialog.locator("input[name=image]").set_input_files(
        {"name": "again.jpg", "mimeType": "image/jpeg", "buffer": same}
    )
    dialog.get_by_role("button", name="上传并选用").click()
    expect(errors).to_contain_text("已经上传过")
    use_existing = dialog.get_by_role("button", name="选用这张已上传的图片")
    expect(use_existing).to_be_visible()
    screenshot("photo-chooser-duplicate")
    axe = Axe().run(page, context="dialog.nr-chooser-dialog")
    assert axe.violations_count == 0, axe.generate_report()
    use_existing.click()
    expect(dialog).to_be_hidden()
    expect(row.locator("input[type=hidden][name$='-photo']")).to_have_value(
        str(existing.pk)
    )
    assert Photo.objects.count() == 1
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    assert ArticlePhoto.objects.get().photo == existing
    assert not page.console_errors, page.console_errors


def test_focal_point_is_set_by_clicking_on_the_picture(
    page, live_server, login, screenshot
):
    UserFactory(username="desk1", role=roles.DESK_CHIEF)
    photo = PhotoFactory(
        image=images.upload(images.jpeg(size=(400, 300)), "wide.jpg"),
        caption="江堤上的巡查员",
    )
    login("desk1")
    page.locator("tr.model-photo th a").first.click()
    page.get_by_role("link", name="江堤上的巡查员").first.click()
    picture = page.locator(".nr-focal")
    expect(picture).to_be_visible()
    expect(page.locator(".nr-focal-status")).to_contain_text("未设焦点")
    picture.scroll_into_view_if_needed()
    box = picture.locator("img").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    expect(page.locator(".nr-focal__marker")).to_be_visible()
    expect(page.locator(".nr-focal-status")).to_contain_text("距左 25%")
    screenshot("focal-01-clicked")
    # From the keyboard: one step right (5 %).
    picture.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".nr-focal-status")).to_contain_text("距左 30%")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("focal-02-saved")
    photo.refresh_from_db()
    assert photo.focal_x == pytest.approx(0.30, abs=0.02)
    assert photo.focal_y == pytest.approx(0.75, abs=0.02)
    expect(page.locator(".nr-focal-status")).to_contain_text("距上 75%")
    assert not page.console_errors, page.console_errors


def test_focal_point_can_be_set_before_the_first_save(
    page, live_server, login, screenshot
):
    UserFactory(username="desk1", role=roles.DESK_CHIEF)
    login("desk1")
    page.locator("#content-main tr.model-photo a.addlink").click()
    picture = page.locator(".nr-focal")
    expect(picture).to_be_hidden()  # nothing to click on yet
    page.locator("input[name=image]").set_input_files(
        jpeg_file("桥.jpg", (90, 90, 160), size=(300, 200))
    )
    expect(picture).to_be_visible()
    page.fill("#id_caption", "新建成的江心大桥")
    picture.scroll_into_view_if_needed()
    box = picture.locator("img").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4)
    expect(page.locator(".nr-focal-status")).to_contain_text("距左 60%")
    screenshot("focal-03-before-first-save")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    photo = Photo.objects.get()
    assert photo.caption == "新建成的江心大桥"
    assert photo.focal_x == pytest.approx(0.6, abs=0.02)
    assert photo.focal_y == pytest.approx(0.4, abs=0.02)
    assert not page.console_errors, page.console_errors
