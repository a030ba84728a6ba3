"""The 热区 of a page as the admin's drawing tool posts them: one JSON list
of rectangles, each naming a story on the page. Read whole and checked
whole: one bad rectangle refuses the save, and what is stored stays."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Hotspot, Page
from ..models.epaper import hotspot_problems

MAX_HOTSPOTS = 200
KEYS = ("left", "top", "width", "height")


def parse(raw: str, *, page: Page, allowed: dict[int, object]) -> list[Hotspot]:
    """Unsaved Hotspot rows from the posted JSON; `allowed` maps the pk of
    each story that may be linked (those placed on the page) to the story."""
    if not (raw or "").strip():
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValidationError(_("热区数据无法读取，请刷新页面后重画。")) from None
    if not isinstance(data, list):
        raise ValidationError(_("热区数据无法读取，请刷新页面后重画。"))
    if len(data) > MAX_HOTSPOTS:
        raise ValidationError(
            _("一个版面最多 %(n)d 个热区，现在有 %(m)d 个。")
            % {"n": MAX_HOTSPOTS, "m": len(data)}
        )
    rows, errors = [], []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.append(_("第 %(n)d 个热区无法读取。") % {"n": number})
            continue
        story = item.get("article")
        if story in (None, ""):
            errors.append(_("第 %(n)d 个热区还没有选稿件。") % {"n": number})
            continue
        try:
            if isinstance(story, bool | float):
                raise TypeError(story)  # true is 1 to int(), and 1.9 is 1
            article = allowed[int(story)]
        except (KeyError, TypeError, ValueError):
            errors.append(
                _("第 %(n)d 个热区链接的稿件不在本版，请先在稿件里设定见报版面。")
                % {"n": number}
            )
            continue
        values = [item.get(key) for key in KEYS]
        if problems := hotspot_problems(*values):
            errors += [f"{_('第 %(n)d 个热区：') % {'n': number}}{p}" for p in problems]
            continue
        rows.append(
            Hotspot(page=page, article=article, **dict(zip(KEYS, values, strict=True)))
        )
    if errors:
        raise ValidationError(errors)
    return rows


def as_json(page: Page) -> str:
    return json.dumps(
        [
            {"article": spot.article_id, **{key: getattr(spot, key) for key in KEYS}}
            for spot in page.hotspots.all()
        ]
    )


def replace(page: Page, rows: list[Hotspot]) -> None:
    """Make the page's 热区 exactly `rows`."""
    with transaction.atomic():
        page.hotspots.all().delete()
        Hotspot.objects.bulk_create(rows)
