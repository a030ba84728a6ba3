"""The public article page serves responsive renditions, and what a reader's
browser downloads carries no GPS position."""

import io

import pytest
from PIL import Image

from articles import photos as images
from articles.reader import cache as page_cache

from .. import images as files
from ..factories import (
    ArticlePhotoFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_page_serves_srcset_renditions_without_gps(
    page, live_server, screenshot
):
    photo = PhotoFactory(
        image=files.upload(
            files.jpeg_with_exif(gps=True, size=(1600, 1000)), "gps.jpg"
        ),
        caption="焊工决赛现场。",
        alt_text="焊工在操作台前焊接",
    )
    CreditFactory(photo=photo, correspondent__name="陈立新", role="photo")
    article = PublishedArticleFactory(kind="photo", headline="技能比武展风采", body="")
    ArticlePhotoFactory(article=article, photo=photo)
    page_cache.purge()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + article.get_absolute_url())
    image = page.locator("figure.story__photo img")
    image.wait_for()
    page.wait_for_function("document.querySelector('figure.story__photo img').complete")
    assert image.get_attribute("width") == "1600"
    assert image.get_attribute("height") == "1000"
    assert "320w" in image.get_attribute("srcset")
    webp = page.locator("figure.story__photo source[type='image/webp']")
    assert "1280w" in webp.get_attribute("srcset")
    served_url = image.evaluate("img => img.currentSrc")
    assert "/photos/" in served_url and photo.image.url not in served_url
    body = page.request.get(served_url).body()
    served = Image.open(io.BytesIO(body))
    assert served.width in images.rendition_widths(photo) and served.width < 1600
    assert not served.getexif().get_ifd(0x8825)
    assert (
        Image.open(photo.image.open("rb")).getexif().get_ifd(0x8825)
    )  # the original has it
    assert "陈立新 摄" in page.locator("figcaption").inner_text()
    screenshot("photo-news-375")
    assert not page.console_errors, page.console_errors
