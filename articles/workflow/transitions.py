"""Taking a step: `take(name, article, by=…, **given)` checks, changes and
logs in one transaction, reading everything about the step from its row in
the table. The named functions (`submit`, `approve`, …) are the same call
spelled for people and scripts."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import revisions
from ..models import Article, ArticleEvent
from ..reader import cache as page_cache
from .notifications import _notify_after
from .stages import NotAllowed
from .table import TRANSITIONS


def take(name: str, article: Article, *, by: User, **given) -> Article:
    """Take the step `name` on `article` as `by`, with what the step's row
    says it takes (`note`, `comment`, `acknowledged`, `reason`, `at`,
    `changed`).

    What was given is checked first (a missing reason or a naive time raises
    ValidationError), then, on a locked, fresh row, who may take the step
    now and whether the content is ready for it (the row's `ready`: 禁用
    words, a repost's attribution, 慎用 words acknowledged) (NotAllowed).
    The conditional UPDATE makes a double click or a second tab harmless:
    the second request finds the story already moved and is refused.
    `article` is updated in place and returned.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise NotAllowed(_("没有这个审稿操作。"))
    given = transition.clean(given)
    with transaction.atomic():
        fresh = Article.objects.select_for_update().get(pk=article.pk)
        if refusal := transition.refusal(fresh, by):
            raise NotAllowed(refusal)
        ready = transition.ready(fresh, given) if transition.ready else None
        if ready and ready.refusal:
            raise NotAllowed(ready.refusal)
        status, stage = transition.destination(fresh)
        values = {
            "status": status,
            "stage": stage,
            "version": fresh.version + 1,
            "updated_at": timezone.now(),
            **(transition.sets(fresh, given) if transition.sets else {}),
        }
        moved = Article.objects.filter(
            pk=fresh.pk, status=fresh.status, stage=fresh.stage, version=fresh.version
        ).update(**values)
        if moved != 1:
            raise NotAllowed(_("这篇稿件刚被别人处理过，请刷新页面后再试。"))
        logged_stage = transition.logged_stage(fresh)
        comment = transition.log(given)
        if ready and ready.acknowledged:
            # Its own row before the step's, so the timeline shows who
            # vouched for which 慎用 words at which stage.
            ArticleEvent.objects.create(
                article=fresh,
                actor=by,
                action="acknowledge",
                from_status=fresh.status,
                to_status=fresh.status,
                stage=logged_stage.number if logged_stage else None,
                stage_label=logged_stage.label if logged_stage else "",
                comment=ready.acknowledged,
                version=values["version"],
            )
        ArticleEvent.objects.create(
            article=fresh,
            actor=by,
            action=name,
            from_status=fresh.status,
            to_status=status,
            stage=logged_stage.number if logged_stage else None,
            stage_label=logged_stage.label if logged_stage else "",
            comment=comment,
            version=values["version"],
            revision=revisions.current(fresh),
            publish_at=values.get("publish_at"),
        )
        for field, value in values.items():
            setattr(article, field, value)
        _notify_after(article, action=name, by=by, comment=comment)
        transaction.on_commit(page_cache.purging_stories(article.pk))
    return article


def submit(article: Article, *, by: User, note: str = "") -> Article:
    """Send a draft or a returned story into the chain at its first stage,
    with an optional note to the reviewers (kept on the log row)."""
    return take("submit", article, by=by, note=note)


def approve(
    article: Article, *, by: User, comment: str = "", acknowledged: bool = False
) -> Article:
    """Sign the current stage (审签) with an optional written opinion; after
    the last stage the story is approved (签发). `acknowledged`: the signer
    has checked the story's 慎用 words (required when it has any)."""
    return take("approve", article, by=by, comment=comment, acknowledged=acknowledged)


def send_back(article: Article, *, by: User, reason: str) -> Article:
    """Return a story to its author with a reason (退回)."""
    return take("send_back", article, by=by, reason=reason)


def publish(article: Article, *, by: User, at: datetime | None = None) -> Article:
    """Publish an approved story, now or at `at` (a future time schedules it).

    Without `at`, a future `publish_at` already planned on the story is kept;
    otherwise the story goes live now.
    """
    return take("publish", article, by=by, at=at)


def reschedule(article: Article, *, by: User, at: datetime) -> Article:
    """Move a scheduled story to another time (a past time publishes now)."""
    return take("reschedule", article, by=by, at=at)


def withdraw(article: Article, *, by: User, reason: str) -> Article:
    """Take a published or scheduled story down (撤稿); its URL answers 410."""
    return take("withdraw", article, by=by, reason=reason)
