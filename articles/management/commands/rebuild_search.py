"""`manage.py rebuild_search`: queue a rebuild of the search index for the
worker (articles.reader.search_tasks); `--now` runs it here instead."""

from django.core.management.base import BaseCommand, CommandError

from articles.reader.search_tasks import rebuild, rebuild_search_index


class Command(BaseCommand):
    help = "重建全部稿件的检索索引（默认交给后台任务执行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            default="500",
            help="每批处理的稿件数（正整数，默认 500）。",
        )
        parser.add_argument(
            "--now", action="store_true", help="在本命令中直接执行，不排队。"
        )

    def handle(self, *args, batch_size, now, **options):
        try:
            size = int(batch_size)
        except ValueError:
            size = 0
        if not 1 <= size <= 10_000:
            raise CommandError(
                f"批量大小必须是 1 到 10000 之间的整数，收到的是“{batch_size}”。"
            )
        if now:
            done = rebuild(size)
            self.stdout.write(
                f"检索索引已重建：共 {done['stories']} 篇，更新 {done['changed']} 篇。"
            )
            return
        try:
            result = rebuild_search_index.enqueue(batch_size=size)
        except Exception as error:
            raise CommandError(f"无法把重建任务加入队列：{error}") from error
        self.stdout.write(
            f"已把检索索引重建加入后台队列（任务 {result.id}），由 db_worker 执行。"
        )
