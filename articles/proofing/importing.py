"""Bulk import of the lexicon from a text or CSV file.

One word a line, or CSV rows `词语,级别,建议改为`: the level is 禁用 or 慎用
(empty: the level chosen on the form), the replacement optional. Blank
lines and lines starting with # are skipped; a first row 词语,级别,… is a
header. Everything is checked before anything is written: one bad line
refuses the whole file, naming the line, so a half-imported lexicon never
happens. A word already in the lexicon takes the file's level and
replacement.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import SensitiveWord
from ..models.lexicon import WORD_MAX_LENGTH

MAX_BYTES = 2 * 1024 * 1024
MAX_WORDS = 50_000
#: Errors listed before "and N more": enough to fix a file by.
ERRORS_SHOWN = 20

Level = SensitiveWord.Level
_LEVELS = {
    "禁用": Level.BANNED,
    "banned": Level.BANNED,
    "慎用": Level.CAUTION,
    "caution": Level.CAUTION,
}
_HEADER = {"词语", "词", "敏感词", "word"}
_REPLACEMENT_MAX = SensitiveWord._meta.get_field("replacement").max_length


class LexiconFileError(ValueError):
    """The file cannot be imported; `errors` says why, line by line."""

    def __init__(self, errors: list[str]):
        shown = errors[:ERRORS_SHOWN]
        if len(errors) > ERRORS_SHOWN:
            shown.append(_("另有 %(n)d 处错误。") % {"n": len(errors) - ERRORS_SHOWN})
        super().__init__(shown[0])
        self.errors = shown


@dataclass
class Imported:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    words: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The file's text (UTF-8, or GB18030 as Excel saves it in China)."""
    if not data.strip():
        raise LexiconFileError([_("文件是空的，没有可导入的词语。")])
    if len(data) > MAX_BYTES:
        raise LexiconFileError([_("文件超过 2 MB，请分成几个文件导入。")])
    if b"\x00" in data:
        raise LexiconFileError([_("这不是文本文件（含有二进制内容）。")])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LexiconFileError([_("无法识别文件编码，请另存为 UTF-8 文本。")])


def parse(text: str, *, default_level: str) -> list[tuple[str, str, str]]:
    """(word, level, replacement) for each line, or LexiconFileError
    listing every bad line."""
    rows, errors, seen = [], [], {}
    reader = csv.reader(io.StringIO(text))
    for number, cells in enumerate(reader, 1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in _HEADER:
            continue
        where = _("第 %(n)d 行") % {"n": number}
        if len(cells) > 3:
            errors.append(
                _("%(where)s：最多三列（词语,级别,建议改为），这一行有 %(n)d 列。")
                % {"where": where, "n": len(cells)}
            )
            continue
        word, level, replacement = (cells + ["", ""])[:3]
        if not word:
            errors.append(_("%(where)s：缺少词语。") % {"where": where})
            continue
        if any(char in word for char in "\r\n\t"):
            errors.append(_("%(where)s：词语里不能有换行或制表符。") % {"where": where})
            continue
        if len(word) > WORD_MAX_LENGTH:
            errors.append(
                _("%(where)s：“%(word)s…”超过 %(max)d 个字，不像是一个词。")
                % {"where": where, "word": word[:10], "max": WORD_MAX_LENGTH}
            )
            continue
        if level and level.lower() not in _LEVELS:
            errors.append(
                _("%(where)s：级别“%(level)s”无法识别，只能是“禁用”或“慎用”。")
                % {"where": where, "level": level[:20]}
            )
            continue
        if len(replacement) > _REPLACEMENT_MAX:
            errors.append(
                _("%(where)s：建议改为的词超过 %(max)d 个字。")
                % {"where": where, "max": _REPLACEMENT_MAX}
            )
            continue
        level = _LEVELS[level.lower()] if level else default_level
        if word in seen and seen[word][1] != (level, replacement):
            errors.append(
                _("%(where)s：“%(word)s”在第 %(first)d 行已出现，级别或建议不同。")
                % {"where": where, "word": word, "first": seen[word][0]}
            )
            continue
        if word not in seen:
            seen[word] = (number, (level, replacement))
            rows.append((word, level, replacement))
    if errors:
        raise LexiconFileError(errors)
    if not rows:
        raise LexiconFileError([_("文件里没有可导入的词语。")])
    if len(rows) > MAX_WORDS:
        raise LexiconFileError(
            [_("一次最多导入 %(n)d 个词语，请分成几个文件。") % {"n": MAX_WORDS}]
        )
    return rows


@transaction.atomic
def apply(rows: list[tuple[str, str, str]]) -> Imported:
    """Write the parsed rows: new words added, known ones brought to the
    file's level and replacement."""
    result = Imported()
    # The whole lexicon (tens of thousands of rows at most): no IN list
    # longer than the database allows.
    known = {w.word: w for w in SensitiveWord.objects.all()}
    new = []
    for word, level, replacement in rows:
        existing = known.get(word)
        if existing is None:
            new.append(SensitiveWord(word=word, level=level, replacement=replacement))
            result.words.append(word)
        elif (existing.level, existing.replacement) != (level, replacement):
            existing.level, existing.replacement = level, replacement
            existing.save(update_fields=["level", "replacement", "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1
    SensitiveWord.objects.bulk_create(new, batch_size=1000)
    result.added = len(new)
    return result


def import_file(data: bytes, *, default_level: str) -> Imported:
    return apply(parse(decode(data), default_level=default_level))
