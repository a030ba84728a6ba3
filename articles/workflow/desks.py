"""Desks (部门) in the review chain: a stage scoped to the desk
(`复审:部门主任@desk`) is signed, shown and notified within the story's own
desk only.

Who counts as the desk for a stage: for the 部门主任 group, the desk's
chiefs; for another group (`初审:编辑@desk`), the desk's people, chiefs and
members. The chief editor and the night editor (roles.ALL_DESKS) see every
desk. A story with no desk yet (filed before desks existed, or by someone
on none) is the whole group's, as an unscoped stage is: better any chief
signs it than none can.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Desk, User

from ..models import Article
from .stages import Stage


def _desk_people(group: str) -> tuple[str, ...]:
    """The Desk relations naming who signs for a desk in this group."""
    if group == roles.DESK_CHIEF:
        return ("chiefs",)
    return ("chiefs", "members")


def desk_ids(user: User, group: str) -> set[int]:
    """The desks this user answers for in `group`, read once per user."""
    cache = user.__dict__.setdefault("_newsroom_desks", {})
    if group not in cache:
        query = Q(pk__in=[])
        for relation in _desk_people(group):
            query |= Q(**{relation: user})
        cache[group] = set(Desk.objects.filter(query).values_list("pk", flat=True))
    return cache[group]


def narrowed(stage: Stage, article: Article) -> bool:
    """Whether the desk narrows who signs this stage of this story."""
    return stage.desk_scoped and article.desk_id is not None


def on_desk(user: User, stage: Stage, article: Article) -> bool:
    """Whether a member of the stage's group may sign it for this story's desk."""
    if not narrowed(stage, article) or roles.sees_all_desks(user):
        return True
    return article.desk_id in desk_ids(user, stage.group)


def refusal(stage: Stage, article: Article) -> str:
    """Why a member of the group on another desk may not sign."""
    desk = article.desk.name
    if stage.group == roles.DESK_CHIEF:
        return _(
            "这篇稿件属于%(desk)s，%(stage)s须由%(desk)s的部门主任审签，"
            "您不是%(desk)s的部门主任。"
        ) % {"desk": desk, "stage": stage.label}
    return _(
        "这篇稿件属于%(desk)s，%(stage)s须由%(desk)s的“%(group)s”审签，您不在%(desk)s。"
    ) % {"desk": desk, "stage": stage.label, "group": stage.group}


def signers(stage: Stage, article: Article):
    """The active users who sign this stage of this story."""
    users = User.objects.filter(groups__name=stage.group, is_active=True)
    if narrowed(stage, article):
        desk = Q(groups__name__in=roles.ALL_DESKS)
        for relation in _desk_people(stage.group):
            desk |= Q(**{_related(relation): article.desk_id})
        users = users.filter(desk)
    return users.distinct()


def _related(relation: str) -> str:
    """The User-side lookup of a Desk relation."""
    return {"chiefs": "desks_led", "members": "desks"}[relation]


def queue(user: User, stage: Stage) -> Q:
    """The stories at this stage (Article rows) that wait for this user,
    who signs it: the stage's stories of the user's desks, and those of no
    desk. Stage numbers are matched by the caller."""
    if not stage.desk_scoped or roles.sees_all_desks(user):
        return Q()
    return Q(desk__isnull=True) | Q(desk__in=desk_ids(user, stage.group))
