"""The review chain's stages and the table of transitions: which steps
exist, their labels, and from which states each may be taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Article, ArticleEvent

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


@dataclass(frozen=True)
class Button:
    """One button of the review panel: the value it posts (a transition's
    name, or "schedule" for publishing at a set time) and its words."""

    value: str
    label: str
    transition: str
    danger: bool = False


def buttons(article: Article, transitions: list[Transition]) -> list[Button]:
    """The review panel's buttons for these transitions, labelled the way a
    person reads them: 审签通过（初审）, 终审通过，签发, 立即发布, 定时发布 …"""
    result = []
    for transition in transitions:
        match transition.name:
            case "submit" if article.status == Status.RETURNED:
                result.append(Button("submit", _("修改后重新提交审稿"), "submit"))
            case "approve" if stage := stage_of(article):
                if stage.number >= len(chain()):
                    label = _("%(stage)s通过，签发") % {"stage": stage.label}
                else:
                    label = _("审签通过（%(stage)s）") % {"stage": stage.label}
                result.append(Button("approve", label, "approve"))
            case "publish":
                result.append(Button("publish", _("立即发布"), "publish"))
                result.append(Button("schedule", _("定时发布"), "publish"))
            case "send_back" | "withdraw":
                result.append(
                    Button(
                        transition.name, str(transition.label), transition.name, True
                    )
                )
            case _:
                result.append(
                    Button(transition.name, str(transition.label), transition.name)
                )
    return result


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


# ------------------------------------------------------------------ wording


def local_time(at: datetime) -> str:
    """A time as the newsroom reads it (Asia/Shanghai)."""
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def state_label(article: Article) -> str:
    """The story's state as a person reads it: 待审·复审, or 定时发布 with its
    time for a published story whose time has not come (never 已发布)."""
    if article.status == Status.SUBMITTED and (stage := stage_of(article)):
        return f"{Status(article.status).label}·{stage.label}"
    if article.status == Status.PUBLISHED and article.publish_at:
        if article.publish_at > timezone.now():
            return _("定时发布（%(when)s）") % {"when": local_time(article.publish_at)}
    return str(Status(article.status).label)


def step_label(event: ArticleEvent) -> str:
    """What a logged step was, named the way the newsroom says it: 初审通过,
    终审通过，签发, 退回修改, 定时发布（…）, … (not "待审 → 待审")."""
    stage = event.stage_label
    match event.action:
        case "submit":
            if event.from_status == Status.RETURNED:
                return _("修改后重新提交审稿")
            return _("提交审稿")
        case "approve" if stage:
            if event.to_status == Status.APPROVED:
                return _("%(stage)s通过，签发") % {"stage": stage}
            return _("%(stage)s通过") % {"stage": stage}
        case "send_back" if stage:
            return _("%(stage)s退回修改") % {"stage": stage}
        case "publish" | "reschedule" if event.is_scheduled_publish:
            return _("定时发布（%(when)s）") % {"when": local_time(event.publish_at)}
        case "reschedule":
            return _("改为立即发布")
    return str(event.get_action_display())
