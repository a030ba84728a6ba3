"""The search at scale: 200 queries built from the corpus, timed one by one
through the search view (gunicorn, page cache off), as a reader waits.

How common a word is comes from a sample of stories written by the same
writer as the archive (articles.bench.corpus), so the query set is the same
for any archive size: rare words (landmarks, each in about 3 stories of
10,000), words in about a third of them, two-word queries, and people's
names (byline names, which the search matches as a whole, and names in the
text)."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date
from urllib.parse import quote

import ahocorasick

from . import corpus, server

SAMPLE = 2000
PER_KIND = 50
KINDS = {
    "rare": "罕见词（约万分之三）",
    "third": "约三分之一稿件含有的词",
    "pair": "两个词",
    "name": "人名",
}
GOAL_P95_MS = 50
#: The run stops after this many queries without an answer.
FAILURES = 5


def document_frequency(sample: int = SAMPLE) -> Counter:
    """For each word of the vocabulary, in how many of `sample` stories it
    appears (the writer's own sample, seeded)."""
    v = corpus.vocabulary()
    writer = corpus.Writer("query-sample")
    automaton = ahocorasick.Automaton()
    for word in v.words():
        if len(word) > 1:
            automaton.add_word(word, word)
    automaton.make_automaton()
    seen: Counter = Counter()
    for _ in range(sample):
        story = writer.story(date(2026, 1, 1))
        text = " ".join(
            (story.kicker, story.headline, story.subtitle, story.summary, story.plain)
        )
        seen.update({word for _end, word in automaton.iter(text)})
    return seen


def query_set(seed: int = 42, sample: int = SAMPLE) -> list[tuple[str, str]]:
    """200 (kind, query) pairs, 50 of each kind; how common a word is comes
    from `sample` stories."""
    rng = random.Random(seed)
    v = corpus.vocabulary()
    seen = document_frequency(sample)
    names = set(v.names.words)
    # Names are a kind of their own; the other kinds are the news words.
    share = {w: n / sample for w, n in seen.items() if w not in names}
    third = sorted(w for w, s in share.items() if 0.25 <= s <= 0.42)
    middle = sorted(w for w, s in share.items() if 0.02 <= s <= 0.2)
    bylines = [p.name for p in v.people]
    in_text = sorted(names - set(bylines) & set(seen))
    # Landmarks are each in about 3 stories of 10,000 (corpus.RARE_SHARE).
    queries = [("rare", w) for w in rng.sample(v.rare, PER_KIND)]
    queries += [("third", w) for w in _spread(rng, third, PER_KIND)]
    pairs = {" ".join(rng.sample(middle, 2)) for _ in range(PER_KIND * 3)}
    queries += [("pair", q) for q in sorted(pairs)[:PER_KIND]]
    people = rng.sample(bylines, PER_KIND * 3 // 5)
    people += rng.sample(in_text, PER_KIND - len(people))
    queries += [("name", n) for n in people]
    return queries


def _spread(rng, words, count):
    """`count` of `words`, repeating when there are fewer (each repeat is a
    separate request)."""
    if len(words) >= count:
        return rng.sample(words, count)
    return [words[i % len(words)] for i in range(count)] if words else []


def measure(command, options, queries: list[tuple[str, str]]) -> None:
    say = command.say
    say(
        f"\n二、检索：{len(queries)} 个查询，经检索视图逐个请求（gunicorn，页面缓存关，"
        "单连接依次请求，先整体预热一遍）"
    )
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    failures = 0
    with server.Gunicorn(options["port"], options["workers"], 0) as site:
        client = server.Client(site.port)
        try:
            for _kind, query in queries[::10]:
                client.timed_get(f"/search/?q={quote(query)}")
            for kind, query in queries:
                ms, status = client.timed_get(f"/search/?q={quote(query)}")
                timings[kind].append(ms)
                failures += status != 200
                if failures >= FAILURES:
                    break
        finally:
            client.close()
    every = [ms for values in timings.values() for ms in values]
    say(
        f"   {server.pad('查询', 26)}{server.pad('个数', 6, right=True)}"
        f"{'p50':>10}{'p95':>10}{'p99':>10}{server.pad('最长', 10, right=True)}"
    )
    for kind, label in KINDS.items():
        say(line(label, timings[kind]))
    say(line("全部", every))
    if failures:
        say(
            f"   有 {failures} 个查询没有得到 200 应答（超时或出错）"
            + ("，已停止测量。" if failures >= FAILURES else "。")
        )
    p95 = server.percentile(every, 0.95)
    verdict = "达到" if p95 < GOAL_P95_MS else "未达到"
    say(f"   目标：p95 < {GOAL_P95_MS} 毫秒：{p95:.1f} 毫秒，{verdict}")
    examples = "、".join(q for _k, q in queries[:: len(queries) // 8])
    say(f"   查询举例：{examples}")


def line(label: str, values: list[float]) -> str:
    if not values:
        return f"   {server.pad(label, 26)}{0:>6}"
    return (
        f"   {server.pad(label, 26)}{len(values):>6}"
        f"{statistics.median(values):>8.1f}ms"
        f"{server.percentile(values, 0.95):>8.1f}ms"
        f"{server.percentile(values, 0.99):>8.1f}ms"
        f"{max(values):>8.1f}ms"
    )
