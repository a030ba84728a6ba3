"""A page's text as units (pure Python, no Django): its non-empty lines,
with debris cleaned and lines broken at a column's width joined again.

Text cut from a PDF breaks every paragraph where the column ends, so most
of its lines have nearly the same length. When a page has such a width, a
line of about that width that does not end a sentence continues in the next
line (unless a blank line, a dateline, a byline or a brief's marker comes
next). Headlines are shorter or longer and stand alone, so they are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .headers import read_header

SPACES = re.compile(r"[ \t\u3000\u00a0]+")
#: Lines that end a sentence; anything else may continue in the next.
TERMINAL = tuple("。！？!?；;…”’」』）):：")
CLOSING_QUOTES = tuple("”’」』")
STOPS = "。！？!?…；;：:”’」』"
PUNCTUATION = "，,。、；;：:！!？?"
#: What opens a new unit even straight after a broken line.
OPENERS = re.compile(
    r"^(本报讯|本报[^\s]{0,10}[讯电]|又讯|【|□|■|▲|△|●|◆|——|编者按|"
    r"(本报)?(记者|通讯员|摄影记者)\s*\S{2,4}(\s|$))"
)
#: `?` left by a bad encoding after a source's bracket: `(张某)?`.
DEBRIS = re.compile(r"([)）])\s*[?？]+$")


@dataclass
class Unit:
    text: str
    gap_before: bool = False  # a blank line came before it
    tail: int = 0  # the length of the last printed line it holds


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))


def ends_sentence(unit: str) -> bool:
    """A closing quote ends a sentence only after the sentence's own stop
    (`……。”`); `……叫“双增双节”` goes on in the next line."""
    if unit.endswith(CLOSING_QUOTES):
        return len(unit) > 1 and unit[-2] in STOPS
    return unit.endswith(TERMINAL)


def read_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    gap = False
    for line in normalise(text).split("\n"):
        if not line:
            gap = True
            continue
        units.append(Unit(DEBRIS.sub(r"\1", line), gap))
        gap = False
    units = _join_open_brackets(units)
    width = column_width(units)
    return _join_broken(units, width) if width else units


def column_width(units: list[Unit]) -> int | None:
    """The width most lines share when the page was cut from a PDF's
    columns, or None when its paragraphs are whole."""
    lengths = [len(u.text) for u in units if len(u.text) >= 10]
    if len(lengths) < 4:
        return None
    width, _ = Counter(lengths).most_common(1)[0]
    near = sum(abs(length - width) <= 2 for length in lengths)
    return width if near >= 0.6 * len(lengths) and 12 <= width <= 40 else None


def _join_broken(units: list[Unit], width: int) -> list[Unit]:
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        if (
            previous is not None
            and not unit.gap_before
            and width - 2 <= previous.tail <= width + 2
            and len(unit.text) <= width + 2  # a wider line was never cut
            and not ends_sentence(previous.text)
            and not _headline_pair(previous, unit, width)
            and not OPENERS.match(unit.text)
            and read_header(previous.text) is None
            and read_header(unit.text) is None
        ):
            previous.text += unit.text
            previous.tail = len(unit.text)
            continue
        unit.tail = len(unit.text)
        out.append(unit)
    return out


def _headline_pair(previous: Unit, unit: Unit, width: int) -> bool:
    """Two lines without punctuation, the second short: the lines of a
    headline block, not a paragraph broken at the column's end."""
    return (
        previous.tail == len(previous.text)
        and not any(mark in previous.text + unit.text for mark in PUNCTUATION)
        and len(unit.text) < width - 2
    )


def _join_open_brackets(units: list[Unit]) -> list[Unit]:
    """A source's brackets broken over two lines, `(甲某乙某` / `丙某)`."""
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        if (
            previous is not None
            and re.fullmatch(r"[(（][^()（）]{1,16}", previous.text)
            and re.fullmatch(r"[^()（）]{1,16}[)）]", unit.text)
        ):
            previous.text += " " + unit.text
            continue
        out.append(unit)
    return out
