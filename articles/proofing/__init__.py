"""Proofreading a story before it moves (校对): the sensitive-word lexicon
and the common slips.

`check(article)` reads the story's headline lines, summary and body and
returns a `Report`: the 禁用 words (which refuse submitting and signing,
articles.workflow.rules), the 慎用 words (which the signer must
acknowledge) and the slips (warnings only). The review panel shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Article, SensitiveWord
from ..text import plain_text
from .lexicon import Entry, Matcher, fingerprint, matcher, naive_find
from .slips import Slip, context, find_slips

__all__ = [
    "Entry",
    "Hit",
    "Matcher",
    "Report",
    "Slip",
    "check",
    "fingerprint",
    "matcher",
    "naive_find",
    "texts_of",
]

#: Beyond this many slips the panel says how many more there are.
SLIPS_SHOWN = 30

Level = SensitiveWord.Level


@dataclass(frozen=True)
class Hit:
    """A lexicon word in one field: where it first occurs, and how often."""

    word: str
    level: str
    replacement: str
    field: str
    before: str
    text: str
    after: str
    count: int = 1

    def __str__(self):
        where = _("「%(word)s」（%(field)s：“%(context)s”") % {
            "word": self.word,
            "field": self.field,
            "context": f"{self.before}{self.text}{self.after}",
        }
        if self.count > 1:
            where += _("，共 %(n)d 处") % {"n": self.count}
        if self.replacement:
            where += _("；建议改为“%(r)s”") % {"r": self.replacement}
        return where + "）"


@dataclass
class Report:
    banned: list[Hit] = field(default_factory=list)
    caution: list[Hit] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)

    def __bool__(self):
        return bool(self.banned or self.caution or self.slips)

    @property
    def slips_shown(self):
        return self.slips[:SLIPS_SHOWN]

    @property
    def slips_more(self):
        return max(0, len(self.slips) - SLIPS_SHOWN)

    def banned_refusal(self) -> str:
        return _("稿件含有禁用词，请改正后再操作：%(hits)s。") % {
            "hits": "；".join(str(hit) for hit in self.banned)
        }

    def caution_text(self) -> str:
        return "；".join(str(hit) for hit in self.caution)


def _label(name: str) -> str:
    return str(Article._meta.get_field(name).verbose_name)


def texts_of(article: Article) -> list[tuple[str, str, bool]]:
    """(field label, plain text, whether a space there is a slip) for each
    part of the story a reader reads."""
    return [
        (_label("kicker"), article.kicker or "", False),
        (_label("headline"), article.headline or "", False),
        (_label("subtitle"), article.subtitle or "", False),
        (_label("summary"), article.summary or "", True),
        (_label("body"), plain_text(article.body or ""), True),
    ]


def check(article: Article, *, slips: bool = True) -> Report:
    report = Report()
    found = matcher()
    for label, text, spaces in texts_of(article):
        if not text:
            continue
        by_word: dict[str, Hit] = {}
        for match in found.find(text):
            entry = match.entry
            if entry.word in by_word:
                hit = by_word[entry.word]
                by_word[entry.word] = Hit(**{**hit.__dict__, "count": hit.count + 1})
                continue
            by_word[entry.word] = Hit(
                entry.word,
                entry.level,
                entry.replacement,
                label,
                *context(text, match.start, match.end),
            )
        for hit in sorted(by_word.values(), key=lambda h: text.find(h.text)):
            (report.banned if hit.level == Level.BANNED else report.caution).append(hit)
        if slips:
            report.slips.extend(find_slips(label, text, spaces=spaces))
    return report
