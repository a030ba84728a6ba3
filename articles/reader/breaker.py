"""The cache behind a circuit breaker: it speeds pages up and is never
needed for them to work.

Every call either answers or, on any error (Redis stopped, hung past its
short socket timeout, full), returns as if the cache were empty and opens
the breaker: for NEWSROOM_CACHE_RETRY_SECONDS this process does not call
the cache at all, so a dead or hung Redis costs one fast failure, not one
per request. After that one call tries again, and closes it on success.

The state is per process (each gunicorn worker learns on its own), which
is what a breaker needs: no shared store to ask whether the store is up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_open_until = 0.0
#: Calls that failed in this process (the tests count them).
failures = 0


def available() -> bool:
    """Whether the breaker lets a call through now."""
    return time.monotonic() >= _open_until


def _trip(error: Exception) -> None:
    global _open_until, failures
    with _lock:
        failures += 1
        already_open = not available()
        _open_until = time.monotonic() + settings.NEWSROOM_CACHE_RETRY_SECONDS
    if not already_open:
        logger.warning(
            "Page cache unavailable (%s: %s); pages come from the database "
            "for the next %s s",
            type(error).__name__,
            error,
            settings.NEWSROOM_CACHE_RETRY_SECONDS,
        )


def _call(operation: Callable[[], Any], failed: Any) -> tuple[bool, Any]:
    if not available():
        return False, failed
    try:
        return True, operation()
    except Exception as error:  # any cache error: the page comes from the database
        _trip(error)
        return False, failed


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    """The keys the cache holds; {} when it cannot answer."""
    keys = list(keys)
    return _call(lambda: cache.get_many(keys), {})[1]


def get_many_indexed(
    keys: Iterable[str], index_key: str
) -> tuple[dict[str, Any], str | None, list[Any] | None]:
    """`get_many(keys)` and what the index at `index_key` lists, in one
    round trip where the cache can (newsroom/redis_cache.py): `(found, tag,
    values)`; `(found, None, None)` without an index or such a cache, and
    `({}, None, None)` when it cannot answer."""
    keys = list(keys)
    read = getattr(cache, "get_many_indexed", None)
    if read is None:
        return get_many(keys), None, None
    return _call(lambda: read(keys, index_key), ({}, None, None))[1]


def set_index(key: str, tag: str, keys: Iterable[str], timeout: float | None) -> bool:
    """Keep an index for `get_many_indexed`; False when the cache did not
    take it or keeps none."""
    write = getattr(cache, "set_index", None)
    if write is None:
        return False
    keys = list(keys)
    return _call(lambda: write(key, tag, keys, timeout), None)[0]


def set(key: str, value: Any, timeout: float | None) -> bool:
    """Store a value; False when the cache did not take it."""
    return _call(lambda: cache.set(key, value, timeout), None)[0]


def set_many(values: dict[str, Any], timeout: float | None) -> bool:
    """Store several values at once; False when the cache did not take all."""
    ok, failed = _call(lambda: cache.set_many(values, timeout), None)
    return ok and not failed


def delete(key: str) -> bool:
    return _call(lambda: cache.delete(key), None)[0]


def reset() -> None:
    """Close the breaker (tests, and a deployment that knows Redis is back)."""
    global _open_until
    _open_until = 0.0
