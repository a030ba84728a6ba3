"""Who is who and who may do what: authors, outside correspondents, who
signs a stage, and the refusal (in words a person can act on) for the person
taking each transition and for editing a story's content."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import groups_of

from .. import proofing
from ..models import Article
from . import desks
from .stages import Stage, Status, chain, stage_of

# ---------------------------------------------------------------- who is who


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


def signs(user: User, stage: Stage, article: Article | None = None) -> bool:
    """Whether the user signs this stage; of this story when given, whose
    desk narrows a stage scoped to the desk (desks.py)."""
    if not user.is_active:
        return False
    if is_exempt(user):
        return True
    if stage.group not in groups_of(user):
        return False
    return article is None or desks.on_desk(user, stage, article)


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


# ------------------------------------------------- who may take which step
#
# Each check answers for one row of the table (table.py) once the story's
# state has been checked against the row's sources: the refusal for this
# person, in words they can act on, or None.


def submitter_refusal(article: Article, user: User) -> str | None:
    if not (is_author(user, article) or is_exempt(user)):
        return _("只有稿件的作者可以提交审稿。")
    return None


def signer_refusal(article: Article, user: User) -> str | None:
    stage = stage_of(article)
    if not signs(user, stage):
        return _("%(stage)s由“%(group)s”审签，您不是其成员。") % {
            "stage": stage.label,
            "group": stage.group,
        }
    if not signs(user, stage, article):
        return desks.refusal(stage, article)
    if is_exempt(user):
        return None
    if is_author(user, article):
        return _("不能审签自己的稿件。")
    if other := _signed_other_stage(user, article, stage):
        return _(
            "您已审签过这篇稿件的%(other)s；同一篇稿件的各个审稿环节须由不同的人审签。"
        ) % {"other": other.label}
    return None


def sender_back_refusal(article: Article, user: User) -> str | None:
    stage = stage_of(article) or chain()[-1]
    if not signs(user, stage):
        return _("只有%(stage)s的审签人可以退回这篇稿件。") % {"stage": stage.label}
    if not signs(user, stage, article):
        return desks.refusal(stage, article)
    if is_author(user, article) and not is_exempt(user):
        return _("不能退回自己的稿件；可以在稿件退回后自行修改。")
    return None


def publisher_refusal(article: Article, user: User) -> str | None:
    if not user.has_perm("articles.publish_article"):
        return _("您没有发布稿件的权限。")
    return None


def rescheduler_refusal(article: Article, user: User) -> str | None:
    if article.is_live():
        return _("稿件已经上线，不能再改发布时间；需要下线请撤稿。")
    return publisher_refusal(article, user)


def withdrawer_refusal(article: Article, user: User) -> str | None:
    if not user.has_perm("articles.withdraw_article"):
        return _("只有总编辑可以撤稿。")
    return None


def resubmitter_refusal(article: Article, user: User) -> str | None:
    """Sending an edited, signed-off story back into the chain: whoever may
    edit it, before it is live (an edit to a live story is only logged)."""
    if article.is_live():
        return _("稿件已经上线，修改后不重新送审。")
    return edit_refusal(article, user)


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
            if signs(user, stage, article) and not is_author(user, article):
                return None
            if signs(user, stage) and not is_author(user, article):
                return desks.refusal(stage, article)  # another desk's chief
            return _("稿件正在%(stage)s，只有该环节的审签人可以修改。") % {
                "stage": stage.label
            }
        case Status.APPROVED:
            if signs(user, chain()[-1], article):
                return None
            return _("稿件已签发，只有终审审签人可以修改。")
        case Status.PUBLISHED:
            if user.has_perm("articles.publish_article"):
                return None
            return _("稿件已发布，只有有发布权限的人可以修改。")
    return _("稿件已撤稿，不能再修改。")


def can_edit(article: Article, user: User) -> bool:
    return edit_refusal(article, user) is None


# ------------------------------------------- what the content must pass
#
# Checked by take() on the locked row after any save that rode along with
# the step (an editor may fix the text and sign in one press), but not by
# available(): the button stays, and pressing it says what to fix.


@dataclass(frozen=True)
class Readiness:
    refusal: str | None = None
    #: What the person taking the step acknowledged (慎用 words), for the
    #: story's history.
    acknowledged: str = ""


def attribution_refusal(article: Article) -> str | None:
    """A repost (转载) names its source and its original title before
    anyone signs it: the rules for online news say so."""
    if article.source != Article.Source.REPOST:
        return None
    missing = []
    if not article.source_name.strip():
        missing.append(_("转载来源"))
    if not article.original_title.strip():
        missing.append(_("原标题"))
    if not missing:
        return None
    return _("转载稿件须注明%(fields)s，请在稿件的“来源”一栏填写后再审签。") % {
        "fields": "和".join(str(name) for name in missing)
    }


def submission_readiness(article: Article, given: dict) -> Readiness:
    """Before a story enters the chain: no 禁用 word."""
    report = proofing.check(article, slips=False)
    if report.banned:
        return Readiness(report.banned_refusal())
    return Readiness()


def signoff_readiness(article: Article, given: dict) -> Readiness:
    """At every sign-off: a repost's attribution, no 禁用 word, and the
    慎用 words acknowledged by this signer."""
    if refusal := attribution_refusal(article):
        return Readiness(refusal)
    report = proofing.check(article, slips=False)
    if report.banned:
        return Readiness(report.banned_refusal())
    if not report.caution:
        return Readiness()
    if not given.get("acknowledged"):
        return Readiness(
            _("稿件含有慎用词：%(hits)s。请核实后勾选“已核实慎用词提示”，再审签。")
            % {"hits": report.caution_text()}
        )
    return Readiness(
        acknowledged=_("已核实慎用词提示：%(hits)s。") % {"hits": report.caution_text()}
    )
