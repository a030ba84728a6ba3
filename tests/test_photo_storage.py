"""Photos and renditions on S3-compatible storage, against moto's S3 server
running on 127.0.0.1."""

import io
import re
import shutil
import socket
import subprocess
import sys
import time

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from accounts import roles
from articles import photos as images
from articles.models import Photo

from . import images as files
from .factories import PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = shutil.which("moto_server") or str(
        __import__("pathlib").Path(sys.executable).with_name("moto_server")
    )
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_storage(s3_endpoint, monkeypatch):
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storages = {
        "default": {
            # What settings name when a bucket is configured.
            "BACKEND": "articles.photos.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "file_overwrite": False,
                "querystring_auth": False,
            },
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {
        item["Key"]
        for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }


def test_photos_and_renditions_live_in_the_bucket(s3_storage, client):
    assert default_storage.bucket_name == BUCKET
    photo = PhotoFactory(
        image=files.upload(files.jpeg_with_exif(size=(900, 600)), "a.jpg")
    )
    images.make_renditions(photo)
    stored = keys(s3_storage)
    assert photo.image.name in stored
    assert images.rendition_name(photo, 640, "webp") in stored
    response = client.get(photo.rendition_url(640, "webp"))
    assert response.status_code == 200
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.size == (640, 427) and not served.getexif()
    # A rendition missing from the bucket is made again on first use.
    s3_storage.delete_object(
        Bucket=BUCKET, Key=images.rendition_name(photo, 320, "jpg")
    )
    assert client.get(photo.rendition_url(320, "jpg")).status_code == 200
    assert images.rendition_name(photo, 320, "jpg") in keys(s3_storage)


def test_deleting_a_photo_removes_its_objects(s3_storage):
    from django.test import TestCase

    photo = PhotoFactory(image=files.upload(files.jpeg(size=(700, 500)), "b.jpg"))
    images.make_renditions(photo)
    # The original, a WebP and a JPEG at each width, and the link card.
    assert len(keys(s3_storage)) == 1 + 2 * len(images.rendition_widths(photo)) + 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        photo.delete()
    assert keys(s3_storage) == set()
    assert not Photo.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "mime"), files.polyglots(), ids=lambda v: str(v)[:16]
)
def test_a_polyglot_uploaded_through_the_admin_is_stored_as_a_bare_image(
    s3_storage, client, name, data, mime
):
    """A valid image that is also a web page (markup in a comment, a text
    chunk or after the image), sent as text/html: the stored original is
    the image alone, typed from its content and served as a download."""
    assert files.MARKUP in data
    client.force_login(UserFactory(role=roles.CHIEF_EDITOR))
    response = client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": files.upload(data, name, content_type="text/html"),
            "caption": "现场",
            "alt_text": "现场",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    stored = s3_storage.get_object(Bucket=BUCKET, Key=photo.image.name)
    assert stored["ContentType"] == mime
    assert stored["ContentDisposition"] == "attachment"
    body = stored["Body"].read()
    assert files.MARKUP not in body
    assert not re.search(rb"<\s*(img|html|body)|onerror", body, re.IGNORECASE)
    source, kept = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(body))
    assert kept.format == source.format
    frames = getattr(source, "n_frames", 1)
    assert getattr(kept, "n_frames", 1) == frames
    for frame in range(frames):
        source.seek(frame)
        kept.seek(frame)
        assert kept.convert("RGBA").tobytes() == source.convert("RGBA").tobytes()
    # The renditions, too, are typed by us: readers get them via our views.
    rendition = images.rendition_name(photo, images.rendition_widths(photo)[0], "webp")
    assert s3_storage.head_object(Bucket=BUCKET, Key=rendition)["ContentType"] == (
        "image/webp"
    )


def test_originals_stored_before_cleaning_are_written_again(s3_storage):
    """An original stored as uploaded (markup after the image, typed as the
    browser said) is rewritten clean by manage.py clean_photo_originals."""
    name, data, mime = files.polyglots()[1]  # a JPEG with markup appended
    photo = PhotoFactory(image=files.upload(data, name))
    old = photo.image.name
    s3_storage.put_object(
        Bucket=BUCKET, Key=old, Body=data, ContentType="text/html"
    )  # as django-storages stored it before: the browser's type
    clean = PhotoFactory(image=files.upload(files.jpeg(colour=(1, 80, 9)), "c.jpg"))
    out = io.StringIO()
    call_command("clean_photo_originals", stdout=out)
    assert "已重写 2 张图片的原件，其中 1 张去掉了非图像内容。" in out.getvalue()
    photo.refresh_from_db()
    assert old not in keys(s3_storage)
    stored = s3_storage.get_object(Bucket=BUCKET, Key=photo.image.name)
    assert stored["ContentType"] == mime
    assert stored["ContentDisposition"] == "attachment"
    body = stored["Body"].read()
    assert files.MARKUP not in body
    assert photo.checksum == images.file_checksum(photo.image)
    width = images.rendition_widths(photo)[0]
    assert images.rendition_name(photo, width, "webp") in keys(s3_storage)
    clean.refresh_from_db()
    assert clean.image.name in keys(s3_storage)
