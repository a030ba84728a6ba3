"""Finding the lexicon's words in a text with one Aho–Corasick automaton
(pyahocorasick): one pass over the text whatever the lexicon's size, where
a search per word would read a 10,000-character story 10,000 times
(`manage.py bench_lexicon` measures both).

The automaton is built once per process and rebuilt when the lexicon
changes: every check reads the lexicon's fingerprint (its size and newest
change, one small query), so a word added in one server process is found by
the others on their next check.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from django.db.models import Count, Max

from ..models import SensitiveWord

#: Latin letters match whatever their case; the same length either way, so
#: positions in the folded text are positions in the text.
_FOLD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
    "abcdefghijklmnopqrstuvwxyzａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
)


def fold(text: str) -> str:
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Entry:
    word: str
    level: str
    replacement: str = ""


@dataclass(frozen=True)
class Match:
    start: int
    end: int  # exclusive
    entry: Entry


class Matcher:
    """The words of a lexicon, found in one pass over a text."""

    def __init__(self, entries: Iterable[Entry]):
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for entry in entries:
            key = fold(entry.word)
            if key:
                self.automaton.add_word(key, entry)
                self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Every occurrence of every word, overlapping ones included, in
        the order they end."""
        if not self.size or not text:
            return []
        return [
            Match(end - len(entry.word) + 1, end + 1, entry)
            for end, entry in self.automaton.iter(fold(text))
        ]


def naive_find(entries: list[Entry], text: str) -> list[Match]:
    """The same answer as Matcher.find by one substring search per word:
    the baseline the benchmark measures the automaton against."""
    folded = fold(text)
    found = []
    for entry in entries:
        key = fold(entry.word)
        start = folded.find(key) if key else -1
        while start != -1:
            found.append(Match(start, start + len(key), entry))
            start = folded.find(key, start + 1)
    return sorted(found, key=lambda m: (m.end, -m.start))


_lock = threading.Lock()
_cached: dict = {"stamp": None, "matcher": None}


def fingerprint() -> tuple:
    """What changes whenever a word is added, changed or deleted."""
    row = SensitiveWord.objects.aggregate(n=Count("pk"), newest=Max("updated_at"))
    return row["n"], row["newest"]


def matcher() -> Matcher:
    """The lexicon's automaton, rebuilt only when the lexicon changed."""
    stamp = fingerprint()
    with _lock:
        if _cached["stamp"] != stamp or _cached["matcher"] is None:
            rows = SensitiveWord.objects.values_list("word", "level", "replacement")
            _cached["matcher"] = Matcher(Entry(*row) for row in rows)
            _cached["stamp"] = stamp
        return _cached["matcher"]
