"""The common slips a proofreader (校对) circles: half-width punctuation in
Chinese text, doubled punctuation, unbalanced quotes and brackets, and
stray Latin spaces between Han characters. They are warnings: each can be
intended (a quotation running over several paragraphs opens each one and
closes only the last), so none blocks a step."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"

#: Half-width marks and the full-width ones Chinese text uses instead.
FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
    ".": "。",
}
# A half-width mark touching a Han character; "." only after one, so that
# "3.5" and "www.example.cn" pass.
_HALF_WIDTH = re.compile(rf"(?<={HAN})[,;:?!().]|[,;:?!()](?={HAN})")
# Two pause marks in a row (，， 。， ；。), or a ？ or ！ typed twice.
_DOUBLED = re.compile(r"[，。、；：,;][，。、；：,;]|([？！?!])\1")
_SPACE = re.compile(rf"(?<={HAN})[ \u00a0]+(?={HAN})")
PAIRS = {"“": "”", "《": "》", "（": "）"}
_CLOSERS = {close: open_ for open_, close in PAIRS.items()}

CONTEXT = 8


@dataclass(frozen=True)
class Slip:
    field: str  # the field's label: 主题, 正文 …
    message: str
    before: str
    text: str
    after: str
    at: int = 0  # where it starts in the field, for ordering

    def __str__(self):
        return _("%(field)s：%(message)s（“%(context)s”）") % {
            "field": self.field,
            "message": self.message,
            "context": f"{self.before}{self.text}{self.after}",
        }


def context(text: str, start: int, end: int, width: int = CONTEXT):
    """The text around [start, end) on one line: before, itself, after."""

    def line(part):
        return " ".join(part.split("\n"))

    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (
        ("…" if start > width else "") + line(before),
        line(text[start:end]),
        line(after) + ("…" if end + width < len(text) else ""),
    )


def find_slips(field: str, text: str, *, spaces: bool = True) -> list[Slip]:
    """The slips in one field's plain text. `spaces=False` for headline
    lines, where a space between two phrases is the paper's style."""
    found = []

    def add(start, end, message):
        found.append(Slip(field, message, *context(text, start, end), at=start))

    for m in _HALF_WIDTH.finditer(text):
        add(
            m.start(),
            m.end(),
            _("中文里用了半角标点「%(half)s」，应为「%(full)s」")
            % {"half": m.group(), "full": FULL_WIDTH[m.group()]},
        )
    for m in _DOUBLED.finditer(text):
        add(m.start(), m.end(), _("标点重复「%(marks)s」") % {"marks": m.group()})
    if spaces:
        for m in _SPACE.finditer(text):
            add(m.start(), m.end(), _("汉字之间多了空格"))
    found.extend(_unbalanced(field, text))
    return sorted(found, key=lambda slip: slip.at)


def _unbalanced(field: str, text: str) -> list[Slip]:
    open_marks: list[tuple[str, int]] = []
    found = []
    for at, char in enumerate(text):
        if char in PAIRS:
            open_marks.append((char, at))
        elif char in _CLOSERS:
            if open_marks and open_marks[-1][0] == _CLOSERS[char]:
                open_marks.pop()
            else:
                found.append(
                    Slip(
                        field,
                        _("「%(close)s」前面没有与之配对的「%(open)s」")
                        % {"close": char, "open": _CLOSERS[char]},
                        *context(text, at, at + 1),
                        at=at,
                    )
                )
    for char, at in open_marks:
        found.append(
            Slip(
                field,
                _("「%(open)s」没有配对的「%(close)s」")
                % {"open": char, "close": PAIRS[char]},
                *context(text, at, at + 1),
                at=at,
            )
        )
    return found
