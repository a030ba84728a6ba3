"""The stored original is the image alone: every upload path keeps its
pixels, colour profile and EXIF, and drops comments, text, foreign metadata
and trailing bytes; the media origin serves it typed by its content and as a
download (articles.photos.originals, articles.photos.adding)."""

import io
import random
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image, ImageCms

from accounts import roles
from articles import photos
from articles.models import Photo
from articles.photos.originals import clean_original
from articles.photos.views import media_view

from . import images as files
from .factories import PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = re.compile(rb"<\s*(img|html|body|x:xmpmeta)|onerror", re.IGNORECASE)


@pytest.fixture
def desk(client):
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    return client


def add(client, data, name):
    return client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": files.upload(data, name, content_type="text/html"),
            "caption": "现场",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )


def bulk(client, data, name):
    return client.post(
        reverse("admin:articles_photo_upload"),
        {"files": [files.upload(data, name, content_type="text/html")]},
    )


def chooser(client, data, name):
    return client.post(
        reverse("admin:articles_photo_chooser_upload"),
        {"image": files.upload(data, name, content_type="text/html"), "caption": ""},
    )


def stored(photo):
    with default_storage.open(photo.image.name, "rb") as original:
        return original.read()


def same_pixels(a: bytes, b: bytes) -> bool:
    first, second = Image.open(io.BytesIO(a)), Image.open(io.BytesIO(b))
    for frame in range(getattr(first, "n_frames", 1)):
        first.seek(frame)
        second.seek(frame)
        if first.convert("RGBA").tobytes() != second.convert("RGBA").tobytes():
            return False
    return getattr(first, "n_frames", 1) == getattr(second, "n_frames", 1)


@pytest.mark.parametrize("path", [add, bulk, chooser])
@pytest.mark.parametrize(
    ("name", "data", "mime"), files.polyglots(), ids=lambda v: str(v)[:16]
)
def test_every_upload_path_stores_a_polyglot_as_the_bare_image(
    desk, path, name, data, mime
):
    response = path(desk, data, name)
    assert response.status_code in (201, 200, 302)
    photo = Photo.objects.get()
    body = stored(photo)
    assert not HOSTILE.search(body)
    assert same_pixels(data, body)
    # Named after the format found in it, and the checksum is of what is kept.
    assert photo.image.name.endswith("." + mime.split("/")[1].replace("jpeg", "jpg"))
    assert photo.checksum == photos.file_checksum(photo.image)


def test_a_jpeg_keeps_its_exif_and_colour_profile_and_loses_the_rest():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = Image.open(io.BytesIO(files.jpeg_with_exif(size=(90, 60))))
    data = files.encode(
        source,
        "JPEG",
        exif=source.getexif(),
        icc_profile=profile,
        comment=files.MARKUP,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><img src=x onerror=1></x:xmpmeta>',
    )
    kept = clean_original(data, "JPEG")
    image = Image.open(io.BytesIO(kept))
    assert image.info["icc_profile"] == profile
    assert image.getexif().get_ifd(0x8825)  # GPS: for the staff-only original
    assert image.getexif()[0x010F] == "Camera Maker"
    assert "xmp" not in image.info and "comment" not in image.info
    assert not HOSTILE.search(kept)
    assert same_pixels(data, kept)


@pytest.mark.parametrize("progressive", [False, True])
def test_cmyk_and_progressive_jpegs_keep_their_pixels(progressive):
    cmyk = files._picture().convert("CMYK")
    data = files.encode(cmyk, "JPEG", progressive=progressive) + files.MARKUP
    kept = clean_original(data, "JPEG")
    assert Image.open(io.BytesIO(kept)).mode == "CMYK"
    assert same_pixels(data, kept) and files.MARKUP not in kept


def test_a_png_keeps_its_profile_but_not_the_profile_name_or_text():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = files.encode(files.sixteen_bit_gradient(), "PNG", icc_profile=profile)
    # The profile's name is free text too: give it markup.
    chunks = [
        (kind, files.MARKUP[:40] + payload[payload.index(b"\x00") :])
        if kind == b"iCCP"
        else (kind, payload)
        for kind, payload in png_chunks(data)
    ]
    data = b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
        for kind, payload in chunks
    )
    assert Image.open(io.BytesIO(data)).info["icc_profile"] == profile
    kept = clean_original(data, "PNG")
    assert Image.open(io.BytesIO(kept)).info["icc_profile"] == profile
    assert files.MARKUP[:40] not in kept
    assert same_pixels(data, kept)


def png_chunks(data):
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        yield data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length


def test_a_webp_loses_its_xmp_and_trailing_bytes():
    data = files.encode(files._picture(), "WEBP", lossless=True, xmp=files.MARKUP)
    data += files.MARKUP
    kept = clean_original(data, "WEBP")
    assert files.MARKUP not in kept
    image = Image.open(io.BytesIO(kept))
    assert "xmp" not in image.info
    assert same_pixels(data, kept)


def test_the_same_picture_with_and_without_a_comment_is_one_photo(desk):
    plain = files.encode(files._picture(), "JPEG")
    commented = files.encode(files._picture(), "JPEG", comment=b"hello")
    assert plain != commented
    assert add(desk, plain, "a.jpg").status_code == 302
    page = add(desk, commented, "b.jpg").content.decode()
    assert "这张图片已经上传过" in page
    assert Photo.objects.count() == 1


def test_a_png_named_jpg_is_stored_as_a_png(desk):
    data = files.encode(files._picture(), "PNG")
    assert add(desk, data, "photo.jpg").status_code == 302
    assert Photo.objects.get().image.name.endswith(".png")


def test_the_development_media_server_serves_originals_as_downloads(desk):
    add(desk, files.polyglots()[0][1], "a.jpg")
    photo = Photo.objects.get()
    request = RequestFactory().get("/media/" + photo.image.name)
    response = media_view(request, photo.image.name)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "attachment"
    rendition = photos.make_rendition(photo, 320, "webp")
    response = media_view(RequestFactory().get("/"), rendition)
    assert response["Content-Type"] == "image/webp"
    assert not response.get("Content-Disposition", "").startswith("attachment")


def test_replacing_a_photos_picture_stores_the_bare_image_too(desk):
    assert add(desk, files.encode(files._picture(), "JPEG"), "a.jpg").status_code == 302
    photo = Photo.objects.get()
    name, data, _mime = files.polyglots()[2]  # the PNG with text chunks
    response = desk.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        {
            "image": files.upload(data, name, content_type="text/html"),
            "caption": "现场",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.image.name.endswith(".png")
    body = stored(photo)
    assert not HOSTILE.search(body) and same_pixels(data, body)
    assert photo.checksum == photos.file_checksum(photo.image)


def test_a_png_without_its_end_chunk_is_kept_with_one():
    data = files.encode(files._picture(), "PNG")[:-12]  # no IEND
    kept = clean_original(data, "PNG")
    assert kept.endswith(b"IEND\xaeB`\x82") and same_pixels(data, kept)


def test_damaged_files_are_refused_in_chinese_never_an_error():
    """Bytes flipped and files cut short, in every format: each is either
    refused from its headers, or stored and then decoded by the background
    task as a clean image or refused there with a reason (never a 500)."""
    rng = random.Random(11)
    samples = [data for _name, data, _mime in files.polyglots()] + [
        files.encode(files._picture(), "WEBP"),
        files.encode(files._picture(), "AVIF"),
        files.encode(files._picture(), "JPEG", progressive=True),
        files.jpeg_with_exif(),
    ]
    for sample in samples:
        for _ in range(60):
            damaged = bytearray(sample)
            for _ in range(rng.randint(1, 4)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            damaged = bytes(damaged[: rng.randint(len(damaged) // 2, len(damaged))])
            try:
                kept = photos.prepare_upload(files.upload(damaged, "x.jpg"))
                found = kept.checked
                photos.renditions.decode(
                    Photo(image=kept, width=found.width, height=found.height)
                )
            except photos.ImageRejected as rejection:
                assert re.search(r"[\u4e00-\u9fff]", str(rejection))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_markup_in_the_exif_kept_is_made_inert_without_moving_anything(fmt):
    exif = Image.Exif()
    exif[0x0112] = 6  # turned: must survive
    exif[0x010E] = files.MARKUP.decode()  # ImageDescription
    exif.get_ifd(0x8769)[0x9003] = "2022:11:23 09:30:00"
    data = files.encode(files._picture(), fmt, exif=exif)
    kept = clean_original(data, fmt)
    assert not HOSTILE.search(kept.replace(b"onerror", b""))
    assert len(kept) <= len(data)
    read = Image.open(io.BytesIO(kept)).getexif()
    assert read[0x0112] == 6
    assert read[0x010E] == " " + files.MARKUP.decode()[1:]
    assert read.get_ifd(0x8769)[0x9003] == "2022:11:23 09:30:00"
    assert same_pixels(data, kept)


def test_cleaning_stored_originals_twice_changes_nothing_more_and_names_refusals():
    name, data, _mime = files.polyglots()[0]
    photo = PhotoFactory(image=files.upload(data, name))
    strip = files.encode(Image.new("RGB", (3000, 20)), "PNG")
    thin = PhotoFactory(image=files.upload(strip, "strip.png"))
    out, err = io.StringIO(), io.StringIO()
    call_command("clean_photo_originals", stdout=out, stderr=err)
    assert "已重写 1 张图片的原件，其中 1 张去掉了非图像内容。" in out.getvalue()
    assert f"图片 #{thin.pk}：图片为 3000×20 像素，过于细长" in err.getvalue()
    photo.refresh_from_db()
    assert not HOSTILE.search(stored(photo))
    again = io.StringIO()
    call_command("clean_photo_originals", stdout=again, stderr=io.StringIO())
    assert "已重写 1 张图片的原件，其中 0 张去掉了非图像内容。" in again.getvalue()
