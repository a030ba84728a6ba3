"""Photos and renditions on S3-compatible storage, against moto's S3 server
running on 127.0.0.1."""

import io
import shutil
import socket
import subprocess
import sys
import time

import boto3
import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image

from articles import photos as images
from articles.models import Photo

from . import images as files
from .factories import PhotoFactory

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
            "BACKEND": "storages.backends.s3.S3Storage",
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
