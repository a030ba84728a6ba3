"""The photo desk: uploads judged by content, EXIF read and stripped,
renditions, duplicates, deletion, and every bad file a newsroom meets."""

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts import roles
from articles import photos as images
from articles.models import Photo

from . import images as files
from .factories import (
    ArticlePhotoFactory,
    CorrespondentFactory,
    PhotoFactory,
    PublishedArticleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    client.force_login(UserFactory(username="photo-desk", role=roles.CHIEF_EDITOR))
    return client


def post_photo(client, data, name="photo.jpg", **fields):
    return client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": files.upload(data, name),
            "caption": "11月21日，焊工决赛现场。",
            "alt_text": "焊工在操作台前焊接",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            **fields,
        },
    )


def refusal_of(response):
    assert response.status_code == 200, "the upload was accepted"
    assert not Photo.objects.exists()
    return response.content.decode()


# ------------------------------------------------------------- good uploads


def test_a_jpeg_is_kept_with_its_facts_and_renditions(desk):
    response = post_photo(desk, files.jpeg_with_exif(orientation=1, size=(2000, 1200)))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (2000, 1200)
    assert timezone.localtime(photo.taken_at).isoformat() == "2022-11-23T09:30:00+08:00"
    assert len(photo.checksum) == 64
    assert photo.image.name.startswith("photos/") and photo.image.name.endswith(".jpg")
    assert images.rendition_widths(photo) == [320, 640, 960, 1280, 1920]
    for width in (320, 1920):
        for extension in ("webp", "jpg"):
            assert default_storage.exists(
                images.rendition_name(photo, width, extension)
            )


@pytest.mark.parametrize(
    ("orientation", "upright"), [(6, (40, 60)), (8, (40, 60)), (3, (60, 40))]
)
def test_exif_orientation_is_applied(desk, orientation, upright):
    assert (
        post_photo(desk, files.jpeg_with_exif(orientation=orientation)).status_code
        == 302
    )
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == upright
    rendition = Image.open(
        default_storage.open(
            images.rendition_name(photo, 40 if upright[0] == 40 else 60, "jpg")
        )
    )
    assert rendition.size == upright
    # The white edge that was on the left is now on top (6) or bottom (8).
    if orientation == 6:
        assert rendition.getpixel((20, 2))[1] > 200
    if orientation == 8:
        assert rendition.getpixel((20, 57))[1] > 200


def test_renditions_carry_no_exif_so_no_gps(desk, client):
    post_photo(desk, files.jpeg_with_exif(orientation=1, gps=True, size=(800, 600)))
    photo = Photo.objects.get()
    original = Image.open(photo.image.open("rb"))
    assert original.getexif().get_ifd(0x8825)  # the original keeps it
    for extension in ("jpg", "webp"):
        response = client.get(photo.rendition_url(640, extension))
        assert response.status_code == 200
        served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert not served.getexif().get_ifd(0x8825)
        assert not served.getexif()
        assert served.size == (640, 480)


@pytest.mark.parametrize(
    ("data", "name", "mode"),
    [
        (
            files.encode(Image.new("CMYK", (50, 40), (0, 255, 255, 0)), "JPEG"),
            "cmyk.jpg",
            "RGB",
        ),
        (
            files.encode(files.sixteen_bit_gradient(), "PNG"),
            "deep.png",
            "RGB",
        ),
        (
            files.encode(files.half_transparent_palette(), "PNG", transparency=1),
            "palette.png",
            "RGBA",
        ),
        (files.animated_gif(), "moving.gif", "RGB"),
        (files.encode(Image.new("RGB", (40, 30), "blue"), "WEBP"), "x.webp", "RGB"),
        (files.encode(Image.new("RGB", (40, 30), "blue"), "AVIF"), "x.avif", "RGB"),
    ],
)
def test_unusual_but_valid_images_are_accepted_and_rendered_right(
    desk, client, data, name, mode
):
    assert post_photo(desk, data, name).status_code == 302
    photo = Photo.objects.get()
    response = client.get(photo.rendition_url(photo.width, "webp"))
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.mode == mode
    jpg = Image.open(
        io.BytesIO(
            b"".join(
                client.get(photo.rendition_url(photo.width, "jpg")).streaming_content
            )
        )
    )
    assert jpg.mode == "RGB"
    if name == "cmyk.jpg":  # magenta + yellow ink is red, not inverted
        red, green, blue = jpg.getpixel((5, 5))
        assert red > 200 and green < 60 and blue < 60
    if name == "deep.png":  # the gradient survives as greys, not all white
        low, high = jpg.convert("L").getextrema()
        assert low < 30 and high > 220


@pytest.mark.parametrize(
    "name",
    ["../../x.jpg", "..\\x.jpg", "x.php.jpg", "新闻图片.jpg", "a" * 300 + ".jpg"],
)
def test_hostile_names_are_stored_under_safe_generated_names(desk, name):
    assert post_photo(desk, files.jpeg(), name).status_code == 302
    stored = Photo.objects.get().image.name
    assert stored.startswith("photos/") and ".." not in stored and "php" not in stored
    assert len(Path(stored).name) < 40


def test_the_same_file_twice_is_noticed_and_the_first_offered(desk):
    data = files.jpeg()
    post_photo(desk, data)
    first = Photo.objects.get()
    page = post_photo(desk, data, "again.jpg").content.decode()
    assert f"这张图片已经上传过（图片 #{first.pk}" in page
    assert Photo.objects.count() == 1


def test_a_photo_saved_outside_the_admin_is_noticed_when_uploaded_again(desk):
    data = files.jpeg(colour=(30, 60, 90))
    first = Photo(image=files.upload(data, "first.jpg"), caption="先存的图片")
    first.save()
    assert first.checksum == hashlib.sha256(data).hexdigest()
    page = post_photo(desk, data, "again.jpg").content.decode()
    assert f"这张图片已经上传过（图片 #{first.pk}" in page
    assert Photo.objects.count() == 1


def test_the_checksum_reads_the_whole_file_and_leaves_it_at_its_start():
    data = files.jpeg(colour=(90, 60, 30))
    upload = files.upload(data)
    upload.read(100)
    assert images.file_checksum(upload) == hashlib.sha256(data).hexdigest()
    assert upload.tell() == 0


def test_bulk_upload_takes_many_files_and_refuses_bad_ones(desk):
    photographer = CorrespondentFactory(name="陈立新")
    response = desk.post(
        reverse("admin:articles_photo_upload"),
        {
            "files": [
                files.upload(files.jpeg(colour=(10, 200, 30)), "a.jpg"),
                files.upload(files.jpeg(colour=(200, 10, 30)), "b.jpg"),
                files.upload(b"<html><script>alert(1)</script></html>", "c.jpg"),
            ],
            "caption": "技能大赛现场。",
            "alt_text": "选手比赛",
            "photographer": photographer.pk,
            "tags": "技能大赛",
        },
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown[0] == "已上传 2 张图片。"
    assert shown[1].startswith("c.jpg：文件里夹带了网页或脚本内容")
    assert Photo.objects.count() == 2
    assert {p.credit_line() for p in Photo.objects.all()} == {"陈立新 摄"}


def test_bulk_upload_names_a_refused_file_as_it_was_uploaded(desk):
    response = desk.post(
        reverse("admin:articles_photo_upload"),
        {"files": [files.upload(os.urandom(3000), "broken.jpg")]},
        follow=True,
    )
    page = response.content.decode()
    assert "broken.jpg：无法识别为图片" in page
    assert "Broken.jpg" not in page
    assert not Photo.objects.exists()


# -------------------------------------------------------------- bad uploads


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.jpg", "空文件"),
        (os.urandom(3000), "random.jpg", "无法识别为图片"),
        (
            b"<!doctype html><html><body>hi</body></html>",
            "page.jpg",
            "夹带了网页或脚本",
        ),
        (files.jpeg() + b"<script>alert(1)</script>", "tail.jpg", "夹带了网页或脚本"),
        (
            files.encode(Image.new("RGB", (20, 20)), "PNG")
            + b"<html><script>x</script>",
            "x.png",
            "夹带了网页或脚本",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "x.svg",
            "不接受 SVG",
        ),
        (files.jpeg()[: len(files.jpeg()) // 2], "truncated.jpg", "不完整或已损坏"),
        (files.corrupt_jpeg(), "corrupt.jpg", "不完整或已损坏"),
        (files.png_claiming(50_000, 50_000), "huge.png", "百万像素的上限"),
        # Too thin for any rendition to be a pixel high (or wide).
        (files.encode(Image.new("RGB", (10000, 10)), "PNG"), "strip.png", "过于细长"),
        (files.encode(Image.new("L", (3, 1000)), "PNG"), "pole.png", "过于细长"),
        (files.encode(Image.new("RGB", (40, 40)), "EPS"), "x.eps", "EPS"),
        (files.encode(Image.new("RGB", (40, 40)), "PDF"), "x.pdf", "无法识别为图片"),
        (files.encode(Image.new("RGB", (32, 32)), "ICO"), "x.ico", "ICO"),
        (files.encode(Image.new("RGB", (40, 40)), "TGA"), "x.tga", "不支持 TGA 格式"),
        (
            b"8BPS\x00\x01"
            + b"\x00" * 6
            + b"\x00\x03\x00\x00\x00\x10\x00\x00\x00\x10\x00\x08\x00\x03"
            + b"\x00" * 64,
            "x.psd",
            "PSD",
        ),
    ],
)
def test_bad_files_are_refused_in_chinese_and_nothing_is_saved(
    desk, data, name, message
):
    page = refusal_of(post_photo(desk, data, name))
    assert message in page, page[
        page.find("errorlist") - 100 : page.find("errorlist") + 400
    ]
    assert not default_storage.listdir("")[1] if default_storage.exists("") else True


def test_an_iphone_heic_photo_is_refused_with_a_way_out(desk):
    # An ISO BMFF `ftyp` box with the HEIC brand, then the start of a `meta`
    # box: how every iPhone photo begins. No HEIF decoder is installed.
    heic = (
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
        + b"\x00\x00\x00\x22meta\x00\x00\x00\x00"
        + os.urandom(2000)
    )
    page = refusal_of(post_photo(desk, heic, "IMG_0001.HEIC"))
    assert "暂不支持 HEIC/HEIF 格式" in page
    assert "导出为 JPEG" in page
    assert not default_storage.exists("photos")


def test_files_over_the_size_limit_are_refused(desk, settings):
    settings.NEWSROOM_PHOTO_MAX_BYTES = 5_000
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    page = refusal_of(post_photo(desk, files.encode(noise, "JPEG", quality=95)))
    assert "MB 的上限" in page


def test_images_over_the_pixel_limit_are_refused_counting_frames(desk, settings):
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 1_000
    assert "百万像素的上限" in refusal_of(post_photo(desk, files.jpeg(size=(50, 50))))
    # 20×20 is 400 pixels a frame, but five frames make 2,000.
    page = refusal_of(post_photo(desk, files.animated_gif(frames=5), "moving.gif"))
    assert "含全部动画帧" in page


def test_a_200_megapixel_image_is_refused_without_decoding_it(tmp_path):
    """Measured in a fresh process: how long the refusal takes and how much
    the process grows (printed for the record; only the growth is asserted)."""
    path = tmp_path / "huge.png"
    # 14,143 × 14,143 is 200 megapixels; the file itself is small.
    path.write_bytes(files.png_claiming(14_143, 14_143))
    script = f"""
import os, resource, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings_test"
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from articles import photos as images
data = open({str(path)!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    images.check_upload(SimpleUploadedFile("huge.png", data))
    print("ACCEPTED")
except images.ImageRejected as error:
    print("REFUSED", error)
elapsed = time.perf_counter() - started
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(f"SECONDS {{elapsed:.4f}} GROWN_KB {{grown}}")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    out = result.stdout
    print(out)
    assert "REFUSED" in out and "200 百万像素" in out, result.stderr
    grown_kb = int(out.split("GROWN_KB")[1])
    assert grown_kb < 200 * 1024


# --------------------------------------------------------------- deletion


def test_a_photo_in_a_published_story_is_not_deleted_and_the_story_is_named(desk):
    photo = PhotoFactory()
    article = PublishedArticleFactory(headline="技能比武展风采")
    ArticlePhotoFactory(article=article, photo=photo)
    url = reverse("admin:articles_photo_delete", args=[photo.pk])
    page = desk.get(url).content.decode()
    assert "技能比武展风采" in page
    desk.post(url, {"post": "yes"})
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert photo.image.storage.exists(photo.image.name)


def test_deleting_an_unused_photo_removes_every_file(desk):
    from django.test import TestCase

    post_photo(desk, files.jpeg(size=(700, 500)))
    photo = Photo.objects.get()
    names = [photo.image.name] + [
        images.rendition_name(photo, w, e)
        for w in images.rendition_widths(photo)
        for e in ("webp", "jpg")
    ]
    assert all(default_storage.exists(n) for n in names)
    with TestCase.captureOnCommitCallbacks(execute=True):
        desk.post(
            reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
        )
    assert not Photo.objects.exists()
    assert not any(default_storage.exists(n) for n in names)


# --------------------------------------------------------------- serving


def test_renditions_are_served_with_far_future_headers_and_made_once(client):
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(1000, 800)), "p.jpg"))
    url = photo.rendition_url(640, "webp")
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "image/webp"
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    name = images.rendition_name(photo, 640, "webp")
    made_at = default_storage.get_modified_time(name)
    client.get(url)
    assert default_storage.get_modified_time(name) == made_at


@pytest.mark.parametrize(
    "suffix", ["640.gif", "641.webp", "99999.webp", "0.jpg", "640.webp.php"]
)
def test_only_the_published_sizes_and_formats_are_made(client, suffix):
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(1000, 800)), "p.jpg"))
    base = photo.rendition_url(640, "webp").rsplit("/", 1)[0]
    assert client.get(f"{base}/{suffix}").status_code == 404


def test_a_stale_rendition_key_is_404(client):
    photo = PhotoFactory()
    url = photo.rendition_url(64, "jpg")
    photo.focal_x, photo.focal_y = 0.2, 0.3
    photo.save()
    assert client.get(url).status_code == 404
    assert client.get(photo.rendition_url(64, "jpg")).status_code == 200


def test_article_page_serves_srcset_with_webp_and_jpeg_fallback(client):
    article = PublishedArticleFactory(kind="photo")
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(1600, 1000)), "p.jpg"))
    ArticlePhotoFactory(article=article, photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in page
    assert " 1280w" in page and " 320w" in page
    assert 'width="1600" height="1000"' in page
    assert photo.image.url not in page  # the original, with its EXIF, is never linked


def test_the_story_form_chooses_photos_from_the_library_with_thumbnails(desk):
    photo = PhotoFactory(caption="焊工决赛现场。")
    article = PublishedArticleFactory()
    ArticlePhotoFactory(article=article, photo=photo)
    form = desk.get(reverse("admin:articles_article_change", args=[article.pk]))
    page = form.content.decode()
    assert "nr-chooser__change" in page  # opens the photo chooser
    assert photo.rendition_url(320, "jpg") in page  # the inline's thumbnail
    library = desk.get(
        reverse("admin:articles_photo_changelist"), {"_popup": "1", "q": "焊工"}
    ).content.decode()
    assert photo.rendition_url(320, "jpg") in library and "焊工决赛现场。" in library


@pytest.mark.parametrize(
    ("focal_x", "colour"), [(0.1, "red"), (0.9, "blue"), (None, "both")]
)
def test_the_link_preview_card_is_cropped_around_the_focal_point(
    client, focal_x, colour
):
    wide = Image.new("RGB", (6000, 1000), "red")
    wide.paste((0, 0, 255), (3000, 0, 6000, 1000))
    photo = PhotoFactory(
        image=files.upload(files.encode(wide, "JPEG"), "wide.jpg"),
        focal_x=focal_x,
        focal_y=0.5 if focal_x is not None else None,
    )
    response = client.get(images.card_url(photo))
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    card = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert card.size == (1200, 630)
    left, right = card.getpixel((10, 300)), card.getpixel((1190, 300))
    if colour == "red":
        assert left[0] > 200 and right[0] > 200  # all red: the subject kept
    elif colour == "blue":
        assert left[2] > 200 and right[2] > 200
    else:  # no focal point: the middle, where red meets blue
        assert left[0] > 200 and right[2] > 200


def test_open_graph_image_is_the_card(client):
    article = PublishedArticleFactory()
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(1600, 1000)), "p.jpg"))
    ArticlePhotoFactory(article=article, photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<meta property="og:image" content="http://testserver{images.card_url(photo)}">'
        in page
    )


def test_a_long_but_possible_panorama_gets_its_renditions(desk):
    """50:1 is the limit: the smallest rendition is still pixels high."""
    data = files.encode(Image.new("RGB", (2500, 50), (20, 90, 160)), "PNG")
    assert post_photo(desk, data, "pano.png").status_code == 302
    photo = Photo.objects.get()
    for width in images.rendition_widths(photo):
        with default_storage.open(images.rendition_name(photo, width, "jpg")) as f:
            assert Image.open(f).size == (width, round(50 * width / 2500))


def test_a_strip_in_a_bulk_upload_is_named_and_refused(desk):
    response = desk.post(
        reverse("admin:articles_photo_upload"),
        {
            "files": [
                files.upload(
                    files.encode(Image.new("RGB", (10000, 10)), "PNG"), "strip.png"
                )
            ]
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "strip.png：图片为 10000×10 像素，过于细长" in response.content.decode()
    assert not Photo.objects.exists()
