"""Headline blocks (pure Python, no Django): which lines are headlines, and
how a block of one to three lines divides into 引题, 主题 and 副题."""

from __future__ import annotations

import re

from .lines import OPENERS, ends_sentence

DASHES = ("—", "-", "－")
#: Labels of boxes kept in a story's body, never a headline or a subtitle.
BOX_LABELS = re.compile(
    r"^(编者按|编后语?|相关链接|链接|记者手记|短评|延伸阅读)(?:[:：\s]|$)"
)
#: A person named under a headline with their post (`某某报主编 张某`): a
#: label, not a byline.
POSTS = (
    *("主编", "总编", "社长", "主任", "书记", "局长", "经理", "院长", "校长"),
    *("主席", "教授", "代表", "委员", "厂长", "董事长", "工程师", "会长"),
)
PERSON_LABEL = re.compile(r"^(?P<post>\S{2,16})\s(?P<name>\S{2,4})$")


def looks_like_headline(unit: str, following: str | None = None) -> bool:
    """Headlines are short and carry no sentence punctuation (a line of body
    broken at a column end usually does). A short line with a comma is a
    headline too when a dateline or a byline opens the next line
    (`迎春分,阳光来访` / `本报讯 …`)."""
    if unit.startswith(DASHES):
        return len(unit) <= 40 and not ends_sentence(unit)  # a 副题
    if OPENERS.match(unit) or BOX_LABELS.match(unit) or unit.startswith(("(", "（")):
        return False
    # A headline may end with a closing quote (西宁表彰十大“园区工匠”); a
    # sentence quoted alone would carry a colon or a full stop inside.
    quoted = unit.rstrip("”’」』")
    if quoted != unit and "“" in quoted and not any(m in quoted for m in "：:。！？"):
        unit = quoted
    if len(unit) > 40 or ends_sentence(unit):
        return False
    if not any(mark in unit for mark in "，,。；;"):
        return True
    return (
        len(unit) <= 16
        and "。" not in unit
        and following is not None
        and bool(OPENERS.match(following))
    )


def is_person_label(line: str) -> bool:
    match = PERSON_LABEL.match(line)
    return bool(match) and match["post"].endswith(POSTS)


def _undashed(subtitle: str) -> str:
    """Subtitles are printed after a dash: ——年底前全部落地."""
    return subtitle.lstrip("—-－ ")


def split_headline_block(lines: list[str]) -> tuple[str, str, str, list[str]]:
    """Headline lines → (kicker, headline, subtitle, notes).

    Of two lines, the second is a 副题 when it starts with a dash, names a
    person with their post, or is much longer than the first (a 副题 says
    more); otherwise the first is an 引题 over the 主题.
    """
    notes = []
    if len(lines) >= 3:
        return lines[-3], lines[-2], _undashed(lines[-1]), notes
    if len(lines) == 2:
        first, second = lines
        if second.startswith(DASHES) or is_person_label(second):
            return "", first, _undashed(second), notes
        if len(second) >= 12 and len(second) >= 1.3 * len(first):
            notes.append("两行标题：按“主题+副题”拆分，请核对。")
            return "", first, second, notes
        notes.append("两行标题：按“引题+主题”拆分，请核对。")
        return first, second, "", notes
    line = lines[0]
    segments = line.split(" ")
    if (
        len(segments) >= 2
        and len(segments[-1]) >= 8
        and len(segments[-1]) > max(len(s) for s in segments[:-1])
    ):
        notes.append("引题与主题排在同一行：以最后一段为主题，请核对。")
        return " ".join(segments[:-1]), segments[-1], "", notes
    return "", line, "", notes
