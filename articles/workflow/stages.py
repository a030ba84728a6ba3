"""The states a story is in and the review chain's stages (configuration),
and how a state reads: 待审·复审, 定时发布（…）."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

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
    #: Signed by the story's own desk only (`复审:部门主任@desk`); the rule
    #: is in desks.py.
    desk_scoped: bool = False


def chain() -> list[Stage]:
    """The review stages, from settings.NEWSROOM_REVIEW_CHAIN."""
    stages = []
    for number, (label, spec) in enumerate(settings.NEWSROOM_REVIEW_CHAIN, 1):
        group, at, _scope = spec.partition("@")
        stages.append(Stage(number, label, group, desk_scoped=bool(at)))
    return stages


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
