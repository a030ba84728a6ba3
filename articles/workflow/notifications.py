"""Telling people what the workflow did: in-app notifications, written with
the step, and mail, queued for after it commits (mail.py); `quietly()`
turns them off."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Article, Notification
from ..text import fit
from . import desks
from .mail import mail_after_commit
from .stages import Status, local_time, stage_of

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length

_notifying = ContextVar("newsroom_workflow_notifying", default=True)


@contextmanager
def quietly():
    """Take steps without notifying anyone (seeding the demo newsroom)."""
    token = _notifying.set(False)
    try:
        yield
    finally:
        _notifying.reset(token)


def _notify_after(article: Article, *, action: str, by: User, comment: str) -> None:
    if not _notifying.get():
        return
    headline = article.headline
    author = article.created_by
    messages: list[tuple[User, str]] = []
    if article.status == Status.SUBMITTED:
        stage = stage_of(article)
        # The stage's signers: of the story's own desk when it is scoped.
        for user in desks.signers(stage, article):
            if user != by and user != author:
                messages.append(
                    (
                        user,
                        _("《%(h)s》等待您%(stage)s。")
                        % {"h": headline, "stage": stage.label},
                    )
                )
    elif action == "approve":
        for user in users_with_perm("articles.publish_article"):
            if user != by:
                messages.append(
                    (user, _("《%(h)s》已签发，可以发布。") % {"h": headline})
                )
    scheduled = (
        action in ("publish", "reschedule")
        and article.publish_at
        and not article.is_live()
    )
    if author and author != by and scheduled:
        messages.append(
            (
                author,
                _("您的稿件《%(h)s》将于 %(when)s 定时发布。")
                % {"h": headline, "when": local_time(article.publish_at)},
            )
        )
    elif author and author != by:
        text = {
            "send_back": _("您的稿件《%(h)s》被退回：%(c)s"),
            "approve": _("您的稿件《%(h)s》已通过审签。"),
            "publish": _("您的稿件《%(h)s》已发布。"),
            "withdraw": _("您的稿件《%(h)s》已撤稿：%(c)s"),
        }.get(action)
        if text and not (action == "approve" and article.status == Status.SUBMITTED):
            messages.append((author, text % {"h": headline, "c": comment}))
    seen = set()
    for recipient, message in messages:
        if recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        # A reason may be 2,000 characters; the note says what happened and
        # the story's timeline keeps the whole reason.
        message = fit(message, MESSAGE_LENGTH)
        Notification.objects.create(
            recipient=recipient, article=article, message=message
        )
        if settings.NEWSROOM_SEND_EMAIL and recipient.email:
            mail_after_commit(recipient.email, message, article_id=article.pk)


def users_with_perm(perm: str):
    app_label, codename = perm.split(".")
    has = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return User.objects.filter(has, is_active=True).distinct()
