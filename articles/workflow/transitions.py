"""The transitions themselves: each checks who may take it, changes the
story and writes the log row in one transaction; `record_edit` handles an
edit after sign-off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import revisions
from ..models import Article, ArticleEvent
from ..reader import cache as page_cache
from .notifications import _notify_after
from .rules import REFUSALS
from .stages import NotAllowed, Status, chain, stage_of


@dataclass
class _Change:
    status: str
    stage: int | None
    extra: dict


def _transition(
    article: Article,
    *,
    by: User,
    action: str,
    plan: Callable[[Article], _Change],
    comment: str = "",
) -> Article:
    """Check, change and log in one transaction, on a locked, fresh row.

    The conditional UPDATE makes a double click or a second tab harmless: the
    second request finds the story already moved and is refused.
    """
    with transaction.atomic():
        fresh = Article.objects.select_for_update().get(pk=article.pk)
        if refusal := REFUSALS[action](fresh, by):
            raise NotAllowed(refusal)
        change = plan(fresh)
        stage = stage_of(fresh) or (chain()[-1] if action == "send_back" else None)
        values = {
            "status": change.status,
            "stage": change.stage,
            "version": fresh.version + 1,
            "updated_at": timezone.now(),
            **change.extra,
        }
        moved = Article.objects.filter(
            pk=fresh.pk, status=fresh.status, stage=fresh.stage, version=fresh.version
        ).update(**values)
        if moved != 1:
            raise NotAllowed(_("这篇稿件刚被别人处理过，请刷新页面后再试。"))
        ArticleEvent.objects.create(
            article=fresh,
            actor=by,
            action=action,
            from_status=fresh.status,
            to_status=change.status,
            stage=stage.number if stage else None,
            stage_label=stage.label if stage else "",
            comment=comment,
            version=values["version"],
            revision=revisions.current(fresh),
            publish_at=values.get("publish_at"),
        )
        for field, value in values.items():
            setattr(article, field, value)
        _notify_after(article, action=action, by=by, comment=comment)
        transaction.on_commit(page_cache.purge)
    return article


def submit(article: Article, *, by: User, note: str = "") -> Article:
    """Send a draft or a returned story into the chain at its first stage,
    with an optional note to the reviewers (kept on the log row)."""
    return _transition(
        article,
        by=by,
        action="submit",
        plan=lambda fresh: _Change(Status.SUBMITTED, 1, {}),
        comment=(note or "").strip(),
    )


def approve(article: Article, *, by: User, comment: str = "") -> Article:
    """Sign the current stage (审签) with an optional written opinion; after
    the last stage the story is approved (签发)."""

    def plan(fresh):
        if fresh.stage < len(chain()):
            return _Change(Status.SUBMITTED, fresh.stage + 1, {})
        return _Change(Status.APPROVED, None, {})

    return _transition(
        article, by=by, action="approve", plan=plan, comment=(comment or "").strip()
    )


def send_back(article: Article, *, by: User, reason: str) -> Article:
    """Return a story to its author with a reason (退回)."""
    reason = _required_text(reason, _("退回稿件时必须写明理由。"))
    return _transition(
        article,
        by=by,
        action="send_back",
        plan=lambda fresh: _Change(Status.RETURNED, None, {}),
        comment=reason,
    )


def publish(article: Article, *, by: User, at: datetime | None = None) -> Article:
    """Publish an approved story, now or at `at` (a future time schedules it).

    Without `at`, a future `publish_at` already planned on the story is kept;
    otherwise the story goes live now.
    """
    at = _aware(at)

    def plan(fresh):
        now = timezone.now()
        when = at or (
            fresh.publish_at if fresh.publish_at and fresh.publish_at > now else now
        )
        return _Change(
            Status.PUBLISHED,
            None,
            {
                "publish_at": when,
                "first_published_at": fresh.first_published_at or when,
            },
        )

    return _transition(article, by=by, action="publish", plan=plan, comment=_when(at))


def reschedule(article: Article, *, by: User, at: datetime) -> Article:
    """Move a scheduled story to another time (a past time publishes now)."""
    at = _aware(at)
    if at is None:
        raise ValidationError(_("请填写新的发布时间。"))

    def plan(fresh):
        return _Change(
            Status.PUBLISHED, None, {"publish_at": at, "first_published_at": at}
        )

    return _transition(
        article, by=by, action="reschedule", plan=plan, comment=_when(at)
    )


def withdraw(article: Article, *, by: User, reason: str) -> Article:
    """Take a published or scheduled story down (撤稿); its URL answers 410."""
    reason = _required_text(reason, _("撤稿时必须写明理由。"))
    return _transition(
        article,
        by=by,
        action="withdraw",
        plan=lambda fresh: _Change(Status.WITHDRAWN, None, {}),
        comment=reason,
    )


def record_edit(article: Article, *, by: User, changed: list[str]) -> None:
    """Called after a content edit has been saved.

    An edit after sign-off sends the story back to the first stage (the
    default) or, with NEWSROOM_EDIT_AFTER_SIGNOFF = "record", is logged as a
    post-sign-off change. An edit to a live story is logged.
    """
    signed_off = article.status == Status.APPROVED or (
        article.status == Status.PUBLISHED and not article.is_live()
    )
    if not (signed_off or article.status == Status.PUBLISHED) or not changed:
        return
    fields = "、".join(changed)
    transaction.on_commit(page_cache.purge)
    with transaction.atomic():
        if signed_off and settings.NEWSROOM_EDIT_AFTER_SIGNOFF == "rechain":
            from_status = article.status
            Article.objects.filter(pk=article.pk).update(
                status=Status.SUBMITTED, stage=1, version=article.version + 1
            )
            article.status, article.stage = Status.SUBMITTED, 1
            article.version += 1
            ArticleEvent.objects.create(
                article=article,
                actor=by,
                action="resubmit",
                from_status=from_status,
                to_status=Status.SUBMITTED,
                stage=1,
                stage_label=chain()[0].label,
                comment=_("签发后修改了%(fields)s，重新送审。") % {"fields": fields},
                version=article.version,
                revision=revisions.current(article),
            )
            _notify_after(article, action="submit", by=by, comment="")
        else:
            ArticleEvent.objects.create(
                article=article,
                actor=by,
                action="edit_after_signoff" if signed_off else "edit_published",
                from_status=article.status,
                to_status=article.status,
                comment=_("修改了%(fields)s。") % {"fields": fields},
                version=article.version,
                revision=revisions.current(article),
            )


def _required_text(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return text


def _aware(at: datetime | None) -> datetime | None:
    if at is not None and timezone.is_naive(at):
        raise ValidationError(_("发布时间缺少时区，无法确定是哪一刻。"), code="naive")
    return at


def _when(at: datetime | None) -> str:
    if at is None:
        return ""
    return _("发布时间：%(when)s") % {
        "when": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    }
