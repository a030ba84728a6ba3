"""Caching the reader's pages, and serving them while PostgreSQL is away.

A public page, feed, sitemap or first page of a search is kept in the cache
(Redis when REDIS_URL is set, local memory otherwise) as one entry per
address: its content, when it was made, and what it *depends on*.

Invalidation follows dependencies, so a newsroom saving a story every few
seconds does not empty the cache each time:

- While a page is made, every story it loads is noted (`story:<id>`), and
  the page names the lists it shows (`depends_on`): `home`, `latest`,
  `section:<id>`, `tag:<id>`, `person:<id>`, `topic:<id>`, `archive:<day>`
  and `archive:<month>`, `search`, `sitemap`. A page that names none, or
  shows more than MAX_STORIES stories, depends on `any` story instead.
- `purge_stories(ids)` marks those names as changed now: the stories
  themselves and, for a story readers can see or have seen, every list it
  belongs to. An entry is stale once any of its names changed after it was
  begun, so an edit to one story remakes its page, the pages that show it
  and the lists it is in, and nothing else. A story that left a list
  (moved section, lost a tag) is still on that list's cached pages, which
  depend on the story. Only the later pages of that list, whose stories
  shift by one, may wait out NEWSROOM_PAGE_CACHE_SECONDS.
- `purge()` starts a new *generation* and so makes every entry stale: for
  the rare changes every page shows (sections, people, the front-page
  curation, photos' files, a restore).

Each change is compared with when the entry was begun (before the view read
the database), not with when it was stored, so a page made from the rows
before a commit can never be kept as fresh after it.

An entry is fresh for NEWSROOM_PAGE_CACHE_SECONDS and is kept
NEWSROOM_STALE_SECONDS (24 h) as a stale copy: when the database fails
while a page is made afresh, the reader gets that copy, marked stale,
instead of an error, and without one the 503 page. A copy made before the
last withdrawal is never served: it may show the withdrawn story.

A scheduled story appears on time, and an expired front-page entry (头条,
焦点图, 置顶) disappears on time, with no job running. NEXT_SCHEDULED (noted
by each purge, asked of the database whenever the cache has lost it) says
when the next such moment is; the first request after it marks the stories
that went live, and the lists of the entries that expired, as changed.
When the cache had lost the moment, every story and entry of the last
NEWSROOM_PAGE_CACHE_SECONDS is marked, since no older copy is fresh.

The cache is reached through `breaker`: when Redis fails, pages come from
the database, and a purge that did not reach it is retried, as a whole
`purge()`, by this process's next page request or purge, and by the
`purge_pages` task on the queue (with backoff), so it is delivered even
when this process serves no further page.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import time
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError
from django.db.models import Max, Min, Q
from django.db.models.signals import post_init
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date, urlencode
from taggit.models import TaggedItem

from background.retries import background_task
from newsroom.errors import unavailable

from ..models import Article, Credit, Placement, Topic
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
    "expires",
    "last-modified",
    "vary",
}
#: A page showing more stories than this (a sitemap) depends on `any`
#: story rather than on each.
MAX_STORIES = 200
#: The lists every story readers can see belongs to.
EVERY_LIST = ("any", "home", "latest", "search", "sitemap", "archive")
#: The states in which readers see a story (withdrawn: its 410 page).
READER_STATUSES = (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)

_purge_pending = False
_database_down_until = 0.0
#: The names the page being made depends on, while one is being made.
_noting: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "page_dependencies", default=None
)


def _timestamp() -> float:
    return timezone.now().timestamp()


def _changed_key(name: str) -> str:
    return f"newsroom:pages:changed:{name}"


def depends_on(*names: str) -> None:
    """Say which lists the page being made shows (see the module's
    docstring); outside a cached page it does nothing."""
    noting = _noting.get()
    if noting is not None:
        noting.update(names)
        noting.add("")  # the page said what it shows


def list_name(obj) -> str:
    """The dependency name of a section, tag, person or 专题's page."""
    return f"{obj._meta.model_name.replace('correspondent', 'person')}:{obj.pk}"


def _note_story(sender, instance, **kwargs):
    noting = _noting.get()
    if noting is not None and instance.pk is not None:
        noting.add(f"story:{instance.pk}")


post_init.connect(_note_story, sender=Article, dispatch_uid="page-cache-stories")


#: Lists that a change to any story readers can see or have seen marks:
#: a page naming one of them needs no names of the stories it shows.
SITE_LISTS = frozenset(EVERY_LIST) - {"any"}


def _dependencies(noted: set[str]) -> list[str]:
    stories = [name for name in noted if name.startswith("story:")]
    lists = {name for name in noted if name and not name.startswith("story:")}
    if "" not in noted or len(stories) > MAX_STORIES:
        return sorted(lists | {"any"})
    if lists & SITE_LISTS:
        # The home page's hundred stories would be a hundred keys to read
        # on every hit, each already covered by `home`.
        return sorted(lists)
    return sorted(lists.union(stories))


def archive_names(moment) -> list[str]:
    """The archive pages a story published at `moment` is listed on."""
    day = timezone.localtime(moment)
    return [f"archive:{day:%Y-%m}", f"archive:{day:%Y-%m-%d}"]


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


def story_names(ids) -> set[str]:
    """What changes with these stories: each story and, for those readers
    can see or have seen, every list they are in."""
    names = {f"story:{pk}" for pk in ids}
    seen = Q(status__in=READER_STATUSES) | Q(first_published_at__isnull=False)
    public = Article.objects.filter(seen, pk__in=ids)
    rows = list(public.values_list("pk", "publish_at", "section_id"))
    if not rows:
        return names
    names.update(EVERY_LIST)
    for _pk, moment, section in rows:
        if moment is not None:
            names.update(archive_names(moment))
        if section is not None:
            names.add(f"section:{section}")
    pks = [row[0] for row in rows]
    for prefix, values in (
        (
            "tag",
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id__in=pks,
            ).values_list("tag_id", flat=True),
        ),
        (
            "person",
            Credit.objects.filter(article_id__in=pks).values_list(
                "correspondent_id", flat=True
            ),
        ),
        (
            "topic",
            Topic.stories.through.objects.filter(article_id__in=pks).values_list(
                "topic_id", flat=True
            ),
        ),
    ):
        names.update(f"{prefix}:{pk}" for pk in values if pk is not None)
    return names


def _mark_changed(names) -> bool:
    at = time.time_ns()
    return breaker.set_many({_changed_key(name): at for name in names}, None)


def _after_change(delivered: bool, *, queue_retry: bool) -> None:
    """Note the schedule again, and make sure a purge that did not reach
    the cache is done later (as a whole purge)."""
    global _purge_pending
    try:
        state = _state_from_database()
    except Exception:
        # The schedule is asked again by the next page made; the last
        # withdrawal stays as noted, since none can commit without a database.
        logger.exception("Purge could not read the schedule; asked again later")
        noted = breaker.delete(NEXT_SCHEDULED)
    else:
        noted = all(breaker.set(key, value, None) for key, value in state.items())
    _purge_pending = _purge_pending or not (delivered and noted)
    if _purge_pending:
        logger.warning("Page cache purge not delivered; retried on the next request")
        if queue_retry:
            try:
                purge_pages.enqueue()
            except Exception:  # the queue may be down too; the next request retries
                logger.exception("Could not queue the page cache purge")


def purge(*, queue_retry: bool = True) -> None:
    """Make every cached page stale and note the next scheduled story. It
    runs after commits, so it never raises: what it could not do is logged
    and done again by this process's next page request or purge, and by
    the `purge_pages` task."""
    global _purge_pending
    _purge_pending = False
    started = breaker.set(GENERATION, time.time_ns(), None)
    _after_change(started, queue_retry=queue_retry)


def purge_stories(ids) -> None:
    """Make stale the pages that show these stories or list them (see the
    module's docstring); run after the commit that changed them. A purge
    that did not reach the cache is done later as a whole `purge()`."""
    try:
        names = story_names(ids)
    except Exception:
        logger.exception("Could not tell which pages show stories %s", ids)
        _after_change(False, queue_retry=True)
        return
    _after_change(_mark_changed(names), queue_retry=True)


def purging_stories(*ids):
    """`purge_stories(ids)` as a callable for `transaction.on_commit`."""
    return lambda: purge_stories(ids)


def purging_photo_stories(photo):
    """The purge, for `transaction.on_commit`, of the stories showing a photo."""

    def purge_photo_stories():
        purge_stories(photo.uses.values_list("article_id", flat=True).distinct())

    return purge_photo_stories


def _went_live(since: float, now: float) -> set[str]:
    """What changed by itself between `since` and `now`: the stories that
    went live and the lists of the front-page entries that expired."""
    start = datetime.fromtimestamp(since, tz=UTC)
    end = datetime.fromtimestamp(now, tz=UTC)
    live = Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__range=(start, end)
    ).values_list("pk", flat=True)
    names = story_names(live)
    expired = Placement.objects.filter(expires_at__range=(start, end))
    for section in expired.values_list("section_id", flat=True):
        names.add("home")
        if section is not None:
            names.add(f"section:{section}")
    return names


def _catch_up(found: dict, now: float) -> dict:
    """Mark what went live since the noted moment (or, with the moment lost,
    within any fresh entry's lifetime) as changed and note the next one."""
    since = found.get(NEXT_SCHEDULED) or now - settings.NEWSROOM_PAGE_CACHE_SECONDS
    if not _mark_changed(_went_live(since - 1, now)):
        return found
    return {**found, **_note_state()}


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
    return f"newsroom:page:v2:{request.LANGUAGE_CODE}:{digest}"


def _answer(
    stored: dict[str, Any], now: float, state: str, until: float = 0
) -> HttpResponse:
    """The stored page; a browser or shared cache keeps it no later than
    `until`, when the pages next change by themselves."""
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
        if until:
            ttl = max(min(ttl, int(until - now)), 0)
        # A shared cache (nginx, a CDN) cannot be told of an edit, so it
        # keeps the page only for a moment.
        patch_cache_control(
            response,
            public=True,
            max_age=min(ttl, 60),
            s_maxage=min(ttl, settings.NEWSROOM_SHARED_CACHE_SECONDS),
        )
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


def _index_key(key: str) -> str:
    """Where the marks an entry depends on are listed, for reading them
    with the entry (breaker.get_many_indexed)."""
    return f"{key}:depends"


def _fresh(stored, found, now, indexed=(None, None)) -> bool:
    """Whether a stored page may be served as it is: made in this generation,
    within its time, and nothing it depends on changed since it was begun.
    `indexed` is the tag and marks read with it, used when they are this
    entry's (its index may be another copy's, written by another worker)."""
    if not (
        stored
        and stored["generation"] == found.get(GENERATION)
        and now < stored["fresh_until"]
    ):
        return False
    keys = [_changed_key(name) for name in stored["depends"]]
    tag, marks = indexed
    if tag == str(stored["begun"]) and marks is not None and len(marks) == len(keys):
        pairs = zip(keys, marks, strict=True)
        changed = {key: mark for key, mark in pairs if mark is not None}
    else:
        changed = breaker.get_many(keys)
    return breaker.available() and all(
        changed.get(key, 0) < stored["begun"] for key in keys
    )


def _look_up(key: str) -> tuple[dict, tuple]:
    """The entry with the marks it depends on, in one round trip, and the
    state every entry is checked against."""
    found, *indexed = breaker.get_many_indexed(
        [GENERATION, NEXT_SCHEDULED, WITHDRAWN, key], _index_key(key)
    )
    return found, tuple(indexed)


def _catch_up_due(found: dict, now: float) -> bool:
    """Whether the cache lost the state, or a scheduled moment has passed,
    so that stories going live must be marked before any entry is served."""
    return (
        NEXT_SCHEDULED not in found
        or WITHDRAWN not in found
        or bool(found[NEXT_SCHEDULED] and now >= found[NEXT_SCHEDULED])
    )


def cached_pages_middleware(get_response):
    """A reader's request for a page with a fresh copy is answered here,
    before the session, CSRF, login, second-factor, messages and login-
    throttling layers, none of which a public page's copy needs (the same
    place Django's FetchFromCacheMiddleware takes). Anything else (a
    signed-in user, a missing or stale copy, a catch-up due, the cache
    away) goes on to the view, whose `cache_page` does the rest. The
    security, frame, CSP, language and conditional-GET layers stay around
    it, so the answer is the one the view's cache would give."""

    def middleware(request):
        if (
            request.method in ("GET", "HEAD")
            and settings.NEWSROOM_PAGE_CACHE_SECONDS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not _purge_pending
        ):
            request.get_host()  # a host not allowed is refused, as ever
            now, key = _timestamp(), _key(request)
            found, indexed = _look_up(key)
            stored = found.get(key)
            if (
                breaker.available()
                and not _catch_up_due(found, now)
                and _fresh(stored, found, now, indexed)
            ):
                response = _answer(stored, now, "hit", found.get(NEXT_SCHEDULED))
                response["Content-Length"] = str(len(response.content))
                return response
        return get_response(request)

    return middleware


def cache_page(view, *, first_page_only=False, shows=()):
    """Serve a public page from the cache, with headers a CDN can use, or
    its stale copy when the database is away; the ETag, and the 304 answer
    to a matching If-None-Match, come from ConditionalGetMiddleware. With
    `first_page_only` later pages pass straight to the view. `shows` names
    the lists the page shows when the view does not say so itself (see
    `depends_on`)."""

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
        found, indexed = _look_up(key)
        if breaker.available() and _catch_up_due(found, now):
            try:
                found = _catch_up(found, now)
            except DATABASE_DOWN:
                pass  # the view finds the database down too, below
            indexed = (None, None)  # read before the catch-up marked changes
        stored = found.get(key)
        if _fresh(stored, found, now, indexed):
            return _answer(stored, now, "hit", found.get(NEXT_SCHEDULED))
        if time.monotonic() < _database_down_until and _servable_stale(
            stored, found, now
        ):
            return _answer(stored, now, "stale")
        noted = set(shows)
        if shows:
            noted.add("")
        noting = _noting.set(noted)
        begun = time.time_ns()
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
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
        finally:
            _noting.reset(noting)
        if response.status_code != 200:
            _forget(key, stored)
            return response
        ttl = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if response.cookies:
            return response
        if not response.has_header("ETag"):
            # Computed once here rather than by ConditionalGetMiddleware on
            # every hit.
            set_response_etag(response)
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
            "begun": begun,
            "depends": _dependencies(noted),
        }
        kept = ttl + settings.NEWSROOM_STALE_SECONDS
        if breaker.set(key, stored, kept):
            breaker.set_index(
                _index_key(key),
                str(begun),
                [_changed_key(name) for name in stored["depends"]],
                kept,
            )
        return _answer(stored, now, "miss", found.get(NEXT_SCHEDULED))

    return wrapper


def cache_first_page(view):
    """`cache_page` for the search: only its first page of each query."""
    return cache_page(view, first_page_only=True)
