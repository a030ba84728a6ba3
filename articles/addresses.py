"""The addresses a reader's page prints by the dozen — every story's in a
list, every section's in the bar — put together from one reversed address
per view: reverse() walks the URL patterns each time, a forty-fifth of a
story page's cost."""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

#: A value each kind of argument takes as it is, and that reverse() prints
#: as it is (no quoting): for anything else reverse() itself is asked.
_PLAIN = {"pk": re.compile(r"[0-9]{1,18}"), "slug": re.compile(r"[-a-zA-Z0-9_]+")}
#: A value no address holds, to find where the argument stands in one.
_MARK = "987654321987"
_parts: dict[tuple, tuple[str, str]] = {}


def address(viewname: str, name: str, value) -> str:
    """`reverse(viewname, kwargs={name: value})` for a view with that one
    argument (`pk` or `slug`)."""
    text = str(value)
    if isinstance(value, bool) or not _PLAIN[name].fullmatch(text):
        return reverse(viewname, kwargs={name: value})
    key = (viewname, name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _parts.get(key)
    if parts is None:
        head, _, tail = reverse(viewname, kwargs={name: _MARK}).rpartition(_MARK)
        parts = _parts[key] = (head, tail)
    return f"{parts[0]}{text}{parts[1]}"
