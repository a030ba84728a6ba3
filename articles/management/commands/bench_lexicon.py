"""`manage.py bench_lexicon` (`make bench-lexicon`): how long the
sensitive-word check takes on a 10,000-character story with a
10,000-word lexicon, with the Aho–Corasick automaton (articles.proofing)
and with the naive check — one substring search per word — measured in the
same run. A benchmark, not a test: it prints figures and the ratio, and
checks only that both find the same words."""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from articles.proofing import Entry, Matcher, naive_find

#: Common Han characters the generated words and story are made of.
HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
)
PUNCTUATION = "，，，。、；"


def make_lexicon(rng, size):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(HAN, k=rng.randint(2, 4))))
    levels = ["banned", "caution"]
    return [Entry(word, rng.choice(levels)) for word in sorted(words)]


def make_story(rng, length, lexicon, planted):
    chars = []
    while len(chars) < length:
        chars.extend(rng.choices(HAN, k=rng.randint(8, 20)))
        chars.append(rng.choice(PUNCTUATION))
    text = "".join(chars[:length])
    # Some words surely there, as in a story that trips the check.
    for entry in rng.sample(lexicon, planted):
        at = rng.randrange(0, length - len(entry.word))
        text = text[:at] + entry.word + text[at + len(entry.word) :]
    return text[:length]


def best_of(runs, work):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


class Command(BaseCommand):
    help = "比较敏感词检查的两种算法：Aho–Corasick 自动机与逐词查找。"

    def add_arguments(self, parser):
        parser.add_argument("--words", type=int, default=10_000)
        parser.add_argument("--chars", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args, words, chars, runs, seed, **options):
        if words < 1 or chars < 100 or runs < 1:
            raise CommandError("--words ≥ 1，--chars ≥ 100，--runs ≥ 1。")
        rng = random.Random(seed)
        lexicon = make_lexicon(rng, words)
        story = make_story(rng, chars, lexicon, planted=min(20, words))

        build, matcher = best_of(1, lambda: Matcher(lexicon))
        fast, found = best_of(runs, lambda: matcher.find(story))
        slow, naive = best_of(runs, lambda: naive_find(lexicon, story))

        def key(matches):
            return sorted((m.start, m.end, m.entry.word) for m in matches)

        if key(found) != key(naive):
            raise CommandError("两种算法找到的词不一致，基准作废。")
        out = self.stdout.write
        out(f"词库 {len(lexicon):,} 个词，稿件 {len(story):,} 字，命中 {len(found)} 处")
        out(f"建自动机        {build * 1000:9.2f} ms（词库变动后建一次）")
        out(f"Aho–Corasick    {fast * 1000:9.2f} ms（{runs} 次取最快）")
        out(f"逐词查找（基线）{slow * 1000:9.2f} ms（{words:,} 次子串查找）")
        out(f"Aho–Corasick 用时 / 基线 = {fast / slow:.4f}（快 {slow / fast:.0f} 倍）")
