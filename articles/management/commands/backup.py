"""`manage.py backup [FILE]`: the database and the media in one archive
(articles.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import backup


class Command(BaseCommand):
    help = "把数据库和媒体文件（本地或 S3）备份成一个 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="备份文件的路径；不给时写到 backups/newsroom-日期时间.tar.gz。",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path("backups") / f"newsroom-{stamp}.tar.gz"
        path = Path(path)
        if not path.name.endswith(".tar.gz"):
            raise CommandError("备份文件名须以 .tar.gz 结尾。")
        if path.exists():
            raise CommandError(f"{path} 已经存在，不会覆盖；请换一个文件名。")
        if not path.parent.is_dir():
            if path.parent == Path("backups"):
                path.parent.mkdir()
            else:
                raise CommandError(f"目录 {path.parent} 不存在。")
        try:
            manifest = backup.create(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"无法写入备份文件 {path}：{error.strerror}") from None
        rows = sum(manifest.counts.values())
        files = len(manifest.media_names)
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{path}（{path.stat().st_size / 1_000_000:.1f} MB），"
                f"{len(manifest.counts)} 张表共 {rows} 行，{files} 个媒体文件。"
            )
        )
