"""A published story's photo follows the chain, by clicking and typing only:
a reporter opens the photo in the library, edits its caption, saves, and is
refused in Chinese with what they typed kept; the 总编辑 makes the same
change, and the story's timeline and the reader's page show it."""

import pytest
from playwright.sync_api import expect

from articles import photos
from articles.models import Photo

from ..factories import ArticlePhotoFactory, PhotoFactory
from ..workflow_helpers import make_newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD_CAPTION = "11月21日，江城职工技能大赛焊工决赛现场。"
NEW_CAPTION = "11月21日，江城职工技能大赛焊工决赛颁奖现场。"


def log_out(page):
    page.locator("#logout-form button").click()
    page.wait_for_load_state()


def open_photo_from_library(page, caption):
    page.locator("tr.model-photo th a").first.click()
    page.locator("#result_list").get_by_role("link", name=caption).click()
    page.locator("#id_caption").wait_for()


def test_a_live_storys_photo_is_changed_only_by_the_chief_editor_and_recorded(
    page, login, screenshot
):
    people = make_newsroom()
    article = people.story("published", headline="江城职工技能大赛落幕")
    photo = PhotoFactory(caption=OLD_CAPTION, alt_text="焊工在操作台前焊接")
    photos.make_renditions(photo)
    ArticlePhotoFactory(article=article, photo=photo, position=1)

    # A reporter opens the photo: the page says who may change it.
    login(people.reporter.username)
    open_photo_from_library(page, OLD_CAPTION)
    expect(page.locator(".messagelist")).to_contain_text("只有有发布权限的人")
    expect(page.locator(".messagelist")).to_contain_text("《江城职工技能大赛落幕》")
    screenshot("live-photo-01-reporter-opens")

    page.locator("#id_caption").fill(NEW_CAPTION)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("form .errorlist.nonfield")).to_contain_text(
        "所以没有保存。您填写的内容仍在表单里"
    )
    expect(page.locator("#id_caption")).to_have_value(NEW_CAPTION)
    screenshot("live-photo-02-reporter-refused")
    assert Photo.objects.get(pk=photo.pk).caption == OLD_CAPTION

    # The 总编辑 makes the same change: saved, and recorded on the story.
    log_out(page)
    login(people.chief.username)
    open_photo_from_library(page, OLD_CAPTION)
    expect(page.locator(".messagelist")).to_contain_text("记入这些稿件的流转记录")
    page.locator("#id_caption").fill(NEW_CAPTION)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    messages = page.locator(".messagelist")
    expect(messages).to_contain_text("已记入使用这张图片的 1 篇稿件的流转记录")
    screenshot("live-photo-03-chief-saved")

    # The story's timeline shows what changed, before and after.
    page.get_by_role("link", name="首页").first.click()
    page.locator("tr.model-article th a").first.click()
    page.locator("#result_list").get_by_role(
        "link", name="江城职工技能大赛落幕"
    ).click()
    timeline = page.locator("section.nr-timeline")
    row = timeline.locator("tr", has_text="图片库中修改本稿图片")
    expect(row).to_contain_text(people.chief.username)
    expect(row).to_contain_text(f"“{OLD_CAPTION}”→“{NEW_CAPTION}”")
    row.scroll_into_view_if_needed()
    screenshot("live-photo-04-story-timeline")

    # And the reader's page has it.
    page.locator(".object-tools").get_by_role("link", name="在站点上查看").click()
    page.wait_for_load_state()
    expect(page.locator("figcaption").first).to_contain_text(NEW_CAPTION)
    screenshot("live-photo-05-reader-page")
