"""The editorial workflow: the 三审 review chain from draft to publication.

The whole state machine lives here. Each transition is one function that
checks who may do it, changes the story and writes the log row in one
transaction; the admin's buttons, admin actions, commands and tests all call
these functions, and nothing else writes `status`.

    draft ─submit→ submitted (stage 1 … N) ─approve at stage N→ approved (签发)
      ↑                 │ send_back (reason)                       │
      └──── returned ←──┘←──────────── send_back (reason) ─────────┤
                                                                   ├─publish→ published
                                              published ─withdraw (reason)→ withdrawn

A published story with a future `publish_at` is scheduled: public queries
compare with now, so it appears on time with no job and no button.

The chain — how many stages, what each is called, which group signs it — is
configuration (`NEWSROOM_REVIEW_CHAIN`). Separation of duties: nobody signs
their own story, nobody signs two stages of one story in a review round, and
publishing needs the final sign-off whatever permissions the publisher holds.
Superusers get no exception unless `NEWSROOM_SUPERUSER_EXEMPT` is set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from . import cache as page_cache
from .models import Article, ArticleEvent, Notification

logger = logging.getLogger(__name__)
Status = Article.Status


class NotAllowed(PermissionDenied):
    """This person may not take this step on this story now; the message says
    why in words a person can act on."""


@dataclass(frozen=True)
class Stage:
    number: int  # 1-based
    label: str  # 初审
    group: str  # the auth group whose members sign this stage


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    needs: str  # "" | "comment" (optional opinion) | "reason" (required) | "at"


#: The table of transitions: name, button label, from which states, and what
#: must be given. Who may take each is decided by the `*_refusal` functions.
TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", gettext_lazy("提交审稿"), (Status.DRAFT, Status.RETURNED), ""
        ),
        Transition("approve", gettext_lazy("审签通过"), (Status.SUBMITTED,), "comment"),
        Transition(
            "send_back",
            gettext_lazy("退回修改"),
            (Status.SUBMITTED, Status.APPROVED),
            "reason",
        ),
        Transition("publish", gettext_lazy("发布"), (Status.APPROVED,), "at"),
        Transition(
            "reschedule", gettext_lazy("更改发布时间"), (Status.PUBLISHED,), "at"
        ),
        Transition("withdraw", gettext_lazy("撤稿"), (Status.PUBLISHED,), "reason"),
    ]
}


def chain() -> list[Stage]:
    """The review stages, from settings.NEWSROOM_REVIEW_CHAIN."""
    return [
        Stage(number, label, group)
        for number, (label, group) in enumerate(settings.NEWSROOM_REVIEW_CHAIN, 1)
    ]


def stage_of(article: Article) -> Stage | None:
    """The stage a story under review is at. A story left at a stage that a
    shortened chain no longer has is at the last stage."""
    if article.status != Status.SUBMITTED or not article.stage:
        return None
    stages = chain()
    return stages[min(article.stage, len(stages)) - 1]


# ---------------------------------------------------------------- who is who


def _groups(user: User) -> set[str]:
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = set(user.groups.values_list("name", flat=True))
    return user._newsroom_groups


def is_exempt(user: User) -> bool:
    return user.is_superuser and settings.NEWSROOM_SUPERUSER_EXEMPT


def is_author(user: User, article: Article) -> bool:
    """The person who filed the story, or anyone its byline names."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return (
        article.pk is not None
        and article.credits.filter(correspondent__user=user).exists()
    )


def is_outside_contributor(user: User) -> bool:
    """Correspondents from outside the paper (通讯员) who hold no review role."""
    return (
        not user.is_superuser
        and settings.NEWSROOM_CORRESPONDENT_GROUP in _groups(user)
        and not user.has_perm("articles.review_article")
    )


def visible(queryset, user: User):
    """The stories this user may see in the admin: outside correspondents
    see only the stories they filed or are credited on."""
    if not is_outside_contributor(user):
        return queryset
    return queryset.filter(
        Q(created_by=user) | Q(credits__correspondent__user=user)
    ).distinct()


def signs(user: User, stage: Stage) -> bool:
    return user.is_active and (stage.group in _groups(user) or is_exempt(user))


def _signed_other_stage(user: User, article: Article, stage: Stage) -> Stage | None:
    """The stage this user already signed in the current review round."""
    last_submit = article.events.filter(action="submit").order_by("-at", "-pk").first()
    approvals = article.events.filter(action="approve", actor=user).exclude(
        stage=stage.number
    )
    if last_submit:
        approvals = approvals.filter(pk__gt=last_submit.pk)
    other = approvals.first()
    if other is None:
        return None
    return Stage(other.stage, other.stage_label, "")


# ---------------------------------------------------------- refusals (checks)


def _state_refusal(article: Article, name: str) -> str | None:
    transition = TRANSITIONS[name]
    if article.status in transition.sources:
        return None
    return _("这篇稿件现在是“%(status)s”，不能%(action)s。") % {
        "status": Status(article.status).label,
        "action": transition.label,
    }


def submit_refusal(article: Article, user: User) -> str | None:
    if refusal := _state_refusal(article, "submit"):
        return refusal
    if not (is_author(user, article) or is_exempt(user)):
        return _("只有稿件的作者可以提交审稿。")
    return None


def approve_refusal(article: Article, user: User) -> str | None:
    if refusal := _state_refusal(article, "approve"):
        return refusal
    stage = stage_of(article)
    if not signs(user, stage):
        return _("%(stage)s由“%(group)s”审签，您不是其成员。") % {
            "stage": stage.label,
            "group": stage.group,
        }
    if is_exempt(user):
        return None
    if is_author(user, article):
        return _("不能审签自己的稿件。")
    if other := _signed_other_stage(user, article, stage):
        return _(
            "您已审签过这篇稿件的%(other)s；同一篇稿件的各个审稿环节须由不同的人审签。"
        ) % {"other": other.label}
    return None


def send_back_refusal(article: Article, user: User) -> str | None:
    if refusal := _state_refusal(article, "send_back"):
        return refusal
    stage = stage_of(article) or chain()[-1]
    if not signs(user, stage):
        return _("只有%(stage)s的审签人可以退回这篇稿件。") % {"stage": stage.label}
    if is_author(user, article) and not is_exempt(user):
        return _("不能退回自己的稿件；可以在稿件退回后自行修改。")
    return None


def publish_refusal(article: Article, user: User) -> str | None:
    if article.status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED):
        return _("这篇稿件还没有通过终审签发，不能发布。")
    if refusal := _state_refusal(article, "publish"):
        return refusal
    if not user.has_perm("articles.publish_article"):
        return _("您没有发布稿件的权限。")
    return None


def reschedule_refusal(article: Article, user: User) -> str | None:
    if refusal := _state_refusal(article, "reschedule"):
        return refusal
    if article.is_live():
        return _("稿件已经上线，不能再改发布时间；需要下线请撤稿。")
    if not user.has_perm("articles.publish_article"):
        return _("您没有发布稿件的权限。")
    return None


def withdraw_refusal(article: Article, user: User) -> str | None:
    if refusal := _state_refusal(article, "withdraw"):
        return refusal
    if not user.has_perm("articles.withdraw_article"):
        return _("只有总编辑可以撤稿。")
    return None


REFUSALS: dict[str, Callable[[Article, User], str | None]] = {
    "submit": submit_refusal,
    "approve": approve_refusal,
    "send_back": send_back_refusal,
    "publish": publish_refusal,
    "reschedule": reschedule_refusal,
    "withdraw": withdraw_refusal,
}


def available(article: Article, user: User) -> list[Transition]:
    """The transitions this user may take on this story now (the admin shows
    exactly these buttons)."""
    return [
        TRANSITIONS[name]
        for name, refusal in REFUSALS.items()
        if not refusal(article, user)
    ]


def edit_refusal(article: Article, user: User) -> str | None:
    """Who may change a story's content when."""
    if is_exempt(user):
        return None
    match article.status:
        case Status.DRAFT | Status.RETURNED:
            if is_author(user, article):
                return None
            return _("草稿和退回的稿件只有作者本人可以修改。")
        case Status.SUBMITTED:
            stage = stage_of(article)
            if signs(user, stage) and not is_author(user, article):
                return None
            return _("稿件正在%(stage)s，只有该环节的审签人可以修改。") % {
                "stage": stage.label
            }
        case Status.APPROVED:
            if signs(user, chain()[-1]):
                return None
            return _("稿件已签发，只有终审审签人可以修改。")
        case Status.PUBLISHED:
            if user.has_perm("articles.publish_article"):
                return None
            return _("稿件已发布，只有有发布权限的人可以修改。")
    return _("稿件已撤稿，不能再修改。")


def can_edit(article: Article, user: User) -> bool:
    return edit_refusal(article, user) is None


# ------------------------------------------------------------- transitions


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
        )
        for field, value in values.items():
            setattr(article, field, value)
        _notify_after(article, action=action, by=by, comment=comment)
        transaction.on_commit(page_cache.purge)
    return article


def submit(article: Article, *, by: User) -> Article:
    """Send a draft or a returned story into the chain at its first stage."""
    return _transition(
        article,
        by=by,
        action="submit",
        plan=lambda fresh: _Change(Status.SUBMITTED, 1, {}),
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


# ----------------------------------------------------------- notifications

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
        for user in User.objects.filter(groups__name=stage.group, is_active=True):
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
    if author and author != by:
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
        Notification.objects.create(
            recipient=recipient, article=article, message=message
        )
        if settings.NEWSROOM_SEND_EMAIL and recipient.email:
            transaction.on_commit(lambda r=recipient, m=message: _mail(r, m, article))


def _mail(recipient: User, message: str, article: Article) -> None:
    try:
        send_mail(
            subject=f"[{settings.NEWSROOM_SITE_NAME}] {message[:60]}",
            message=message,
            from_email=None,
            recipient_list=[recipient.email],
        )
    except Exception:  # a mail outage must not undo or hide the transition
        logger.exception("Could not mail %s about article %s", recipient, article.pk)


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


# --------------------------------------------------------------- dashboard


def dashboard(user: User, *, limit: int = 10) -> dict:
    """What the admin's front page shows this user."""
    now = timezone.now()
    listing = Article.objects.select_related("section", "created_by").order_by(
        "-updated_at"
    )
    my_stages = [stage.number for stage in chain() if signs(user, stage)]
    awaiting = listing.filter(status=Status.SUBMITTED, stage__in=my_stages)
    if not is_exempt(user):
        awaiting = awaiting.exclude(created_by=user)
    if chain() and signs(user, chain()[-1]):
        # Stories left at a stage a shortened chain no longer has.
        awaiting = awaiting | listing.filter(
            status=Status.SUBMITTED, stage__gt=len(chain())
        )
    return {
        "mine": listing.filter(created_by=user)[:limit],
        "awaiting": awaiting[:limit],
        "to_publish": listing.filter(status=Status.APPROVED)[:limit]
        if user.has_perm("articles.publish_article")
        else [],
        "scheduled": listing.filter(
            status=Status.PUBLISHED, publish_at__gt=now
        ).order_by("publish_at")[:limit],
        "recent": Article.objects.published()
        .select_related("section")
        .order_by("-publish_at")[:limit],
        "notifications": user.notifications.filter(read_at__isnull=True).select_related(
            "article"
        )[:limit],
    }
