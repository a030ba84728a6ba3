"""Caching the reader's pages, and serving them while PostgreSQL is away.

A public page, feed, sitemap or first page of a search is kept in the cache
(Redis when REDIS_URL is set, local memory otherwise) as one entry per
address: its content, when it was made, and the *generation* it belongs
to. `purge()` starts a new generation, so everything that changes what
readers see — a transition, an edit, a correction, a photo — makes every
entry stale at once. The workflow and the admin call `purge()` after their
commit.

An entry is fresh for NEWSROOM_PAGE_CACHE_SECONDS within its generation and
is kept NEWSROOM_STALE_SECONDS (24 h) as a stale copy: when the database
fails while a page is made afresh, the reader gets that copy, marked stale,
instead of an error, and without one the 503 page. A copy made before the
last withdrawal is never served: it may show the withdrawn story.

A scheduled story appears on time, and an expired front-page entry (头条,
焦点图, 置顶) disappears on time, with no job running: no entry is fresh
past the next such moment (NEXT_SCHEDULED, noted by `purge()` and asked of
the database whenever the cache has lost it), and the first request after
that moment starts a new generation.

The cache is reached through `breaker`: when Redis fails, pages come from
the database, and a purge that did not reach it is retried by this
process's next page request or purge, and by the `purge_pages` task on the
queue (with backoff), so it is delivered even when this process serves no
further page.
"""

from __future__ import annotations

import hashlib
import logging
import time
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, urlencode

from background.retries import background_task
from newsroom.errors import unavailable

from ..models import Article, Placement
from . import breaker

logger = logging.getLogger(__name__)

GENERATION = "newsroom:pages:generation"
NEXT_SCHEDULED = "newsroom:pages:next-scheduled"
WITHDRAWN = "newsroom:pages:last-withdrawal"
#: The query parameters the cached views read (pages, sitemap pages, the
#: search words). Others change nothing, so they make no entry of their own.
KEY_PARAMETERS = ("page", "p", "q")
#: What "the database fails" means: it cannot be reached or dropped the
#: connection. Other errors are bugs and stay errors.
DATABASE_DOWN = (OperationalError, InterfaceError)
#: How long a browser or CDN may keep a stale copy before asking again.
STALE_MAX_AGE = 30
#: Headers made afresh for each answer rather than stored with the content.
NOT_STORED = {
    "cache-control",
    "content-length",
    "date",
    "etag",
    "expires",
    "last-modified",
    "vary",
}

_purge_pending = False
_database_down_until = 0.0


def _timestamp() -> float:
    return timezone.now().timestamp()


def _next_expiry(now):
    """When the next front-page entry (头条, 焦点图, 置顶) expires, or None:
    an expired entry drops out of the home and section pages by itself, so
    no copy of them may outlive it. One query on the (kind, expires_at)
    index, one range per kind."""
    return Placement.objects.filter(
        kind__in=Placement.Kind.values, expires_at__gt=now
    ).aggregate(at=Min("expires_at"))["at"]


def _state_from_database() -> dict[str, float]:
    """When the reader's pages next change by themselves — the next
    scheduled story goes live or a front-page entry expires — and when the
    last story was withdrawn (timestamps, 0 for none): two queries on the
    (status, publish_at) index and one on the placements' (kind, expires_at)."""
    now = timezone.now()
    stories = Article.objects.filter(status=Article.Status.PUBLISHED)
    upcoming = (
        stories.filter(publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    changes = [at for at in (upcoming, _next_expiry(now)) if at is not None]
    withdrawn = Article.objects.filter(status=Article.Status.WITHDRAWN).aggregate(
        at=Max("updated_at")
    )["at"]
    return {
        NEXT_SCHEDULED: min(changes).timestamp() if changes else 0,
        WITHDRAWN: withdrawn.timestamp() if withdrawn else 0,
    }


def _note_state() -> dict[str, float]:
    state = _state_from_database()
    for key, value in state.items():
        breaker.set(key, value, None)
    return state


def purge(*, queue_retry: bool = True) -> None:
    """Make every cached page stale and note the next scheduled story. It
    runs after commits, so it never raises: what it could not do is logged
    and done again by this process's next page request or purge, and by
    the `purge_pages` task."""
    global _purge_pending
    started = breaker.set(GENERATION, time.time_ns(), None)
    try:
        state = _state_from_database()
    except Exception:
        # The schedule is asked again by the next page made; the last
        # withdrawal stays as noted, since none can commit without a database.
        logger.exception("Purge could not read the schedule; asked again later")
        noted = breaker.delete(NEXT_SCHEDULED)
    else:
        noted = all(breaker.set(key, value, None) for key, value in state.items())
    _purge_pending = not (started and noted)
    if _purge_pending:
        logger.warning("Page cache purge not delivered; retried on the next request")
        if queue_retry:
            try:
                purge_pages.enqueue()
            except Exception:  # the queue may be down too; the next request retries
                logger.exception("Could not queue the page cache purge")


class PurgeNotDelivered(Exception):
    pass


@background_task
def purge_pages() -> dict:
    """A purge that did not reach the cache after a commit, done again by the
    worker; raising lets the retries try later (background.retries)."""
    purge(queue_retry=False)
    if _purge_pending:
        raise PurgeNotDelivered("页面缓存清除没有送达（缓存服务不可用），稍后重试。")
    return {"purged": True}


def _key(request) -> str:
    params = urlencode(
        [(name, request.GET[name]) for name in KEY_PARAMETERS if name in request.GET]
    )
    digest = hashlib.sha256(f"{request.path}?{params}".encode()).hexdigest()[:32]
    return f"newsroom:page:{request.LANGUAGE_CODE}:{digest}"


def _answer(stored: dict[str, Any], now: float, state: str) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"]:
        response[name] = value
    response["Last-Modified"] = http_date(stored["at"])
    response["X-Newsroom-Cache"] = state
    if state == "stale":
        response["Age"] = str(int(now - stored["at"]))
        patch_cache_control(
            response, public=True, max_age=STALE_MAX_AGE, s_maxage=STALE_MAX_AGE
        )
    else:
        # No stale-if-error for a CDN: it could not know of a withdrawal.
        ttl = max(int(stored["fresh_until"] - now), 0)
        patch_cache_control(response, public=True, max_age=min(ttl, 60), s_maxage=ttl)
    return response


def _servable_stale(stored, found, now) -> bool:
    return bool(
        stored
        and now - stored["at"] <= settings.NEWSROOM_STALE_SECONDS
        and found.get(WITHDRAWN) is not None
        and stored["at"] > found[WITHDRAWN]
    )


def _forget(key, stored) -> None:
    """A page now gone or moved: its old copy must not come back stale."""
    if stored:
        breaker.delete(key)


def cache_page(view, *, first_page_only=False):
    """Serve a public page from the cache, with headers a CDN can use, or
    its stale copy when the database is away; the ETag, and the 304 answer
    to a matching If-None-Match, come from ConditionalGetMiddleware. With
    `first_page_only` later pages pass straight to the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        global _database_down_until
        if (
            request.method not in ("GET", "HEAD")
            or not settings.NEWSROOM_PAGE_CACHE_SECONDS
            or (first_page_only and request.GET.get("page", "1") != "1")
        ):
            return view(request, *args, **kwargs)
        if _purge_pending and breaker.available():
            purge()
        now, key = _timestamp(), _key(request)
        keys = [GENERATION, NEXT_SCHEDULED, WITHDRAWN, key]
        found = breaker.get_many(keys)
        if found.get(NEXT_SCHEDULED) and now >= found[NEXT_SCHEDULED]:
            purge()  # a scheduled story went live, or a curated entry expired
            found = breaker.get_many(keys)
        stored = found.get(key)
        if (
            stored
            and stored["generation"] == found.get(GENERATION)
            and now < stored["fresh_until"]
        ):
            return _answer(stored, now, "hit")
        if time.monotonic() < _database_down_until and _servable_stale(
            stored, found, now
        ):
            return _answer(stored, now, "stale")
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if NEXT_SCHEDULED not in found or WITHDRAWN not in found:
                found.update(_note_state())
        except DATABASE_DOWN:
            # Stale copies are served without asking the database again for
            # a few seconds: an outage costs each worker one failed connection
            # now and then, not one (or a wait on a silent host) per reader.
            _database_down_until = (
                time.monotonic() + settings.NEWSROOM_DATABASE_RETRY_SECONDS
            )
            if _servable_stale(stored, found, now):
                return _answer(stored, now, "stale")
            return unavailable(request)
        except Http404:
            _forget(key, stored)
            raise
        if response.status_code != 200:
            _forget(key, stored)
            return response
        ttl = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if found[NEXT_SCHEDULED]:
            ttl = min(ttl, int(found[NEXT_SCHEDULED] - now))
        if response.cookies or ttl <= 0:
            return response
        stored = {
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_STORED
            ],
            "at": now,
            "fresh_until": now + ttl,
            "generation": found.get(GENERATION),
        }
        breaker.set(key, stored, ttl + settings.NEWSROOM_STALE_SECONDS)
        return _answer(stored, now, "miss")

    return wrapper


def cache_first_page(view):
    """`cache_page` for the search: only its first page of each query."""
    return cache_page(view, first_page_only=True)
