"""What a backup holds and how it goes back: every model's rows with their
own primary keys, and every file in the media storage.

Rows keep their primary keys and no natural keys are used. The common
`dumpdata --natural-foreign --natural-primary` recipe loses tags: taggit's
TaggedItem natural key leaves the row's identity to a lookup that merges
distinct rows (59 became 31 in a trial). With plain keys every row comes
back as itself, and the content types and permissions are restored with
their ids too, so every reference to them still points right.

Left out: sessions (a session names a user by id, and after a restore that
id may be someone else's; everyone signs in again) and the task queue (its
tasks were about rows of the database being replaced)."""

from __future__ import annotations

import datetime
import itertools

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from .archive import BackupError

#: Apps whose rows a backup leaves out (see the module's docstring).
LEFT_OUT = {"sessions", "django_tasks_database"}


def models() -> list:
    """The models a backup holds, in a fixed order."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in LEFT_OUT
        ),
        key=lambda model: model._meta.label,
    )


def counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in models()}


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def dump(stream) -> None:
    """Every row of every backed-up model, as Django's JSON fixture format
    (what `loaddata` reads), streamed."""
    rows = itertools.chain.from_iterable(
        model._base_manager.order_by("pk").iterator(chunk_size=2000)
        for model in models()
    )
    serializers.serialize("json", rows, stream=stream, cls=ExactEncoder)


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond. Django's encoder cuts them to milliseconds
    (ECMA-262's format), and a restore would then change every updated_at
    a feed, an ETag or a revision shows."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def media_names(folder: str = "") -> list[str]:
    """Every file in the media storage (the local folder or the bucket)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for name in folders:
        names += media_names(f"{folder}{name}/")
    return sorted(names)


def put_media(name: str, path) -> None:
    """Store the file at `path` under exactly `name`, replacing any file of
    that name (storages otherwise pick a fresh name beside it)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    with open(path, "rb") as source:
        saved = default_storage.save(name, File(source, name=name))
    if saved != name:
        raise BackupError(f"媒体文件 {name} 被存储改名为 {saved}，恢复中止。")


def empty_tables() -> None:
    if connection.vendor == "postgresql":
        # TRUNCATE refuses a table with foreign-key checks still pending in
        # this transaction (a caller's rows, as in a test): run them now,
        # then defer again, as loading rows in any order needs.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(
        sql_flush(no_style(), connection, reset_sequences=True)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def replace_database(data_path, expected: dict[str, int]) -> None:
    """Replace every backed-up table with the rows in `data_path`, in one
    transaction: any failure leaves the database as it was."""
    from django.contrib.contenttypes.models import ContentType

    try:
        with transaction.atomic():
            # Every table, sessions and tasks included (see the docstring);
            # post_migrate is not sent, as the content types and
            # permissions come back from the backup with their ids.
            empty_tables()
            ContentType.objects.clear_cache()
            call_command("loaddata", str(data_path), verbosity=0)
            loaded = counts()
            if loaded != expected:
                label = min(
                    k for k in {*loaded, *expected} if loaded.get(k) != expected.get(k)
                )
                if label not in loaded or label not in expected:
                    raise BackupError(
                        f"备份清单与本程序备份的表不一致（{label}）；"
                        "恢复已撤销，数据库未改动。"
                    )
                raise BackupError(
                    f"载入后 {label} 的行数为 {loaded[label]}，"
                    f"清单为 {expected[label]}；恢复已撤销，数据库未改动。"
                )
    except BackupError:
        raise
    except (
        DatabaseError,
        serializers.base.DeserializationError,
        ValidationError,
        ValueError,
    ) as e:
        raise BackupError(
            f"备份的数据无法载入（{e.__class__.__name__}：{str(e)[:200]}）；"
            "恢复已撤销，数据库未改动。"
        ) from None
    finally:
        ContentType.objects.clear_cache()
