"""The review chain's stages and the table of transitions: which steps
exist, their labels, and from which states each may be taken."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from ..models import Article

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
