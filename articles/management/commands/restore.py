"""`manage.py restore FILE`: replace the database and restore the media
from a backup made by `manage.py backup` (articles.backup)."""

from django.core.management.base import BaseCommand, CommandError

from articles import backup


class Command(BaseCommand):
    help = (
        "用 manage.py backup 做的备份替换当前数据库的全部内容，并恢复媒体文件。"
        "备份先经完整校验；数据库在一个事务里替换，失败时不作任何改动。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件（.tar.gz）的路径。")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="不询问确认，直接恢复。",
        )

    def handle(self, *args, path, interactive=True, **options):
        if interactive:
            answer = input(
                "恢复会用备份替换当前数据库里的全部内容（稿件、账号、照片记录……），"
                "所有人需要重新登录。输入 yes 继续："
            )
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，没有改动任何内容。")
        try:
            manifest = backup.restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{manifest.created_at} 的备份，"
                f"{sum(manifest.counts.values())} 行，"
                f"{len(manifest.media_names)} 个媒体文件。"
            )
        )
