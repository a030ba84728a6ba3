"""Datelines (pure Python, no Django): the day a story's first paragraph
opens with (`11月23日，`), placed in the year the page's date implies."""

from __future__ import annotations

import re
from datetime import date

DATELINE = re.compile(r"^(?P<month>\d{1,2})月(?P<day>\d{1,2})日[,，、]?")


def resolve_dateline(paragraph: str, page_date: date | None) -> str | None:
    match = DATELINE.match(paragraph)
    if not match or page_date is None:
        return None
    month, day = int(match["month"]), int(match["day"])
    for year in (page_date.year, page_date.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        # A dateline is at most a few days after the page (printed the
        # evening before); a later month means last year (12月 on a 1月 page).
        if (candidate - page_date).days <= 7:
            return candidate.isoformat()
    return None
