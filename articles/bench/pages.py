"""The reader's pages under wrk, cache off and cache on, each as a ratio to
the bare view (server.BASELINE) measured by the same gunicorn in the same
run. Several addresses per page (stories, sections, tags, people, queries)
so that no single row or plan stands for all."""

from __future__ import annotations

import random
from urllib.parse import quote

from django.core.cache import cache

from accounts.models import Correspondent
from articles.models import Article, Section

from . import corpus, server

#: The issue's goals: page -> the ratio to reach, cache off; cached pages
#: are to reach CACHED_GOAL whatever the page.
GOALS = {"稿件页": 0.20, "首页": 0.12, "栏目页": 0.12, "标签页": 0.12}
CACHED_GOAL = 0.85
ARTICLES = 50


def story_paths(rng: random.Random, count: int) -> list[str]:
    """`count` live stories spread over the whole archive."""
    bounds = Article.objects.published().order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    found: dict[int, None] = {}
    for _ in range(count * 3):
        pk = (
            Article.objects.published()
            .filter(pk__gte=rng.randint(first, last))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk:
            found[pk] = None
        if len(found) == count:
            break
    return [f"/article/{pk}/" for pk in found]


def targets(rng: random.Random, queries: list[str]) -> dict[str, list[str]]:
    v = corpus.vocabulary()
    sections = [s.slug for s in v.section_pool.words[:5]]
    sections = list(
        Section.objects.filter(slug__in=sections).values_list("slug", flat=True)
    )
    people = [p.name for p in v.people_by_kind["staff"].words[:5]]
    people = list(
        Correspondent.objects.filter(slug__in=people).values_list("slug", flat=True)
    )
    return {
        "稿件页": story_paths(rng, ARTICLES),
        "首页": ["/"],
        "栏目页": [f"/section/{slug}/" for slug in sections],
        "标签页": [f"/tag/{quote(tag)}/" for tag in v.tag_pool.words[:5]],
        "人物页": [f"/people/{quote(slug)}/" for slug in people],
        "检索页": [f"/search/?q={quote(q)}" for q in queries],
    }


def measure(command, options, queries: list[str]) -> None:
    say = command.say
    rng = random.Random(options["seed"])
    pages = targets(rng, queries)
    say(
        f"\n一、读者页面（与空视图 {server.BASELINE} 之比：同一 gunicorn、同一次运行中"
        "测得；空视图是不读数据库、不用模板的函数视图，经过全部中间件）"
    )
    say(
        "   稿件页轮流请求 "
        f"{len(pages['稿件页'])} 篇分布在整个档案中的稿件；栏目、标签、人物各 5 个，"
        f"检索 {len(pages['检索页'])} 个查询词。"
    )
    say(
        f"   {server.pad('页面', 8)}{server.pad('缓存', 6)}"
        f"{server.pad('请求/秒', 10, right=True)}"
        f"{server.pad('与空视图之比', 14, right=True)}"
        f"{'p50':>10}{'p99':>10}  说明"
    )
    results = {}
    for label, seconds in (("关", 0), ("开", 300)):
        cache.clear()  # Redis database 2: the bench's own
        with server.Gunicorn(options["port"], options["workers"], seconds) as site:
            baseline = run(site, [server.BASELINE], options)
            say(row("空视图", label, baseline, baseline.rps, ""))
            for name, paths in pages.items():
                if seconds:
                    note = f"缓存：{warm(site, paths)}"
                else:
                    warm(site, paths[:1])  # a worker's first page loads templates
                    note = ""
                figure = run(site, paths, options)
                if figure.errors:
                    note += f" 错误应答 {figure.errors} 个"
                say(row(name, label, figure, baseline.rps, note))
                results[name, label] = figure.rps / baseline.rps
    say("   目标：")
    for name, goal in GOALS.items():
        say(goal_line(f"{name}（缓存关）", results.get((name, "关")), goal))
    cached = [ratio for (name, label), ratio in results.items() if label == "开"]
    lowest = min(cached, default=None)
    say(goal_line("缓存页面（缓存开，最低的一项）", lowest, CACHED_GOAL))


def warm(site, paths: list[str]) -> str:
    """Ask for every address twice, then once more to see whether the
    cache holds it now, and say what the cache answered (nothing when the
    cache is off)."""
    client = server.Client(site.port)
    states: dict[str, int] = {}
    try:
        for _ in range(2):
            for path in paths:
                response, _ = client.get(path)
        for path in paths:
            response, _ = client.get(path)
            state = response.headers.get("X-Newsroom-Cache", "无")
            states[state] = states.get(state, 0) + 1
    finally:
        client.close()
    if set(states) == {"无"}:
        return ""
    return "，".join(f"{state} {n}" for state, n in states.items())


def run(site, paths, options) -> server.Figure:
    return server.Figure(
        [
            server.wrk(
                site.base,
                paths,
                duration=options["duration"],
                threads=options["threads"],
                connections=options["connections"],
            )
            for _ in range(options["rounds"])
        ]
    )


def row(name, label, figure, baseline_rps, note) -> str:
    middle = figure.middle
    return (
        f"   {server.pad(name, 8)}{server.pad(label, 6)}{figure.rps:>10.1f}"
        f"{figure.rps / baseline_rps:>14.3f}"
        f"{middle.p50:>10}{middle.p99:>10}  {note}"
    )


def goal_line(name: str, ratio: float | None, goal: float) -> str:
    if ratio is None:
        return f"   - {name}：未测"
    verdict = "达到" if ratio >= goal else "未达到"
    return f"   - {name} ≥ {goal:.2f}：{ratio:.3f}，{verdict}"
