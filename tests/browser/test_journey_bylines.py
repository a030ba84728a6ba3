"""Bylines in the story form, by clicking and typing only: a person created
from the "+" of a 通讯员 row (the popup starts as 通讯员), rows put in order by
dragging and from the keyboard, new rows at the end."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Correspondent
from articles.models import Article

from ..factories import CorrespondentFactory, UserFactory
from .conftest import ARTIFACTS, assert_sound_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def byline_rows(page):
    return page.locator("#credits-group tr.form-row:not(.empty-form)")


def pick_person(page, row, typed, name):
    row.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=name).click()
    expect(row.locator(".select2-selection__rendered")).to_contain_text(name)


def names_in_order(page):
    return byline_rows(page).locator(".select2-selection__rendered").all_inner_texts()


def test_reporter_builds_a_byline_by_adding_a_person_and_dragging(
    page, live_server, login, screenshot
):
    UserFactory(username="reporter1", role=roles.REPORTER)
    CorrespondentFactory(name="程立言", kind=Correspondent.Kind.STAFF)
    login("reporter1")
    page.locator("#content-main tr.model-article a.addlink").click()
    page.fill("#id_headline", "职工服务站开到工地旁")

    # Row 1: 记者 程立言, chosen from the people already there.
    first = byline_rows(page).nth(0)
    first.locator("select[name$='-role']").select_option(label="记者")
    pick_person(page, first, "程", "程立言")

    # Row 2, added at the end: a 通讯员 not yet in the system, made with "+".
    page.locator("#credits-group tr.add-row a").click()
    expect(byline_rows(page)).to_have_count(2)
    second = byline_rows(page).nth(1)
    second.locator("select[name$='-role']").select_option(label="通讯员")
    with page.expect_popup() as popup_info:
        second.locator("a.add-related").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.served = None  # checked as fetched again (conftest.served_html)
    assert_sound_page(popup)
    expect(popup.locator("#id_kind")).to_have_value("correspondent")
    popup.fill("#id_name", "陆鸣")
    popup.screenshot(path=ARTIFACTS / "byline-02-popup-defaults-to-correspondent.png")
    popup.locator("input[name=_save]").click()
    popup.wait_for_event("close")
    expect(second.locator(".select2-selection__rendered")).to_contain_text("陆鸣")
    person = Correspondent.objects.get(name="陆鸣")
    assert person.kind == Correspondent.Kind.CORRESPONDENT
    screenshot("byline-03-two-rows")

    # The paper prints the correspondent first: drag 陆鸣's row to the top.
    handle = second.locator(".nr-order__handle")
    target = first.bounding_box()
    handle.hover()
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 4, steps=8)
    page.mouse.up()
    assert names_in_order(page) == ["陆鸣", "程立言"]
    expect(page.locator("#credits-group .nr-order-status")).to_contain_text(
        "“陆鸣”已移到第 1 位"
    )
    screenshot("byline-04-dragged")

    # From the keyboard: 下移 then 上移 on the same row, focus stays with it.
    down = byline_rows(page).nth(0).locator(".nr-order__down")
    down.focus()
    page.keyboard.press("Enter")
    assert names_in_order(page) == ["程立言", "陆鸣"]
    expect(page.locator("#credits-group .nr-order-status")).to_contain_text(
        "已移到第 2 位"
    )
    page.keyboard.press("Shift+Tab")  # from 下移 back to 上移 of the moved row
    page.keyboard.press("Enter")
    assert names_in_order(page) == ["陆鸣", "程立言"]

    # A new row comes last, and a blank one is left alone on saving.
    page.locator("#credits-group tr.add-row a").click()
    expect(byline_rows(page)).to_have_count(3)
    screenshot("byline-05-before-save")
    # Everything in the rows is named; select2's inner read-only "textbox"
    # (Django's vendored widget, named by its combobox) is its own matter.
    axe = Axe().run(
        page,
        context={
            "include": [["#credits-group"], ["#article_photos-group"]],
            "exclude": [[".select2-selection__rendered"]],
        },
    )
    assert axe.violations_count == 0, axe.generate_report()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot("byline-06-reopened")
    article = Article.objects.get()
    assert article.byline() == "通讯员 陆鸣 记者 程立言"
    assert [c.position for c in article.credits.all()] == [1, 2]
    assert names_in_order(page)[:2] == ["陆鸣", "程立言"]
    assert not page.console_errors, page.console_errors
