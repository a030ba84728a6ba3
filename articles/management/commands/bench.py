"""`manage.py bench` (`make bench`): fill a PostgreSQL database with
stories (articles.bench.fill), then measure, each part on its own:

- pages: the reader's pages with wrk against gunicorn, cache off and on,
  each as a ratio to a bare Django view served in the same run;
- search: 200 queries through the search view's query, p50/p95/p99/max;
- admin: the story screens as a logged-in editor;
- day: a working newsroom day, readers and an editor at once, and the
  page cache's hit rate.

A benchmark, not a test: it prints figures, in Chinese."""

import os
import platform
import shutil
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.bench import day, editor, fill, pages, search, server

PARTS = ("pages", "search", "admin", "day")


def parts(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in PARTS]
    if unknown or not chosen:
        raise CommandError(
            f"--only 的取值无效：{value!r}。可选：{','.join(PARTS)}，用逗号分隔。"
        )
    return chosen


class Command(BaseCommand):
    help = (
        "性能测试：写入大量稿件，测量读者页面（与空视图之比）、检索、"
        "编辑后台和模拟的一个工作日。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=100_000, help="稿件写到这个篇数为止"
        )
        parser.add_argument(
            "--fill-only", action="store_true", help="只写入稿件，不测量"
        )
        parser.add_argument(
            "--only",
            default=",".join(PARTS),
            help=f"只测这些部分，逗号分隔：{','.join(PARTS)}",
        )
        parser.add_argument(
            "--duration", type=int, default=10, help="wrk 每轮测量的秒数"
        )
        parser.add_argument("--rounds", type=int, default=3, help="每个页面测几轮")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数")
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument(
            "--day-minutes", type=float, default=3, help="模拟工作日的分钟数"
        )
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **options):
        chosen = parts(options["only"])
        for name in ("articles", "duration", "rounds", "connections", "threads"):
            if options[name] < 1:
                raise CommandError(f"--{name} 必须是正整数。")
        if options["day_minutes"] <= 0:
            raise CommandError("--day-minutes 必须大于 0。")
        if connection.vendor != "postgresql":
            raise CommandError(
                "性能测试需要 PostgreSQL：请设置 DATABASE_URL（make bench 会设好）。"
            )
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            # The bench writes made-up stories, edits and withdraws them and
            # makes staff accounts with known passwords.
            raise CommandError(
                f"为防误用，性能测试只在名字含 bench 的数据库上运行（现在是 {name}），"
                "例如 newsroom_bench、newsroom_bench_1m。"
            )
        try:
            timings = fill.fill(options["articles"], out=self.say, seed=options["seed"])
        except fill.FillError as error:
            raise CommandError(str(error)) from None
        if timings:
            self.say(fill.describe(timings))
        if options["fill_only"]:
            return
        if "pages" in chosen and not shutil.which("wrk"):
            raise CommandError(
                "测量页面需要 wrk（apt-get install wrk），或用 --only 跳过 pages。"
            )
        self.header(options)
        server.collect_static()
        queries = []
        if {"pages", "search", "admin"} & set(chosen):
            queries = search.query_set(options["seed"])
        words = [q for _kind, q in queries]
        try:
            if "pages" in chosen:
                pages.measure(self, options, words[::20])
            if "search" in chosen:
                search.measure(self, options, queries)
            if "admin" in chosen:
                editor.measure(self, options, words[::40])
            if "day" in chosen:
                day.measure(self, options)
        except (server.ServerError, editor.LoginFailed) as error:
            raise CommandError(str(error)) from None
        self.say(f"\n结束于 {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}。")

    def say(self, line: str = "") -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def header(self, options) -> None:
        from articles.models import Article

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        self.say(
            f"\n机器：{platform.node()}，{os.cpu_count()} 核，{memory()}，"
            f"负载 {load()}；"
            f"PostgreSQL {version}；"
            f"已发布稿件 {Article.objects.published().count():,} 篇"
        )
        self.say(
            f"gunicorn {options['workers']} 个进程；wrk -t{options['threads']} "
            f"-c{options['connections']}，每页 {options['rounds']} 轮、每轮 "
            f"{options['duration']} 秒，取中位数；开始于 {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )


def load() -> str:
    """The load average when the run began: others' work skews the figures."""
    try:
        return " ".join(f"{n:.1f}" for n in os.getloadavg())
    except OSError:
        return "未知"


def memory() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
    except OSError:
        return "内存未知"
    return f"{kb / 1024 / 1024:.0f} GiB 内存"
