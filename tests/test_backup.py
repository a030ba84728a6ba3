"""Backup and restore (`manage.py backup`, `manage.py restore`): the demo
newsroom comes back whole after a wipe, on SQLite and on PostgreSQL
(`DATABASE_URL=postgres://… pytest tests/test_backup.py`), media on the
local disk or in an S3 bucket; a foreign or damaged archive is refused in
Chinese and a restore that fails changes nothing."""

import io
import json
import re
import shutil
import tarfile
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from articles import backup
from articles import photos as images
from articles.models import Article, Photo

from . import images as files
from . import test_photo_storage
from .factories import (
    ArticlePhotoFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
)
from .test_photo_storage import keys

# The moto S3 server and bucket of the photo storage tests.
s3_endpoint = test_photo_storage.s3_endpoint
s3_storage = test_photo_storage.s3_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached(settings):
    """Reader pages are compared as the database renders them, not as
    cached."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)
            elif name == "srcset" and value:
                self.found += [part.split()[0] for part in value.split(",")]


def links(html):
    parser = Links()
    parser.feed(html)
    return [urlsplit(link).path for link in parser.found if link.startswith("/")]


def reader_site():
    """Every reader page reachable from the home page, the feeds and the
    sitemap (HTML or XML text), and every photo file they show (bytes)."""
    client = Client()
    pages, pictures = {}, {}
    queue = ["/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/archive/"]
    while queue:
        url = queue.pop()
        if url in pages or url.startswith(("/admin", "/static", "/accounts")):
            continue
        response = client.get(url)
        if url.startswith("/photos/") or response.streaming:
            # Renditions, and files such as the e-paper's page images.
            pictures[url] = (response.status_code, b"".join(response))
            continue
        pages[url] = (response.status_code, response.content.decode())
        if response.status_code == 200:
            queue += links(pages[url][1])
            queue += [
                urlsplit(u).path
                for u in re.findall(r"<loc>([^<]+)</loc>", pages[url][1])
            ]
    return pages, pictures


def newsroom_state():
    """What a restore must give back: every table's row count, each story's
    tags, every reader page and every rendition."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in backup.contents.LEFT_OUT
    }
    tags = {a.pk: sorted(a.tags.names()) for a in Article.objects.all()}
    pages, pictures = reader_site()
    return counts, tags, pages, pictures


def wipe():
    backup.contents.empty_tables()
    shutil.rmtree(default_storage.location, ignore_errors=True)


def test_the_demo_newsroom_comes_back_whole_after_a_wipe(tmp_path):
    call_command("demo", password="演示账号密码2026", stdout=io.StringIO())
    # Two stories sharing tags: the rows taggit's natural key would merge.
    for headline in ("工会服务站开放", "工会服务站扩建"):
        PublishedArticleFactory(headline=headline).tags.add("工会", "服务站", "民生")
    before = newsroom_state()
    counts, tags, pages, pictures = before
    assert counts["taggit.TaggedItem"] > 30 and counts["articles.Photo"] > 0
    assert sum(len(names) for names in tags.values()) == counts["taggit.TaggedItem"]
    assert len(pages) > 50 and all(status == 200 for status, _ in pages.values())
    assert len(pictures) > 20 and all(s == 200 for s, _ in pictures.values())

    out = io.StringIO()
    call_command("backup", str(tmp_path / "newsroom.tar.gz"), stdout=out)
    assert "备份完成" in out.getvalue()
    wipe()
    assert not Article.objects.exists() and not default_storage.exists("photos")

    out = io.StringIO()
    call_command("restore", str(tmp_path / "newsroom.tar.gz"), "--noinput", stdout=out)
    assert "恢复完成" in out.getvalue()
    after = newsroom_state()
    for label, (was, now) in zip(
        ("行数", "标签", "页面", "图片"), zip(before, after, strict=True), strict=True
    ):
        assert now == was, label


def test_the_common_dumpdata_recipe_loses_tags_and_a_backup_does_not(tmp_path):
    """Why the backup keeps primary keys: taggit's natural key merges the
    TaggedItem rows of `dumpdata --natural-foreign --natural-primary`."""
    from django.core.management.sql import emit_post_migrate_signal
    from taggit.models import TaggedItem

    for headline in ("工会服务站开放", "工会服务站扩建", "服务站暖冬行动"):
        PublishedArticleFactory(headline=headline).tags.add("工会", "服务站")
    tags = {a.pk: sorted(a.tags.names()) for a in Article.objects.all()}
    rows = TaggedItem.objects.count()
    recipe = tmp_path / "recipe.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *("-e", "contenttypes", "-e", "auth.permission", "-e", "sessions"),
        output=str(recipe),
    )
    backup.create(tmp_path / "ours.tar.gz")
    backup.contents.empty_tables()
    emit_post_migrate_signal(0, False, "default")
    call_command("loaddata", str(recipe), verbosity=0)
    assert TaggedItem.objects.count() < rows
    backup.restore(tmp_path / "ours.tar.gz")
    assert TaggedItem.objects.count() == rows
    assert {a.pk: sorted(a.tags.names()) for a in Article.objects.all()} == tags


def story_with_photo():
    story = PublishedArticleFactory(headline="光伏电站并网发电")
    story.tags.add("光伏", "能源")
    CreditFactory(article=story, correspondent__name="程立言")
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(700, 500)), "pv.jpg"))
    ArticlePhotoFactory(article=story, photo=photo)
    images.make_renditions(photo)
    return story, photo


def test_photos_in_an_s3_bucket_are_backed_up_and_restored(s3_storage, tmp_path):
    story, photo = story_with_photo()
    stored = {key: default_storage.open(key).read() for key in keys(s3_storage)}
    assert len(stored) == 1 + 2 * len(images.rendition_widths(photo)) + 1
    backup.create(tmp_path / "s3.tar.gz")
    for key in stored:
        default_storage.delete(key)
    backup.contents.empty_tables()
    backup.restore(tmp_path / "s3.tar.gz")
    assert {key: default_storage.open(key).read() for key in keys(s3_storage)} == (
        stored
    )
    restored = Article.objects.get(pk=story.pk)
    assert sorted(restored.tags.names()) == ["光伏", "能源"]
    response = Client().get(photo.rendition_url(640, "jpg"))
    assert response.status_code == 200
    assert b"".join(response) == stored[images.rendition_name(photo, 640, "jpg")]


# A damaged or foreign archive --------------------------------------------


@pytest.fixture
def archive(tmp_path):
    story_with_photo()
    path = tmp_path / "good.tar.gz"
    backup.create(path)
    return path


def members(path):
    with tarfile.open(path, "r:gz") as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar]


def write(path, entries):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def resealed(entries, change_manifest=lambda manifest: None):
    """The entries with a manifest made to match them again: an archive
    that passes the checksums but holds what `entries` say."""
    import hashlib

    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["files"] = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in entries
        if name != "manifest.json"
    }
    change_manifest(manifest)
    return [(n, d) for n, d in entries if n != "manifest.json"] + [
        ("manifest.json", json.dumps(manifest).encode())
    ]


def flipped(entries):
    out = []
    for name, data in entries:
        if name.startswith("media/photos/"):
            data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
        out.append((name, data))
    return out


def broken_credit(entries):
    rows = json.loads(dict(entries)["data.json"])
    for row in rows:
        if row["model"] == "articles.credit":
            row["fields"]["article"] = 999_999
    data = json.dumps(rows).encode()
    return [(n, data if n == "data.json" else d) for n, d in entries]


def unknown_table(manifest):
    manifest["counts"]["legacy.Clipping"] = 0


def other_migrations(manifest):
    manifest["migrations"]["articles"].append("0999_from_the_future")


BAD_ARCHIVES = {
    "不是压缩包": lambda entries, path: path.write_bytes(b"PK\x03\x04 not ours"),
    "截断": lambda entries, path: path.write_bytes(
        (path.with_name("good.tar.gz")).read_bytes()[:4000]
    ),
    "别的压缩包": lambda entries, path: write(path, [("notes.txt", b"hello")]),
    "没有清单": lambda entries, path: write(
        path, [(n, d) for n, d in entries if n != "manifest.json"]
    ),
    "别的清单": lambda entries, path: write(
        path, [("manifest.json", b'{"format": "other"}')]
    ),
    "改过一个字节": lambda entries, path: write(path, flipped(entries)),
    "路径越界": lambda entries, path: write(
        path, [*entries[:-1], ("media/../../etc/cron.d/x", b"x"), entries[-1]]
    ),
    "清单外的文件": lambda entries, path: write(
        path, [*entries[:-1], ("media/extra.jpg", b"x"), entries[-1]]
    ),
    "缺文件": lambda entries, path: write(
        path, [(n, d) for n, d in entries if not n.startswith("media/photos/")]
    ),
    "迁移不同": lambda entries, path: write(path, resealed(entries, other_migrations)),
    "数据载入失败": lambda entries, path: write(path, resealed(broken_credit(entries))),
    "清单里的表不同": lambda entries, path: write(
        path, resealed(entries, unknown_table)
    ),
}

MESSAGES = {
    "不是压缩包": "不是 Newsroom 的备份",
    "截断": "不完整、已损坏",
    "别的压缩包": "不属于 Newsroom 备份的文件",
    "没有清单": "没有清单",
    "别的清单": "不是 Newsroom 的备份文件",
    "改过一个字节": "校验和与清单不符",
    "路径越界": "不安全的文件路径",
    "清单外的文件": "清单之外的文件",
    "缺文件": "备份不完整",
    "迁移不同": "数据库结构不同",
    "数据载入失败": "恢复已撤销，数据库未改动",
    "清单里的表不同": "备份清单与本程序备份的表不一致",
}


@pytest.mark.parametrize("kind", list(BAD_ARCHIVES))
def test_a_foreign_or_damaged_archive_is_refused_and_nothing_changes(
    archive, tmp_path, kind
):
    bad = tmp_path / "bad.tar.gz"
    BAD_ARCHIVES[kind](members(archive), bad)
    # The site has changed since the backup: a restore that went through
    # would take these changes away.
    Article.objects.update(headline="备份之后改过的标题")
    story = PublishedArticleFactory(headline="备份之后的稿件")
    story.tags.add("现有标签")
    ArticlePhotoFactory(article=story, photo__image=files.upload(files.jpeg(), "n.jpg"))
    before = newsroom_state()
    with pytest.raises(CommandError, match=MESSAGES[kind]):
        call_command("restore", str(bad), "--noinput")
    assert newsroom_state() == before


def test_restore_asks_first_and_stops_unless_told_yes(archive, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive))
    assert Article.objects.filter(headline="光伏电站并网发电").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("good.tar.gz", "已经存在"),
        ("newsroom.zip", ".tar.gz 结尾"),
        ("no/x.tar.gz", "不存在"),
    ],
)
def test_backup_refuses_a_bad_target(archive, name, message):
    with pytest.raises(CommandError, match=message):
        call_command("backup", str(archive.parent / name))


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "none.tar.gz"), "--noinput")


# Renditions of a photo whose original is gone ------------------------------


def test_a_rendition_whose_original_is_missing_is_404_not_500(client):
    story, photo = story_with_photo()
    # A restore without media: the rows are back, the files are not.
    shutil.rmtree(default_storage.location)
    assert Photo.objects.filter(pk=photo.pk, status=Photo.READY).exists()
    pages, pictures = reader_site()
    assert story.get_absolute_url() in pages
    assert {status for status, _ in pages.values()} == {200}
    assert pictures and {status for status, _ in pictures.values()} == {404}
    for width in images.rendition_widths(photo):
        for extension in images.FORMATS:
            assert client.get(photo.rendition_url(width, extension)).status_code == 404
    assert client.get(images.card_url(photo)).status_code == 404


def test_a_rendition_whose_original_left_the_bucket_is_404(s3_storage, client):
    photo = PhotoFactory(image=files.upload(files.jpeg(size=(900, 600)), "b.jpg"))
    for key in keys(s3_storage):
        default_storage.delete(key)
    assert client.get(photo.rendition_url(640, "webp")).status_code == 404
    assert client.get(images.card_url(photo)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_in_transactions_of_their_own(tmp_path):
    """As the commands run them: the backup in its own transaction (one
    snapshot on PostgreSQL), a failing restore rolled back for real, then a
    good one committed."""
    story, photo = story_with_photo()
    good = tmp_path / "own.tar.gz"
    backup.create(good)
    Article.objects.filter(pk=story.pk).update(headline="备份之后改过的标题")
    bad = write(tmp_path / "bad.tar.gz", resealed(broken_credit(members(good))))
    with pytest.raises(backup.BackupError, match="恢复已撤销"):
        backup.restore(bad)
    assert Article.objects.get(pk=story.pk).headline == "备份之后改过的标题"
    backup.restore(good)
    restored = Article.objects.get(pk=story.pk)
    assert restored.headline == "光伏电站并网发电"
    assert sorted(restored.tags.names()) == ["光伏", "能源"]
    assert restored.credits.get().correspondent.name == "程立言"
    # The key sequences follow the restored rows: new rows do not collide.
    newer = PublishedArticleFactory(headline="恢复之后的新稿")
    newer.tags.add("光伏", "新标签")
    assert newer.pk > story.pk
    CreditFactory(article=newer)
