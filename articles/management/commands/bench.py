"""`manage.py bench` (`make bench`): fill PostgreSQL with stories, serve the
site with gunicorn on 127.0.0.1, and measure it with wrk — cache off, then
on. A benchmark, not a test: it prints figures."""

import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.models import Correspondent
from articles.models import Article, Credit, Section
from articles.text import count_characters, index_text, plain_text

PHRASES = [
    "市总工会召开全委会议",
    "发布职工服务实事项目",
    "新建户外劳动者服务站",
    "开展职工技能培训",
    "为困难职工送去温暖",
    "推进产业工人队伍建设改革",
    "维护职工合法权益",
    "举办职工运动会",
    "光伏产业集群加快发展",
    "劳模创新工作室取得成果",
    "女职工关爱行动持续开展",
    "新就业形态劳动者集中入会",
    "职工书屋开展读书活动",
    "安全生产月活动启动",
    "企业工资指导线发布",
]
TAGS = [
    "工会",
    "维权",
    "光伏",
    "职工服务",
    "劳模",
    "安全生产",
    "就业",
    "女职工",
    "技能",
    "新就业形态",
]


class Command(BaseCommand):
    help = "性能测试：写入大量稿件，用 gunicorn 提供服务，用 wrk 测量。"

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument(
            "--duration", type=int, default=10, help="每个页面的测量秒数"
        )
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument("--fill-only", action="store_true")

    def handle(
        self, *args, articles, duration, connections, port, fill_only, **options
    ):
        if connection.vendor != "postgresql":
            raise CommandError("性能测试需要 PostgreSQL：请设置 DATABASE_URL。")
        self.fill(articles)
        if fill_only:
            return
        if not shutil.which("wrk"):
            raise CommandError("需要 wrk：apt-get install wrk")
        # The server runs with DEBUG off: it needs the hashed static manifest.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=self.server_env(0),
            check=True,
        )
        urls = self.urls()
        self.stdout.write(
            f"机器：{os.cpu_count()} 核，{self.memory()}；"
            f"稿件 {Article.objects.count():,} 篇；wrk {connections} 连接，每页 {duration} 秒"
        )
        self.stdout.write(
            f"{'页面':<8}{'缓存':<6}{'请求/秒':>10}{'p50':>10}{'p99':>10}"
        )
        for label, seconds in (("关", 0), ("开", 300)):
            with self.server(port, seconds):
                for name, path in urls.items():
                    url = f"http://127.0.0.1:{port}{path}"
                    urllib.request.urlopen(url).read()  # warm the page (and the cache)
                    rps, p50, p99 = self.wrk(url, duration, connections)
                    self.stdout.write(
                        f"{name:<8}{label:<6}{rps:>10.1f}{p50:>10}{p99:>10}"
                    )

    def fill(self, wanted):
        have = Article.objects.published().count()
        if have >= wanted:
            self.stdout.write(f"已有 {have:,} 篇已发布稿件，不再写入。")
            return
        started = time.monotonic()
        rng = random.Random(42)
        sections = [
            Section.objects.get_or_create(
                slug=f"bench-{i}", defaults={"name": f"测试栏目{i}"}
            )[0]
            for i in range(8)
        ]
        people = [
            Correspondent.objects.get_or_create(name=name, kind="staff")[0]
            for name in ("林晓峰", "周雨桐", "李强", "许文静", "王海涛", "陈立新")
        ]
        tags = [
            Tag.objects.get_or_create(name=name, defaults={"slug": name})[0]
            for name in TAGS
        ]
        article_type = ContentType.objects.get_for_model(Article)
        now = timezone.now()
        batch = 5000
        for start in range(have, wanted, batch):
            rows = []
            for i in range(start, min(start + batch, wanted)):
                headline = "".join(rng.sample(PHRASES, 2))[:40]
                body = "".join(
                    f"<p>{'，'.join(rng.sample(PHRASES, 4))}。</p>" for _ in range(4)
                )
                when = now - timedelta(minutes=i * 10 + rng.randint(0, 9))
                rows.append(
                    Article(
                        headline=headline,
                        body=body,
                        summary=plain_text(body)[:60],
                        section=sections[i % len(sections)],
                        status=Article.Status.PUBLISHED,
                        publish_at=when,
                        first_published_at=when,
                        char_count=count_characters(body),
                        search_text=index_text(headline, plain_text(body)),
                    )
                )
            with transaction.atomic():
                created = Article.objects.bulk_create(rows)
                Credit.objects.bulk_create(
                    Credit(
                        article=a,
                        correspondent=rng.choice(people),
                        role="reporter",
                        position=p,
                    )
                    for a in created
                    for p in range(2)
                )
                TaggedItem.objects.bulk_create(
                    TaggedItem(tag=tag, content_type=article_type, object_id=a.pk)
                    for a in created
                    for tag in rng.sample(tags, 3)
                )
            self.stdout.write(
                f"  已写入 {min(start + batch, wanted):,} 篇", ending="\r"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"\n写入完成，用时 {time.monotonic() - started:.0f} 秒。")

    def urls(self):
        article = Article.objects.published().order_by("-publish_at")[50]
        return {
            "稿件页": article.get_absolute_url(),
            "首页": "/",
            "栏目页": "/section/bench-1/",
            "标签页": "/tag/" + quote("工会") + "/",
            "搜索页": "/search/?q=" + quote("光伏产业"),
        }

    def server(self, port, cache_seconds):
        command = self

        class Server:
            def __enter__(self):
                env = command.server_env(cache_seconds)
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "newsroom.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(os.cpu_count() or 2),
                        "--log-level",
                        "warning",
                    ],
                    cwd=settings.BASE_DIR,
                    env=env,
                )
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt")
                        return self
                    except OSError:
                        time.sleep(0.3)
                self.process.terminate()
                raise CommandError("gunicorn 没有启动。")

            def __exit__(self, *exc):
                self.process.terminate()
                self.process.wait(timeout=30)
                command.stdout.flush()

        return Server()

    @staticmethod
    def server_env(cache_seconds):
        return {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "NEWSROOM_PAGE_CACHE_SECONDS": str(cache_seconds),
            "AXES_LOG_LEVEL": "ERROR",
            "LOG_LEVEL": "WARNING",
        }

    @staticmethod
    def wrk(url, duration, connections):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = re.search(r"50%\s+(\S+)", out).group(1)
        p99 = re.search(r"99%\s+(\S+)", out).group(1)
        return rps, p50, p99

    @staticmethod
    def memory():
        try:
            with open("/proc/meminfo") as meminfo:
                kb = int(meminfo.readline().split()[1])
            return f"{kb / 1024 / 1024:.0f} GiB 内存"
        except OSError:
            return "内存未知"
