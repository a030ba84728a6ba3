"""Who is who and who may do what: authors, outside correspondents, who
signs a stage, and the refusal (in words a person can act on) for each
transition and for editing a story's content."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Article
from .stages import TRANSITIONS, Stage, Status, Transition, chain, stage_of

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
    return queryset.visible_to(user)


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
    if article.spiked_at is not None:  # 废稿: articles.spike
        return _("这篇稿件已作为废稿，恢复后才能%(action)s。") % {
            "action": transition.label
        }
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
    if article.spiked_at is not None:
        return _("这篇稿件已作为废稿，编辑恢复后才能修改。")
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
