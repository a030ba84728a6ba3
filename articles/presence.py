"""Who has a story's form open, and taking a story over from them.

Each load of the change form opens a session (a key of its own); the page
pings every poll_seconds() while it is open and says goodbye when it closes.
A session not heard from for PRESENT_FOR counts as gone. Stored in the
database, so it works on a site without Redis; opening the form also
clears the story's sessions that nobody has heard from for a day.

A take-over marks the other people's sessions on the story with who took
it and their note; their pages show that on the next ping and stop offering
to save, and a save posted from such a page anyway (its script off) is
refused once, with the form kept (admin/talk.py). Behind both, the editing
service's version check (articles.editing) still refuses a save made from a
stale form, as the last line of defence."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Article, EditingSession
from .text import clean_text

#: Three polls missed (a laptop asleep, a train tunnel) and the person is gone.
PRESENT_FOR = timedelta(seconds=60)
FORGET_AFTER = timedelta(days=1)
NOTE_LENGTH = EditingSession._meta.get_field("takeover_note").max_length


@dataclass(frozen=True)
class TakenOver:
    by: str
    at: object
    note: str


def poll_seconds() -> int:
    """How often an open page pings: NEWSROOM_PRESENCE_POLL, 20 s unless set."""
    return getattr(settings, "NEWSROOM_PRESENCE_POLL", 20)


def new_key() -> str:
    return secrets.token_hex(16)


def ping(article: Article, *, user: User, key: str) -> EditingSession:
    """Record that this page of `user` is still open on the story."""
    now = timezone.now()
    session = EditingSession.objects.filter(key=key).first()
    if session is None or (session.user_id, session.article_id) != (
        user.pk,
        article.pk,
    ):
        # A key is its page's own: one that names another person's page or
        # another story (or was made up) opens a fresh session, with a key
        # of its own if that one is taken, and never touches theirs.
        return EditingSession.objects.create(
            key=key if session is None and len(key) == 32 else new_key(),
            article=article,
            user=user,
            opened_at=now,
            last_seen_at=now,
        )
    session.last_seen_at = now
    session.save(update_fields=["last_seen_at"])
    return session


def open_page(article: Article, *, user: User) -> str:
    """A new page on the story: clear the story's sessions nobody has heard
    from for a day, and open this one. Returns its key."""
    EditingSession.objects.filter(
        article=article, last_seen_at__lt=timezone.now() - FORGET_AFTER
    ).delete()
    return ping(article, user=user, key=new_key()).key


def leave(key: str, *, user: User) -> None:
    """The page was closed. Marked as long unheard rather than deleted: the
    page's goodbye arrives alongside the next page's request, and needs no
    transaction of its own."""
    EditingSession.objects.filter(key=key, user=user).update(
        last_seen_at=timezone.now() - FORGET_AFTER
    )


def others(article: Article, *, user: User) -> list[EditingSession]:
    """Other people with the story open now, one row each (their earliest
    open page), longest open first."""
    present = (
        EditingSession.objects.filter(
            article=article,
            last_seen_at__gte=timezone.now() - PRESENT_FOR,
            taken_over_by__isnull=True,
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at", "pk")
    )
    first = {}
    for session in present:
        first.setdefault(session.user_id, session)
    return list(first.values())


def taken_over(session: EditingSession) -> TakenOver | None:
    if session.taken_over_by_id is None:
        return None
    return TakenOver(
        by=str(session.taken_over_by),
        at=session.taken_over_at,
        note=session.takeover_note,
    )


def taken_from(key: str, *, user: User, article: Article) -> TakenOver | None:
    """Whether the page `key` of `user` on the story was taken over."""
    session = (
        EditingSession.objects.filter(
            key=key, user=user, article=article, taken_over_by__isnull=False
        )
        .select_related("taken_over_by")
        .first()
    )
    return taken_over(session) if session else None


def take_over(article: Article, *, by: User, note: str) -> int:
    """Take the story from everyone else who has it open, leaving them
    `note`. Returns how many pages were taken over."""
    note = clean_text(note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationError(
            _("留言最多 %(limit)d 字，现在是 %(n)d 字。")
            % {"limit": NOTE_LENGTH, "n": len(note)}
        )
    if not others(article, user=by):
        raise ValidationError(_("现在没有别人打开这篇稿件，不需要接手。"))
    return (
        EditingSession.objects.filter(article=article, taken_over_by__isnull=True)
        .exclude(user=by)
        .filter(last_seen_at__gte=timezone.now() - PRESENT_FOR)
        .update(taken_over_by=by, taken_over_at=timezone.now(), takeover_note=note)
    )


def ago(moment) -> str:
    """ "刚刚", "3 分钟前", "2 小时前": how long someone has had it open."""
    seconds = max(0, int((timezone.now() - moment).total_seconds()))
    if seconds < 60:
        return _("刚刚")
    if seconds < 3600:
        return _("%(n)d 分钟前") % {"n": seconds // 60}
    return _("%(n)d 小时前") % {"n": seconds // 3600}
