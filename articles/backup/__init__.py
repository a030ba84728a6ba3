"""Backup and restore of a whole newsroom: the database and the media
(local files or the S3 bucket), in one checked archive.

`manage.py backup` and `manage.py restore` (`make backup`, `make restore`)
call `create` and `restore`. The archive's format is in `archive`, what it
holds and how it is loaded in `contents`.

A restore checks the whole archive before it touches anything, refuses one
made by a different set of migrations (restore with the code that made it,
then migrate), writes the media, then replaces the database in one
transaction: a failure there leaves the database as it was, and the media
it wrote are only files the restored rows would have needed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from . import contents
from .archive import DATA, MEDIA, BackupError, Manifest, Writer, read

__all__ = ["BackupError", "Manifest", "create", "restore"]


def create(path: Path) -> Manifest:
    """Write a backup of the database and the media to `path`."""
    manifest = Manifest(
        created_at=timezone.now().isoformat(),
        database=connection.vendor,
        migrations={},
        counts={},
    )
    writer = Writer(path, manifest)
    try:
        with tempfile.TemporaryFile() as data:
            with transaction.atomic():
                if connection.vendor == "postgresql" and _outermost():
                    # One snapshot for every table: rows saved while the
                    # dump runs are all in it or all out of it.
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                        )
                manifest.migrations = contents.applied_migrations()
                manifest.counts = contents.counts()
                contents.dump(_Text(data))
            size = data.tell()
            data.seek(0)
            writer.add(DATA, data, size)
        for name in contents.media_names():
            try:
                size = default_storage.size(name)
                with default_storage.open(name, "rb") as source:
                    writer.add(MEDIA + name, source, size)
            except FileNotFoundError:
                continue  # deleted since it was listed, with its photo
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return manifest


def restore(path: Path) -> Manifest:
    """Replace the database and restore the media from the backup at
    `path`. Raises BackupError, in Chinese, with nothing changed in the
    database when the archive is foreign, damaged or does not load."""
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as scratch:
        scratch = Path(scratch)
        manifest = read(Path(path), scratch)
        here = contents.applied_migrations()
        if manifest.migrations != here:
            raise BackupError(_migrations_differ(manifest.migrations, here))
        for name in manifest.media_names:
            contents.put_media(name, scratch / MEDIA / name)
        contents.replace_database(scratch / DATA, manifest.counts)
    from articles.reader import cache as page_cache

    transaction.on_commit(page_cache.purge)
    return manifest


def _outermost() -> bool:
    # Inside atomic() already (a test, a caller's transaction) the
    # isolation level can no longer be set.
    return len(connection.savepoint_ids) == 0 and not connection.needs_rollback


def _migrations_differ(theirs: dict, ours: dict) -> str:
    for app in sorted({*theirs, *ours}):
        missing = sorted(set(theirs.get(app, [])) - set(ours.get(app, [])))
        if missing:
            return (
                f"备份来自数据库结构不同的版本：本库没有迁移 {app}.{missing[0]}。"
                "请用制作备份时的 Newsroom 版本恢复，再运行 migrate。"
            )
        extra = sorted(set(ours.get(app, [])) - set(theirs.get(app, [])))
        if extra:
            return (
                f"备份来自较早的数据库结构：它没有迁移 {app}.{extra[0]}。"
                "请用制作备份时的 Newsroom 版本恢复，再运行 migrate。"
            )
    return "备份的数据库结构与本库不同。"


class _Text:
    """The serializer writes str; the archive wants bytes."""

    def __init__(self, binary):
        self.binary = binary

    def write(self, text: str) -> None:
        self.binary.write(text.encode())
