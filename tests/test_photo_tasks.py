"""Heavy uploads out of the request: the upload stores the file from its
headers, a background task (articles.photos.tasks) decodes it, a JPEG at
reduced scale, and makes its renditions; until then the photo is 处理中."""

import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageFile, JpegImagePlugin

from accounts import roles
from articles import photos
from articles.models import Photo
from articles.photos.tasks import process_photo

from . import images as files
from .factories import (
    ArticlePhotoFactory,
    PhotoFactory,
    PublishedArticleFactory,
    UserFactory,
)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def picture(size):
    image = Image.new("RGB", size, (30, 90, 160))
    for i in range(0, size[0], 400):
        image.paste((200, 40 + i % 200, 30), (i, i // 3, i + 200, i // 3 + 300))
    return image


def big_jpeg(size=(4800, 3200)):
    """A 15-megapixel JPEG with detail in it (a real decode, not a flat
    colour the decoder could skip)."""
    return files.encode(picture(size), "JPEG", quality=85)


def cut_png():
    """A PNG whose picture data stops halfway, in well-formed chunks: its
    headers read, its picture does not decode."""
    width, height = 1600, 1200
    rows = b"".join(
        b"\x00" + bytes(range(256)) * (width * 3 // 256) for _ in range(height)
    )
    stream = zlib.compress(rows)

    def chunk(kind, payload):
        body = kind + payload
        return (
            struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", stream[: len(stream) // 2])
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def desk(client):
    client.force_login(UserFactory(username="photo-desk", role=roles.CHIEF_EDITOR))
    return client


def post_photo(client, data, name="big.jpg"):
    return client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": files.upload(data, name),
            "caption": "11月21日，焊工决赛现场。",
            "alt_text": "焊工在操作台前焊接",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )


@pytest.fixture
def drafts(monkeypatch):
    """Every size a JPEG was asked to decode at (Image.draft's calls)."""
    asked = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def recording(self, mode, size):
        asked.append((self.size, size))
        return draft(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", recording)
    return asked


# ------------------------------------------------------------ the task


@pytest.mark.django_db
def test_the_task_decodes_a_big_jpeg_reduced_and_makes_every_rendition(
    settings, drafts
):
    settings.TASKS = QUEUE_ONLY  # the upload only queues; the task is run here
    photo = photos.add_photo(files.upload(big_jpeg(), "big.jpg"), caption="大图")
    assert photo.status == Photo.PROCESSING
    assert not default_storage.exists(photos.rendition_name(photo, 1920, "jpg"))

    result = process_photo.call(photo.pk)

    # Decoded at half of each side (2400×1600, a sixth of the 15 megapixels'
    # memory): the most the 1920-wide rendition and the 630-high card need.
    assert result["status"] == "ready"
    assert result["decoded"] == [2400, 1600]
    assert drafts and drafts[0][0] == (4800, 3200)
    assert result["renditions"] == len(photos.rendition_widths(photo)) * 2 + 1
    photo.refresh_from_db()
    assert photo.status == Photo.READY and photo.processing_error == ""
    with default_storage.open(photos.rendition_name(photo, 1920, "jpg")) as stored:
        assert Image.open(stored).size == (1920, 1280)
    with default_storage.open(photos.rendition_name(photo, "card", "jpg")) as stored:
        assert Image.open(stored).size == photos.CARD_SIZE


@pytest.mark.django_db
def test_a_small_jpeg_is_decoded_whole(settings, drafts):
    settings.TASKS = QUEUE_ONLY
    photo = photos.add_photo(files.upload(files.jpeg(size=(800, 600))))
    result = process_photo.call(photo.pk)
    assert result["decoded"] == [800, 600]
    assert not drafts  # nothing to save: every rendition needs all of it


@pytest.mark.django_db
def test_a_turned_jpeg_is_decoded_reduced_and_upright(settings):
    settings.TASKS = QUEUE_ONLY
    image = Image.new("RGB", (6000, 4000), (200, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: upright it is 4000×6000
    data = files.encode(image, "JPEG", exif=exif)
    photo = photos.add_photo(files.upload(data))
    assert (photo.width, photo.height) == (4000, 6000)
    result = process_photo.call(photo.pk)
    # Half of each side still gives the 1920-wide rendition.
    assert result["decoded"] == [2000, 3000]


@pytest.mark.django_db
def test_a_file_cut_short_fails_in_the_task_with_a_chinese_reason(settings):
    settings.TASKS = QUEUE_ONLY
    photo = photos.add_photo(files.upload(cut_png(), "cut.png"))
    assert photo.status == Photo.PROCESSING  # its headers were fine
    result = process_photo.call(photo.pk)
    assert result["status"] == "failed"
    photo.refresh_from_db()
    assert photo.status == Photo.FAILED
    assert photo.processing_error.startswith("图片文件不完整或已损坏")


@pytest.mark.django_db
def test_a_picture_over_the_pixel_limit_is_refused_by_the_task_too(settings):
    """A photo stored under an older, higher limit is not decoded."""
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(100, 100))))
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 5_000
    result = process_photo.call(photo.pk)
    assert result["status"] == "failed"
    assert "超过了 0 百万像素的上限" in result["error"]
    photo.refresh_from_db()
    assert photo.status == Photo.FAILED and "百万像素" in photo.processing_error


@pytest.mark.django_db
def test_a_photo_deleted_before_its_turn_is_skipped(settings):
    settings.TASKS = QUEUE_ONLY
    photo = photos.add_photo(files.upload(files.jpeg()))
    pk = photo.pk
    photo.delete()
    assert process_photo.call(pk) == {"photo": pk, "status": "gone"}


# ------------------------------------------------- the upload request


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_processing_until_the_worker_has_run(
    role_groups, desk, settings, monkeypatch
):
    """With the database backend, as `make run` has it: the request decodes
    nothing, the photo is 处理中 and its task waits; `db_worker --batch`
    runs it, and the photo is ready with its thumbnail."""
    settings.TASKS = DATABASE_TASKS
    load = ImageFile.ImageFile.load

    def no_decoding(image):
        raise AssertionError("the upload request decoded the picture")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    response = post_photo(desk, big_jpeg())
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.status == Photo.PROCESSING
    assert (photo.width, photo.height) == (4800, 3200)
    assert DBTaskResult.objects.get().status == "READY"  # queued, not run

    listing = desk.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert '<span class="nr-processing">处理中</span>' in listing
    assert photo.rendition_url(320, "jpg") not in listing
    change = desk.get(reverse("admin:articles_photo_change", args=[photo.pk]))
    assert "处理中" in change.content.decode()
    assert desk.get(photo.rendition_url(320, "jpg")).status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    photo.refresh_from_db()
    assert photo.status == Photo.READY
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL"
    assert task.return_value["decoded"] == [2400, 1600]
    listing = desk.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert "处理中" not in listing
    assert photo.rendition_url(320, "jpg") in listing
    assert desk.get(photo.rendition_url(320, "jpg")).status_code == 200


@pytest.mark.django_db
def test_a_jpeg_cut_short_is_refused_in_the_request_without_decoding(desk, monkeypatch):
    """Its end marker is missing: found while cleaning, before any decode
    (the decoder would fill the missing part grey)."""
    monkeypatch.setattr(ImageFile.ImageFile, "load", None)  # any decode fails
    data = big_jpeg(size=(1600, 1200))
    response = post_photo(desk, data[: len(data) * 2 // 3], "cut.jpg")
    assert response.status_code == 200
    assert "图片文件不完整或已损坏（无法解析 JPEG 结构）" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_a_truncated_upload_is_stored_and_marked_failed_never_a_500(desk):
    response = post_photo(desk, cut_png(), "cut.png")
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.status == Photo.FAILED
    assert photo.caption == "11月21日，焊工决赛现场。"  # nothing typed is lost
    page = desk.get(reverse("admin:articles_photo_change", args=[photo.pk]))
    assert page.status_code == 200
    assert "处理失败：图片文件不完整或已损坏" in page.content.decode()
    listing = desk.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert "处理失败：图片文件不完整或已损坏" in listing


@pytest.mark.django_db
def test_a_pixel_bomb_is_refused_in_the_request_in_chinese(desk):
    # 9000×9000 claimed in a few hundred bytes: refused from the header.
    response = post_photo(desk, files.png_claiming(9000, 9000), "bomb.png")
    assert response.status_code == 200
    assert "81 百万像素，超过了 60 百万像素的上限" in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_bulk_upload_lists_each_photo_as_processing_until_its_task_runs(desk, settings):
    settings.TASKS = QUEUE_ONLY
    response = desk.post(
        reverse("admin:articles_photo_upload"),
        {
            "files": [files.upload(files.jpeg(size=(900, 600)), "a.jpg")],
            "caption": "技能大赛现场。",
            "alt_text": "选手比赛",
        },
    )
    page = response.content.decode()
    assert "已上传 1 张图片。" in page
    assert '<span class="nr-processing">处理中</span>' in page


@pytest.mark.django_db
def test_the_chooser_upload_answers_processing_without_a_thumbnail(client, settings):
    settings.TASKS = QUEUE_ONLY
    client.force_login(UserFactory(role=roles.REPORTER))
    response = client.post(
        reverse("admin:articles_photo_chooser_upload"),
        {"image": files.upload(files.jpeg(size=(900, 600))), "caption": "书屋"},
    )
    assert response.status_code == 201, response.content.decode()
    data = response.json()["photo"]
    assert (data["status"], data["thumbnail"]) == ("处理中", "")
    results = client.get(reverse("admin:articles_photo_chooser")).content.decode()
    assert '<span class="nr-processing">处理中</span>' in results


# ------------------------------------------------------------ readers


@pytest.mark.django_db
def test_reader_pages_leave_a_photo_out_until_it_is_ready(
    client, django_capture_on_commit_callbacks
):
    article = PublishedArticleFactory(kind="photo")
    photo = PhotoFactory(status=Photo.PROCESSING)
    ArticlePhotoFactory(article=article, photo=photo)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert photo.rendition_key not in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the page cache purged
        process_photo.call(photo.pk)
    page = client.get(article.get_absolute_url())
    assert photo.rendition_url(320, "jpg").rsplit("/", 1)[0] in page.content.decode()
