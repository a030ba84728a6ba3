"""The structure checker judges forms as Chromium does: on the same HTML,
the controls it calls formless are exactly those whose `.form` is null in
the browser, and the form start tags it calls dropped are the ones the
browser's DOM lacks. And the browser-side check fails a broken page."""

import re

import pytest

from ..html_structure import problems
from ..workflow_helpers import make_newsroom
from .conftest import _LIVE_STRUCTURE, assert_sound_page, served_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "clean": '<form id="f"><input name="a"><select name="b"></select>'
    '<textarea name="c"></textarea><button name="d">存</button></form>',
    "review-form-nested": '<form id="article_form"><section>'
    '<form class="nr-transition-form"><textarea name="comment"></textarea>'
    '<button name="action" value="approve">审签通过</button></form></section>'
    '<input name="headline"><input type="submit" name="_continue"></form>',
    "end-tag-inside-div": '<form id="f"><div><input name="a"></form>'
    '<input name="b"></div><input name="c">',
    "form-attribute": '<form id="review"></form><div id="x"></div>'
    '<input name="a" form="review"><input name="b" form="x">'
    '<input name="c" form="missing"><button form="gone">恢复</button>',
    "form-in-table": '<form id="outer"><table><form id="inner"><tr><td>'
    '<input name="a"></td></tr></table></form><input name="b">',
    "form-in-table-alone": '<table><form id="t"><tr><td><input name="a">'
    '</td></tr></table></form><input name="b">',
    "nested-deeper": '<div><form id="a"><div><form id="b"><input name="x"></form>'
    '<input name="y"></div><input name="z"></div><input name="w">',
    "form-attribute-to-dropped-form": '<form id="a"><form id="b"></form></form>'
    '<input name="x" form="b"><input name="y" form="a">',
    "unclosed-p": '<p><form id="f"><input name="a"></p><input name="b"></form>'
    '<input name="c">',
}


def serve(page, body):
    """Show `body` as if a server sent it (assert_sound_page reads it back)."""
    html = f"<!doctype html><html><head><title>t</title></head><body>{body}"
    url = "http://newsroom.test/page/"
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(url)
    return html


def formless_by_checker(html):
    return {
        re.search(r'(?:name|form)="([^"]+)"', line).group(1)
        for line in problems(html)
        if "outside any form" in line or "belongs to no form" in line
    }


@pytest.mark.parametrize("name", PAGES)
def test_checker_agrees_with_chromium(page, name):
    html = serve(page, PAGES[name])
    formless = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea, button")]
            .filter((el) => el.form === null)
            .map((el) => el.name || el.getAttribute("form"))"""
    )
    assert formless_by_checker(html) == set(formless)
    dropped = sum("the browser drops this start tag" in line for line in problems(html))
    assert page.evaluate("document.forms.length") == html.count("<form") - dropped


def test_the_browser_check_fails_a_page_with_a_stranded_save_button(page):
    serve(
        page,
        '<form id="article_form"><section><form action="/other/">'
        '<button name="action" value="x">审签通过</button></form></section>'
        '<input type="submit" name="_save"></form><p id="a"></p><p id="a"></p>',
    )
    with pytest.raises(AssertionError) as failure:
        assert_sound_page(page)
    report = str(failure.value)
    assert 'served: line 1: <form action="/other/"> inside' in report
    assert 'live: <input type="submit" name="_save"> belongs to no form' in report
    assert 'live: duplicate id "a" (2 elements)' in report


def test_the_browser_check_passes_a_sound_page(page):
    serve(page, PAGES["clean"])
    assert_sound_page(page)


def test_story_change_form_with_review_buttons_is_sound_in_chromium(
    page, live_server, login
):
    people = make_newsroom()
    story = people.story("stage1")
    login("editor")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    if not page.locator("button[name=_workflow]").count():
        pytest.fail("no review buttons on the page: this case checks nothing")
    assert page.evaluate(_LIVE_STRUCTURE) == []
    assert problems(served_html(page)) == []
