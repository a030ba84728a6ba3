"""发稿统计: what each person filed, had used, published and printed in a
period, grouped by person, unit (单位) or desk (部门).

A period is [start, end] in local dates. Each figure counts a story by the
date of its own event: 发稿 by when it was filed (created), 采用 and 字数
among those filed (signed off, published or printed), 上网 by its first
publication, 见报 and 头条 by its print date, 图片 by when it was filed.
A joint byline counts in full for each person on it; a person appears once
per story however many roles they hold on it. By desk, a story counts once,
for the desk it belongs to (Article.desk), whoever is on its byline.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q
from django.utils import timezone

from articles.models import Article, Credit

from .placement import lead_ids

FIGURES = ("filed", "used", "online", "printed", "lead", "photo", "chars")
LABELS = {
    "filed": "发稿",
    "used": "采用",
    "online": "上网",
    "printed": "见报",
    "lead": "头条",
    "photo": "图片稿",
    "chars": "采用字数",
}
GROUPINGS = {"person": "按个人", "unit": "按单位", "desk": "按部门"}
NO_UNIT = "（无单位）"
NO_DESK = "（未分部门）"
USED = (Article.Status.APPROVED, Article.Status.PUBLISHED)


def desks_available() -> bool:
    """Desks (部门) are grouped by once stories belong to one."""
    try:
        apps.get_model("accounts", "Desk")
        Article._meta.get_field("desk")
    except (LookupError, FieldDoesNotExist):
        return False
    return True


@dataclass
class Row:
    key: object
    label: str
    unit: str = ""
    figures: dict = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))


def _bounds(start: date, end: date):
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tz),
        datetime.combine(end + timedelta(days=1), time.min, tz),
    )


def story_flags(article, start, end, leads) -> dict:
    """Which figures this story adds to, for each person on it."""
    low, high = _bounds(start, end)
    filed = low <= article.created_at < high
    printed = article.print_date is not None and start <= article.print_date <= end
    used = filed and (article.status in USED or article.print_date is not None)
    published = article.status == Article.Status.PUBLISHED and (
        article.first_published_at is not None
        and low <= article.first_published_at < high
    )
    return {
        "filed": int(filed),
        "used": int(used),
        "online": int(published),
        "printed": int(printed),
        "lead": int(printed and article.pk in leads),
        "photo": int(filed and article.kind == Article.Kind.PHOTO),
        "chars": article.char_count if used else 0,
    }


def stories_in(start, end, people=None):
    low, high = _bounds(start, end)
    stories = Article.objects.in_play().filter(
        Q(created_at__gte=low, created_at__lt=high)
        | Q(first_published_at__gte=low, first_published_at__lt=high)
        | Q(print_date__gte=start, print_date__lte=end)
    )
    if people is not None:
        stories = stories.filter(credits__correspondent__in=people)
    credits = Credit.objects.select_related("correspondent__affiliation")
    if desks_available():
        stories = stories.select_related("desk")
    return stories.distinct().prefetch_related(Prefetch("credits", queryset=credits))


def _groups(article, person, grouping):
    if grouping == "unit":
        unit = person.affiliation
        return [(unit.pk if unit else None, unit.name if unit else NO_UNIT)]
    if grouping == "desk":
        desk = article.desk
        return [(desk.pk if desk else None, desk.name if desk else NO_DESK)]
    unit = person.affiliation.name if person.affiliation_id else ""
    return [(person.pk, person.name, unit)]


def table(start: date, end: date, grouping: str = "person", people=None) -> list[Row]:
    """The figures for the period, one row per group, largest 发稿 first."""
    if grouping not in GROUPINGS or (grouping == "desk" and not desks_available()):
        raise ValueError("未知的分组方式")
    stories = list(stories_in(start, end, people))
    leads = lead_ids({s.print_date for s in stories if s.print_date})
    rows: dict = {}
    for article in stories:
        flags = story_flags(article, start, end, leads)
        if not any(flags.values()):
            continue
        persons = {c.correspondent.pk: c.correspondent for c in article.credits.all()}
        if people is not None:
            persons = {k: v for k, v in persons.items() if v in people}
        counted = set()  # a story counts once per group
        for person in persons.values():
            for key, label, *unit in _groups(article, person, grouping):
                if key in counted:
                    continue
                counted.add(key)
                row = rows.setdefault(key, Row(key, label, *(unit or [""])))
                for name, value in flags.items():
                    row.figures[name] += value
    return sorted(rows.values(), key=lambda r: (-r.figures["filed"], r.label))


def totals(rows) -> dict:
    return {name: sum(r.figures[name] for r in rows) for name in FIGURES}


def story_state(article) -> str:
    """A correspondent's view of one story: 采用, 退稿, 见报 …, or 待定."""
    from .placement import placement

    place = placement(article)
    if place:
        return "见报：" + place.label()
    if article.spiked_at or article.status == Article.Status.RETURNED:
        return "退稿"
    if article.status in USED:
        return "采用"
    if article.status == Article.Status.WITHDRAWN:
        return "已撤稿"
    return "待定（" + str(Article.Status(article.status).label) + "）"
