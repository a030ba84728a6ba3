import json

from django import template
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
