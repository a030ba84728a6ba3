"""The demo newsroom's 数字报: one edition with its pages, drawn page images,
the published stories placed on them and 热区 on their blocks — made once,
however often the demo runs."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from articles.demo import epaper as demo_epaper
from articles.demo import page_image
from articles.models import Article, Edition, Hotspot, Page

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "editions": list(Edition.objects.values_list("date", "number")),
        "pages": list(
            Page.objects.values_list("number", "name", "editor_name", "image")
        ),
        "hotspots": list(
            Hotspot.objects.values_list(
                "page__number", "article__headline", "left", "top", "width", "height"
            )
        ),
        "placed": list(
            Article.objects.filter(page__isnull=False)
            .order_by("pk")
            .values_list("headline", "page__number", "page_position", "version")
        ),
    }


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_the_demo_makes_its_e_paper_once_and_readers_can_open_it(client, media_root):
    call_command("demo", "--password", "demo-password-1", stdout=StringIO())
    edition = Edition.objects.get()
    assert edition.number == demo_epaper.ISSUE
    assert edition.date < timezone.localdate()
    pages = list(edition.pages.all())
    assert [(p.number, p.name, p.editor_name) for p in pages] == [
        (number, name, editor) for number, name, editor, _ in demo_epaper.PAGES
    ]
    for page, (_n, _name, _editor, headlines) in zip(
        pages, demo_epaper.PAGES, strict=True
    ):
        placed = list(page.articles.order_by("page_position"))
        assert [a.headline for a in placed] == headlines
        assert [a.page_position for a in placed] == list(range(1, len(headlines) + 1))
        assert all(a.print_date == edition.date for a in placed)
        with Image.open(page.image.path) as image:
            assert image.size == (page.image_width, page.image_height)
        spots = {spot.article_id: spot for spot in page.hotspots.all()}
        assert set(spots) == {a.pk for a in placed}
        for spot in spots.values():
            spot.full_clean()  # inside the image, not a slip of the mouse

    assert edition.get_absolute_url() in client.get("/epaper/").content.decode()
    assert client.get(edition.get_absolute_url()).status_code == 200
    front = client.get(pages[0].get_absolute_url())
    assert front.status_code == 200
    html = front.content.decode()
    assert pages[0].image.url in html
    for spot in pages[0].hotspots.all():
        assert (
            f'<a class="epaper-spot" href="{spot.article.get_absolute_url()}" '
            f'style="{spot.style()}">' in html
        )
    assert "责任编辑：周明远" in html

    before = snapshot()
    call_command("demo", "--password", "demo-password-1", stdout=StringIO())
    assert snapshot() == before


def test_a_hotspot_sits_on_each_drawn_block():
    stories = [page_image.Story("头条", photo=True), page_image.Story("二条")]
    stories += [page_image.Story(f"第{n}篇") for n in range(3, 6)]
    picture, boxes = page_image.draw_page(
        stories, paper="演示报", front=True, lines=["第1版 要闻"]
    )
    assert len(boxes) == len(stories)
    with Image.open(BytesIO(picture)) as image:
        pixels = image.convert("RGB")
        for left, top, width, height in boxes:
            # The block's corner is block grey, the paper just outside it is not.
            x, y = int(left * image.width) + 2, int(top * image.height) + 2
            assert pixels.getpixel((x, y)) == page_image.BLOCK
            assert pixels.getpixel((x - 6, y - 6)) == page_image.PAPER
            x = int((left + width) * image.width) - 3
            y = int((top + height) * image.height) - 3
            assert pixels.getpixel((x, y)) == page_image.BLOCK
            assert pixels.getpixel((x + 6, y + 6)) == page_image.PAPER
    for one in range(len(boxes)):
        for other in range(one + 1, len(boxes)):
            a, b = boxes[one], boxes[other]
            apart = (
                a[0] + a[2] <= b[0]
                or b[0] + b[2] <= a[0]
                or a[1] + a[3] <= b[1]
                or b[1] + b[3] <= a[1]
            )
            assert apart, (a, b)


def test_without_a_cjk_font_the_page_has_blocks_only(monkeypatch):
    monkeypatch.setattr(page_image, "cjk_font_path", lambda: None)
    picture, boxes = page_image.draw_page(
        [page_image.Story("没有字体也能画")], paper="演示报", front=False, lines=[]
    )
    assert len(boxes) == 1
    left, top, _width, _height = boxes[0]
    with Image.open(BytesIO(picture)) as image:
        # A dark bar stands where the headline would be written.
        x, y = int(left * image.width) + 30, int(top * image.height) + 30
        assert image.convert("RGB").getpixel((x, y)) == page_image.INK


def test_a_date_that_already_has_an_edition_is_left_alone(media_root):
    day = timezone.localdate() - timezone.timedelta(days=1)
    Edition.objects.create(date=day, number=17)
    assert demo_epaper.make(UserFactory()) == 0
    assert Edition.objects.get().number == 17 and not Page.objects.exists()
