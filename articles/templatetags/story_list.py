"""The story list's date hierarchy without reading every story.

Django's date_hierarchy lists the years (months, days) that hold stories with
SELECT DISTINCT date_trunc(...) over the whole list: every row of a million-
story table. Here each period is found by one probe of the publish_at index
(the first story at or after the end of the last period found), so the cost
grows with the number of years shown, not with the archive. A short list
(one page, an uncapped count, or a search's newest matches) is dated from
its stories' dates, read once."""

import copy
import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Min
from django.utils import timezone

register = template.Library()

#: No list has more periods than this (days of a month, months, years).
MAX_PERIODS = 100


def periods(queryset, field: str, kind: str) -> list[datetime.datetime]:
    """The starts of the years, months or days (`kind`) holding a row of
    `queryset`, oldest first, in the current time zone."""
    found = []
    rest = queryset.order_by()
    for _ in range(MAX_PERIODS):
        first = rest.aggregate(first=Min(field))["first"]
        if first is None:
            break
        start = _start(timezone.localtime(first), kind)
        found.append(start)
        rest = queryset.order_by().filter(**{f"{field}__gte": _following(start, kind)})
    return found


def _start(moment, kind):
    day = moment.date()
    if kind == "year":
        day = day.replace(month=1, day=1)
    elif kind == "month":
        day = day.replace(day=1)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day))


def _following(start, kind):
    day = start.date()
    if kind == "year":
        day = day.replace(year=day.year + 1)
    elif kind == "month":
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    else:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day))


class _ProbedQuerySet:
    """What Django's date_hierarchy reads of cl.queryset, with its
    datetimes()/dates() answered by index probes."""

    def __init__(self, queryset):
        self.queryset = queryset

    def aggregate(self, *args, **kwargs):
        return self.queryset.aggregate(*args, **kwargs)

    def datetimes(self, field, kind):
        return periods(self.queryset, field, kind)

    def dates(self, field, kind):
        return [moment.date() for moment in periods(self.queryset, field, kind)]


class _ListedQuerySet:
    """What Django's date_hierarchy reads of cl.queryset, for a list of at
    most a thousand or so stories, from their dates read once: asked of the
    database, MIN(publish_at) over a list of ids walked the publish_at index
    hoping to meet one of them early (300 ms a probe at 1,000,000 stories
    for a search's newest matches)."""

    def __init__(self, moments):
        self.moments = [moment for moment in moments if moment is not None]

    def aggregate(self, **kwargs):  # first=Min(...), last=Max(...)
        return {
            "first": min(self.moments, default=None),
            "last": max(self.moments, default=None),
        }

    def datetimes(self, field, kind):
        return sorted({_start(timezone.localtime(m), kind) for m in self.moments})

    def dates(self, field, kind):
        return [moment.date() for moment in self.datetimes(field, kind)]


@register.inclusion_tag("admin/date_hierarchy.html")
def story_date_hierarchy(cl):
    field = cl.date_hierarchy
    probed = copy.copy(cl)
    if not cl.multi_page:  # the whole list is this page, already fetched
        listed = [getattr(story, field) for story in cl.result_list]
        probed.queryset = _ListedQuerySet(listed)
    elif not cl.paginator.capped or cl.query:
        # A short list, or a search's newest matches (on PostgreSQL at most
        # CappedPaginator.cap + 1, articles/admin/story_list.py).
        listed = cl.queryset.order_by().values_list(field, flat=True)
        probed.queryset = _ListedQuerySet(listed)
    else:
        probed.queryset = _ProbedQuerySet(cl.queryset)
    return date_hierarchy(probed)
