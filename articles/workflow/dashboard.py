"""What the admin's front page shows each user."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts import roles
from accounts.models import User

from ..models import Article, ArticleEvent
from . import desks
from .rules import is_exempt, signs
from .stages import Status, chain, state_label


def sent_back(article: Article) -> ArticleEvent | None:
    """Why a returned story came back: the send-back that returned it."""
    if article.status != Status.RETURNED:
        return None
    return (
        article.events.filter(action="send_back")
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def dashboard(user: User, *, limit: int = 10) -> dict:
    """What the admin's front page shows this user: the panels their role's
    policy names (accounts.roles.policy_for), each queried only if shown."""
    now = timezone.now()
    listing = (
        Article.objects.in_play()
        .select_related("section", "created_by")
        .order_by("-updated_at")
    )
    panels = {
        "notifications": lambda: user.notifications.filter(
            read_at__isnull=True, article__spiked_at__isnull=True
        ).select_related("article")[:limit],
        "awaiting": lambda: _awaiting(user, listing)[:limit],
        "mine": lambda: _mine(user, listing, limit),
        "to_publish": lambda: (
            listing.filter(status=Status.APPROVED)[:limit]
            if user.has_perm("articles.publish_article")
            else []
        ),
        "scheduled": lambda: listing.filter(
            status=Status.PUBLISHED, publish_at__gt=now
        ).order_by("publish_at")[:limit],
        "recent": lambda: (
            Article.objects.published()
            .select_related("section")
            .order_by("-publish_at")[:limit]
        ),
    }
    shown = roles.policy_for(user).panels
    return {name: panels[name]() for name in roles.PANELS if name in shown}


def _awaiting(user: User, listing):
    """The stories at a stage this user signs, of their own desk where the
    stage is scoped to the desk (desks.queue)."""
    stages = chain()
    waiting = Q(pk__in=[])
    for stage in stages:
        if signs(user, stage):
            waiting |= Q(stage=stage.number) & desks.queue(user, stage)
    if stages and signs(user, stages[-1]):
        # Stories left at a stage a shortened chain no longer has.
        waiting |= Q(stage__gt=len(stages)) & desks.queue(user, stages[-1])
    awaiting = listing.filter(waiting, status=Status.SUBMITTED)
    if not is_exempt(user):
        awaiting = awaiting.exclude(created_by=user)
    return awaiting


def _mine(user: User, listing, limit: int) -> list[Article]:
    mine = list(listing.filter(created_by=user)[:limit])
    for article in mine:
        article.state_text = state_label(article)
        article.sent_back = sent_back(article)
    return mine
