"""What the admin's front page shows each user."""

from __future__ import annotations

from django.utils import timezone

from accounts import roles
from accounts.models import User

from ..models import Article, ArticleEvent
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
    my_stages = [stage.number for stage in chain() if signs(user, stage)]
    awaiting = listing.filter(status=Status.SUBMITTED, stage__in=my_stages)
    if not is_exempt(user):
        awaiting = awaiting.exclude(created_by=user)
    if chain() and signs(user, chain()[-1]):
        # Stories left at a stage a shortened chain no longer has.
        awaiting = awaiting | listing.filter(
            status=Status.SUBMITTED, stage__gt=len(chain())
        )
    return awaiting


def _mine(user: User, listing, limit: int) -> list[Article]:
    mine = list(listing.filter(created_by=user)[:limit])
    for article in mine:
        article.state_text = state_label(article)
        article.sent_back = sent_back(article)
    return mine
