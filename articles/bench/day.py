"""A working newsroom day: readers and an editor at once, and what the page
cache makes of it.

Readers (a few threads, each one keep-alive connection, no pause) ask for
the 10,000 newest stories, Zipf-distributed by how new they are, and for
the list pages (home, every section, the 50 commonest tags), Zipf too. An
editor makes 20 changes a minute through the product's own services, as
the admin would: edits to a headline or a body through articles.editing,
publishing and, now and then, withdrawing through articles.workflow. The
editor picks stories as readers do, the newest most often. Each change
invalidates the page cache after its commit in whatever way the product
does at the time (purge_stories for the pages that show the story, or
purge for every page); the bench counts which it was.

Readers alone warm the cache first (a minute, or a third of a short day);
then the editor starts and the answers are counted. The X-Newsroom-Cache
header of each answer says hit, miss or stale. The hit rate is given over
every counted request, and without each address's first request (a cold
cache's misses, which no invalidation scheme avoids)."""

from __future__ import annotations

import http.client
import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.cache import cache
from django.db import close_old_connections
from django.utils import timezone

from accounts import roles
from articles import editing, workflow
from articles.models import Article, Section
from articles.reader import cache as page_cache

from . import corpus, editor, server

STORIES = 10_000
CHANGES_PER_MINUTE = 20
READERS = 4
#: The share of reader requests for list pages.
LIST_SHARE = 0.2
#: Of the editor's changes: edits, then publications, then withdrawals.
EDIT_SHARE, PUBLISH_SHARE = 0.75, 0.20
GOAL = 0.95
#: Readers alone before the day is counted (at most a third of the day).
WARM_SECONDS = 60


@dataclass
class Tally:
    answers: Counter = field(default_factory=Counter)
    repeat_answers: Counter = field(default_factory=Counter)

    def add(self, state: str, first: bool) -> None:
        self.answers[state] += 1
        if not first:
            self.repeat_answers[state] += 1


class Readers:
    def __init__(self, port, story_paths, list_paths, seed):
        self.port = port
        self.stories = corpus.Pool(story_paths)
        self.lists = corpus.Pool(list_paths)
        self.seed = seed
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.seen: set[str] = set()
        self.tallies = {"story": Tally(), "list": Tally()}
        self.requests = 0

    def restart(self) -> None:
        """Count afresh (the addresses already asked for stay known)."""
        with self.lock:
            self.tallies = {"story": Tally(), "list": Tally()}
            self.requests = 0

    def run(self, number: int) -> None:
        rng = random.Random(f"{self.seed}:{number}")
        client = server.Client(self.port)
        try:
            while not self.stop.is_set():
                kind = "list" if rng.random() < LIST_SHARE else "story"
                pool = self.lists if kind == "list" else self.stories
                path = rng.choices(pool.words, cum_weights=pool.cum_weights)[0]
                try:
                    response, _ = client.get(path)
                except (http.client.HTTPException, OSError):
                    client.close()
                    state = "无应答"
                else:
                    state = response.headers.get("X-Newsroom-Cache")
                    if state is None:
                        state = f"{response.status}（无缓存头）"
                with self.lock:
                    first = path not in self.seen
                    self.seen.add(path)
                    self.tallies[kind].add(state, first)
                    self.requests += 1
        finally:
            client.close()


class Editor:
    """20 changes a minute through articles.editing and articles.workflow."""

    def __init__(self, story_ids: list[int], seed, minutes: float):
        self.rng = random.Random(f"{seed}:editor")
        self.writer = corpus.Writer(f"{seed}:editor")
        self.stories = corpus.Pool(story_ids)
        self.user = editor.account("bench-chief", roles.CHIEF_EDITOR)
        self.waiting = self.approved_stories(
            math.ceil(minutes * CHANGES_PER_MINUTE * PUBLISH_SHARE * 1.5) + 3
        )
        self.done: Counter = Counter()
        self.refused: Counter = Counter()

    def approved_stories(self, count: int) -> list[int]:
        """Stories signed off and waiting to be published, written straight
        to the database: the review chain before them is not what is measured."""
        sections = list(Section.objects.all())
        ids = []
        for _ in range(count):
            story = self.writer.story(timezone.localdate())
            article = Article(
                headline=story.headline,
                kicker=story.kicker,
                subtitle=story.subtitle,
                summary=story.summary,
                body=story.body,
                section=self.rng.choice(sections),
                created_by=self.user,
            )
            article.status = Article.Status.APPROVED
            article.save()
            ids.append(article.pk)
        return ids

    def change(self) -> None:
        roll = self.rng.random()
        try:
            if roll < EDIT_SHARE or not self.waiting:
                self.edit()
            elif roll < EDIT_SHARE + PUBLISH_SHARE:
                article = Article.objects.get(pk=self.waiting.pop())
                workflow.publish(article, by=self.user)
                self.done["发布"] += 1
            else:
                # Any story may have to come down, not mostly the newest.
                article = self.pick(uniform=True)
                workflow.withdraw(article, by=self.user, reason="性能测试：撤稿")
                self.done["撤稿"] += 1
        except workflow.NotAllowed as refusal:
            self.refused[str(refusal)] += 1

    def pick(self, uniform=False) -> Article:
        for _ in range(20):
            if uniform:
                pk = self.rng.choice(self.stories.words)
            else:
                pk = self.rng.choices(
                    self.stories.words, cum_weights=self.stories.cum_weights
                )[0]
            article = Article.objects.filter(
                pk=pk, status=Article.Status.PUBLISHED
            ).first()
            if article:
                return article
        raise workflow.NotAllowed("找不到可以修改的已发布稿件。")

    def edit(self) -> None:
        article = self.pick()
        if self.rng.random() < 0.5:
            article.headline = self.writer.headline()
            fields = ["headline"]
        else:
            paragraphs = article.body.split("</p>")
            at = self.rng.randrange(max(1, len(paragraphs) - 1))
            paragraphs[at] = "<p>" + self.writer.paragraph(150)
            article.body = "</p>".join(paragraphs)
            fields = ["body"]
        editing.save_edit(
            article, by=self.user, base_version=article.version, fields=fields
        )
        self.done["修改" + ("标题" if fields == ["headline"] else "正文")] += 1


class Counted:
    """Counts the calls of one of the page cache's invalidation functions
    while the day runs (the product looks them up on the module)."""

    def __init__(self, name: str):
        self.name = name
        self.calls = 0
        self.original = getattr(page_cache, name, None)

    def __enter__(self):
        if self.original is not None:

            def counted(*args, **kwargs):
                self.calls += 1
                return self.original(*args, **kwargs)

            setattr(page_cache, self.name, counted)
        return self

    def __exit__(self, *exc):
        if self.original is not None:
            setattr(page_cache, self.name, self.original)


def list_paths() -> list[str]:
    v = corpus.vocabulary()
    sections = list(Section.objects.values_list("slug", flat=True))
    ranked = [s.slug for s in v.section_pool.words if s.slug in sections]
    return (
        ["/"]
        + [f"/section/{slug}/" for slug in ranked]
        + [f"/tag/{quote(tag)}/" for tag in v.tag_pool.words[:50]]
    )


def measure(command, options) -> None:
    say = command.say
    minutes = options["day_minutes"]
    story_ids = list(
        Article.objects.published()
        .order_by("-publish_at", "-pk")
        .values_list("pk", flat=True)[:STORIES]
    )
    editor_process = Editor(story_ids, options["seed"], minutes)
    warm_seconds = min(WARM_SECONDS, minutes * 60 / 3)
    has_stories_purge = hasattr(page_cache, "purge_stories")
    say(
        f"\n四、工作日模拟：{minutes:g} 分钟。读者 {READERS} 个线程不停请求："
        f"{100 - LIST_SHARE * 100:.0f}% 为最新 {len(story_ids):,} 篇稿件的页面"
        "（按新旧排名的 Zipf 分布），"
        f"{LIST_SHARE * 100:.0f}% 为列表页"
        "（首页、各栏目、最常用的 50 个标签，Zipf 分布）。"
    )
    say(
        f"   编辑（总编辑角色）每分钟 {CHANGES_PER_MINUTE} 次操作，经产品的编辑服务和"
        "审稿流程（articles.editing、articles.workflow）：修改标题或正文、发布已签发稿件、"
        "偶尔撤稿；提交后的缓存失效由产品自己完成。"
    )
    say(
        f"   先让读者单独请求 {warm_seconds:.0f} 秒预热缓存（不计入结果），"
        "再开始编辑操作和计数。"
    )
    if has_stories_purge:
        say("   本次运行 articles.reader.cache 有 purge_stories()：按稿件失效。")
    else:
        say(
            "   本次运行 articles.reader.cache 没有 purge_stories()："
            "产品仍用 purge() 让整站缓存失效。"
        )
    cache.clear()
    with (
        server.Gunicorn(options["port"], options["workers"], 300) as site,
        Counted("purge") as whole,
        Counted("purge_stories") as by_story,
    ):
        readers = Readers(
            site.port,
            [f"/article/{pk}/" for pk in story_ids],
            list_paths(),
            options["seed"],
        )
        threads = [
            threading.Thread(target=readers.run, args=(n,), daemon=True)
            for n in range(READERS)
        ]
        for thread in threads:
            thread.start()
        # Readers alone first, so that the day starts with the cache a
        # newsroom has by mid-morning rather than an empty one.
        time.sleep(warm_seconds)
        readers.restart()
        started = time.monotonic()
        ends = started + minutes * 60
        interval = 60 / CHANGES_PER_MINUTE
        next_change = started + interval
        try:
            while time.monotonic() < ends:
                time.sleep(max(0.0, min(next_change, ends) - time.monotonic()))
                if time.monotonic() >= ends:
                    break
                editor_process.change()
                close_old_connections()
                next_change += interval
        finally:
            readers.stop.set()
            for thread in threads:
                thread.join(timeout=130)
        elapsed = time.monotonic() - started
    report(say, readers, editor_process, elapsed, whole, by_story)


def report(say, readers, editor_process, elapsed, whole, by_story) -> None:
    changes = sum(editor_process.done.values())
    done = "，".join(f"{name} {n}" for name, n in editor_process.done.items())
    say(
        f"   读者请求 {readers.requests:,} 次"
        f"（{readers.requests / elapsed:.0f} 次/秒）；"
        f"编辑操作 {changes} 次（{changes / elapsed * 60:.1f} 次/分钟）：{done}"
    )
    if editor_process.refused:
        refused = "；".join(f"{m}×{n}" for m, n in editor_process.refused.items())
        say(f"   被拒绝的操作：{refused}")
    say(
        f"   提交后的失效调用：purge_stories() {by_story.calls} 次，"
        f"purge()（整站）{whole.calls} 次"
    )
    say(
        "   "
        + server.pad("页面", 8)
        + "".join(server.pad(h, 10, right=True) for h in ("请求", "命中", "未命中"))
        + server.pad("过期副本", 10, right=True)
        + server.pad("命中率", 10, right=True)
        + "  不计首次请求的命中率  其他应答"
    )
    rates, repeat_rates = {}, {}
    for kind, label in (("story", "稿件页"), ("list", "列表页")):
        tally = readers.tallies[kind]
        total = sum(tally.answers.values())
        hits = tally.answers["hit"]
        rate = hits / total if total else 0.0
        repeat_total = sum(tally.repeat_answers.values())
        repeat_rate = (
            tally.repeat_answers["hit"] / repeat_total if repeat_total else 0.0
        )
        rates[kind], repeat_rates[kind] = rate, repeat_rate
        other = "，".join(
            f"{state} {n}"
            for state, n in tally.answers.items()
            if state not in ("hit", "miss", "stale")
        )
        say(
            f"   {server.pad(label, 8)}{total:>10}{hits:>10}{tally.answers['miss']:>10}"
            f"{tally.answers['stale']:>10}{rate:>10.1%}  {repeat_rate:>8.1%}"
            f"（{repeat_total} 次）  {other}"
        )
    say(
        f"   目标：稿件页命中率 ≥ {GOAL:.0%}："
        f"全部请求 {rates['story']:.1%}，{verdict(rates['story'])}；"
        f"不计首次请求 {repeat_rates['story']:.1%}，{verdict(repeat_rates['story'])}"
        "（每个地址的首次请求必然未命中，与失效方式无关）"
    )


def verdict(rate: float) -> str:
    return "达到" if rate >= GOAL else "未达到"
