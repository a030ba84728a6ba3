import json
import re
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..models import byline_runs, format_byline

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def runs(credits):
    """Credits → the byline's runs, for includes/byline.html."""
    return byline_runs(credits)


@register.filter
def byline_text(credits):
    return format_byline(credits)


@register.filter
def ld_json(data):
    """Data for a <script type="application/ld+json"> element, safe inside it."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


@register.filter
def jpg_srcset(photo):
    return photo.srcset("jpg")


#: The `date` filter's letters a list prints, made directly from the
#: moment: a home page prints some 160 times, and the filter, which looks
#: up the locale's formats and parses its format string each time, was a
#: fifth of its cost.
_LETTERS = {
    "Y": lambda moment: str(moment.year),
    "m": lambda moment: f"{moment.month:02}",
    "n": lambda moment: str(moment.month),
    "d": lambda moment: f"{moment.day:02}",
    "j": lambda moment: str(moment.day),
    "H": lambda moment: f"{moment.hour:02}",
    "i": lambda moment: f"{moment.minute:02}",
    "l": lambda moment: str(WEEKDAYS[moment.weekday()]),
}
#: Every letter the `date` filter reads (django.utils.dateformat).
_DATE_LETTERS = re.compile(r"[aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ\\]")


@lru_cache(maxsize=64)
def _compiled(format_string):
    """`format_string` as literal text and letter functions, or None when it
    uses a letter (or an escape) this module leaves to the `date` filter."""
    parts = []
    for char in format_string:
        if char in _LETTERS:
            parts.append(_LETTERS[char])
        elif _DATE_LETTERS.match(char):
            return None
        else:
            parts.append(char)
    return tuple(parts)


def _local(moment):
    """The moment in the site's time zone, as the `date` filter shows it."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def local_format(moment, format_string):
    """What `{{ moment|date:format_string }}` prints, for an aware moment:
    in the site's time zone, the letters as the `date` filter reads them."""
    moment = _local(moment)
    parts = _compiled(format_string)
    if parts is None:
        return dateformat.format(moment, format_string)
    return "".join(part if isinstance(part, str) else part(moment) for part in parts)


@register.simple_tag
def time_tag(moment, format_string):
    """`<time datetime="…">` with the moment as `format_string` (the `date`
    filter's letters) prints it; nothing for no moment."""
    if not moment:
        return ""
    local = _local(moment)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(),
        local_format(local, format_string),
    )


@register.simple_tag
def short_time(moment, today):
    """A list's time for a story: its time of day when it is from `today`
    (a list's `{% now "Ymd" %}`), else its date."""
    if not moment:
        return ""
    local = _local(moment)
    same_day = f"{local.year:04}{local.month:02}{local.day:02}" == today
    return time_tag(local, "H:i" if same_day else "n月j日")


@register.simple_tag
def section_links(sections, current=None):
    """The section bar's links, the current section's marked: every page
    prints thirty, and as a template loop they were half the cost of the
    page's frame."""
    current_pk = getattr(current, "pk", None)
    here = mark_safe(' aria-current="page"')
    return format_html_join(
        "",
        '<a href="{}"{}>{}</a>',
        (
            (
                section.get_absolute_url(),
                here if section.pk == current_pk else "",
                section.name,
            )
            for section in sections
        ),
    )
