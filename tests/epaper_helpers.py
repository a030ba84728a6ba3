"""Editions, pages and page files for the e-paper tests."""

import datetime
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from articles.models import Edition, Page

#: A small but real PDF: one empty page, with its cross-reference table.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 420]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def page_png(size=(300, 420)) -> bytes:
    """A page image with grey blocks where stories are printed."""
    image = Image.new("RGB", size, (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, size[0] - 10, 60), fill=(180, 30, 30))
    for top in range(80, size[1] - 40, 90):
        draw.rectangle((15, top, size[0] - 15, top + 70), fill=(200, 200, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def make_page(day=datetime.date(2022, 11, 30), number=2, *, image=True, **fields):
    edition, _ = Edition.objects.get_or_create(
        date=day, defaults={"number": fields.pop("issue", None)}
    )
    fields.setdefault("name", "本地新闻")
    page = Page(edition=edition, number=number, **fields)
    if image:
        page.image.save("page.png", ContentFile(page_png()), save=False)
        page.image_width, page.image_height = 300, 420
    page.save()
    return page
