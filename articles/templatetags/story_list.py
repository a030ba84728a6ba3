"""The story list's date hierarchy without reading every story.

Django's date_hierarchy lists the years (months, days) that hold stories with
SELECT DISTINCT date_trunc(...) over the whole list: every row of a million-
story table. Here each period is found by one probe of the publish_at index
(the first story at or after the end of the last period found), so the cost
grows with the number of years shown, not with the archive."""

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


@register.inclusion_tag("admin/date_hierarchy.html")
def story_date_hierarchy(cl):
    queryset = cl.queryset
    # A short list (a correspondent's own stories, a narrow filter): its date
    # queries read its rows by id. PostgreSQL would otherwise walk the
    # publish_at index hoping to meet one of them early.
    if not cl.multi_page:  # the whole list is this page: fetched once for both
        ids = [story.pk for story in cl.result_list]
        queryset = cl.model._default_manager.filter(pk__in=ids)
    elif not cl.paginator.capped:
        ids = list(queryset.order_by().values_list("pk", flat=True))
        queryset = cl.model._default_manager.filter(pk__in=ids)
    probed = copy.copy(cl)
    probed.queryset = _ProbedQuerySet(queryset)
    return date_hierarchy(probed)
