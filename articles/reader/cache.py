"""Caching the reader's pages.

A published page is cached (Redis when REDIS_URL is set, local memory
otherwise) under the current *generation*; `purge()` starts a new generation,
so everything that changes what readers see — a transition, an edit, a
correction, a photo — makes every cached page stale at once. The workflow and
the admin call `purge()` explicitly.

A scheduled story must appear on time with no job running: `purge()` also
notes when the next scheduled story goes live, and no page is cached past
that moment; the first request after it starts a new generation.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from ..models import Article

GENERATION = "newsroom:pages:generation"
NEXT_SCHEDULED = "newsroom:pages:next-scheduled"
#: Without a known next-scheduled time (evicted), pages live this long at most.
FALLBACK_SECONDS = 60


def purge() -> None:
    """Make every cached page stale, and note the next scheduled story."""
    try:
        cache.incr(GENERATION)
    except ValueError:
        cache.set(GENERATION, 1, None)
    upcoming = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    cache.set(NEXT_SCHEDULED, upcoming.timestamp() if upcoming else 0, None)


def _generation_and_ttl(now: datetime) -> tuple[int, int]:
    generation = cache.get(GENERATION) or 0
    upcoming = cache.get(NEXT_SCHEDULED)
    ttl = settings.NEWSROOM_PAGE_CACHE_SECONDS
    if upcoming is None:
        return generation, min(ttl, FALLBACK_SECONDS)
    if upcoming:
        if now.timestamp() >= upcoming:
            purge()  # a scheduled story has just gone live
            return _generation_and_ttl(now)
        ttl = min(ttl, int(upcoming - now.timestamp()))
    return generation, ttl


def cache_page(view):
    """Serve a public page from the cache, with headers a CDN can use; the
    ETag, and the 304 answer to a matching If-None-Match, come from Django's
    ConditionalGetMiddleware."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or not settings.NEWSROOM_PAGE_CACHE_SECONDS
        ):
            return view(request, *args, **kwargs)
        now = timezone.now()
        generation, ttl = _generation_and_ttl(now)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"newsroom:page:{generation}:{request.LANGUAGE_CODE}:{digest}"
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code != 200 or response.cookies or ttl <= 0:
                return response
            stored = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "at": now.timestamp(),
            }
            cache.set(key, stored, ttl)
        response = HttpResponse(stored["content"], content_type=stored["content_type"])
        response["Last-Modified"] = http_date(stored["at"])
        patch_cache_control(
            response, public=True, max_age=min(ttl, 60), s_maxage=max(ttl, 0)
        )
        return response

    return wrapper
