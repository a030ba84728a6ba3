"""The printed paper in the browser: an editor builds a page, places a story
on it and draws its 热区; a reader browses the e-paper by keyboard on a
phone. By clicking, dragging and typing only; factories set the start."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from accounts import roles
from articles.models import Edition, Hotspot, Page

from ..epaper_helpers import TINY_PDF, make_page, page_png
from ..factories import ArticleFactory, PublishedArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/nr/shots/epaper")
DAY = datetime.date(2022, 11, 30)


@pytest.fixture
def shot(screenshot):
    """The suite's screenshot (and its page checks), kept for the topic too."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = screenshot(f"epaper-{name}")
        shutil.copy(path, SHOTS / f"{name}.png")

    return take


def test_an_editor_builds_a_page_and_draws_a_hotspot_for_a_story(
    page, live_server, login, shot, tmp_path
):
    editor = UserFactory(username="banmian", role=roles.EDITOR, last_name="程")
    Edition.objects.create(date=DAY, number=1234)
    story = ArticleFactory(headline="江城新增服务站十个", created_by=editor)
    image = tmp_path / "第2版.png"
    image.write_bytes(page_png((600, 840)))

    login("banmian")
    page.goto(f"{live_server.url}/admin/articles/page/add/")
    page.get_by_label("期次").select_option(label="2022年11月30日（总第1234期）")
    page.get_by_label("版次").fill("2")
    page.get_by_label("版名").fill("本地新闻")
    page.get_by_label("责任编辑").fill("程雅琴")
    page.get_by_role("group", name="版面图片").locator(
        "input[type=file]"
    ).set_input_files(image)
    shot("admin-01-new-page")
    page.get_by_role("button", name="保存并继续编辑").click()
    page.get_by_text("保存后").or_(page.locator(".messagelist")).first.wait_for()

    # The story goes on the page from its own form (见报).
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.get_by_label("见报版面").select_option(label="2022-11-30 第2版 本地新闻")
    page.get_by_label("版面位置").fill("1")
    page.get_by_role("button", name="保存并继续编辑").click()
    page.locator(".messagelist").wait_for()

    # Back on the page's form: drag a rectangle over the lead story's block.
    paper = Page.objects.get()
    page.goto(f"{live_server.url}/admin/articles/page/{paper.pk}/change/")
    canvas = page.locator("[data-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.3)
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.35)
    page.mouse.up()
    page.get_by_label("热区 1", exact=True).select_option(label="1．江城新增服务站十个")
    shot("admin-02-hotspot-drawn")
    # A slip of the mouse: drawn, then deleted.
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.7)
    page.mouse.up()
    page.get_by_role("button", name="删除热区 2").click()
    assert page.locator(".hotspot-tool__rect").count() == 1
    page.get_by_role("button", name="保存并继续编辑").click()
    page.locator(".messagelist").wait_for()
    shot("admin-03-saved")

    (spot,) = Hotspot.objects.all()
    assert spot.article == story and spot.page == paper
    assert abs(spot.left - 0.1) < 0.02 and abs(spot.top - 0.2) < 0.02
    assert abs(spot.width - 0.8) < 0.02 and abs(spot.height - 0.15) < 0.02
    # The form shows the stored 热区 again.
    assert page.locator(".hotspot-tool__rect").count() == 1


def tab_to(page, text, *, limit=60):
    """Press Tab until the focused element's text or name holds `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || '') + '|' + "
            "(document.activeElement.getAttribute('aria-label') || '')"
        )
        if text in focused:
            return
    raise AssertionError(f"Tab never reached {text}")


def test_a_reader_browses_the_e_paper_by_keyboard_on_a_phone(
    browser, live_server, shot
):
    paper = make_page(DAY, 2, name="本地新闻", editor_name="程雅琴", issue=1234)
    make_page(DAY, 1, name="要闻")
    paper.image.save("page.png", ContentFile(page_png((600, 840))), save=False)
    paper.pdf.save("page.pdf", ContentFile(TINY_PDF))
    lead = PublishedArticleFactory(
        headline="江城新增服务站十个", page=paper, page_position=1
    )
    PublishedArticleFactory(headline="职工书屋再添新书", page=paper, page_position=2)
    draft = ArticleFactory(headline="尚未发布的稿件", page=paper, page_position=3)
    for article, top in ((lead, 0.1), (draft, 0.5)):
        Hotspot.objects.create(
            page=paper, article=article, left=0.05, top=top, width=0.9, height=0.2
        )

    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 812}, has_touch=True
    )
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/epaper/")
        tab_to(phone, "2022年11月30日")
        phone.keyboard.press("Enter")
        phone.wait_for_url("**/epaper/2022/11/30/")
        tab_to(phone, "第2版 本地新闻")
        phone.keyboard.press("Enter")
        phone.wait_for_url("**/epaper/2022/11/30/2/")
        # The 热区 links only the live story, named by its headline.
        spots = phone.locator("a.epaper-spot")
        assert spots.count() == 1
        assert spots.first.inner_text() == "江城新增服务站十个"
        assert "尚未发布的稿件" not in phone.content()
        listed = phone.locator(".epaper-page__list a").all_inner_texts()
        assert listed == ["江城新增服务站十个", "职工书屋再添新书"]
        assert phone.get_by_role("link", name="下载本版 PDF").is_visible()
        tab_to(phone, "江城新增服务站十个")
        assert phone.evaluate("document.activeElement.className") == "epaper-spot"
        phone.screenshot(
            path=SHOTS / "reader-01-page-hotspot-focused.png", full_page=True
        )
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the page scrolls sideways ({width}px)"
        phone.keyboard.press("Enter")
        phone.wait_for_url(f"**{lead.get_absolute_url()}")
        assert (
            "见报：2022年11月30日 第2版 本地新闻"
            in phone.locator(".story__print").inner_text()
        )
        phone.screenshot(path=SHOTS / "reader-02-story.png", full_page=True)
    finally:
        context.close()
