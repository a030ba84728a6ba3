"""The table of transitions: one row per step a story can take, holding all
there is to know about it, and the words the newsroom reads for each.

A row says which states the step starts from and which it leads to, what
must or may be given (an opinion, a reason, a time, the fields an edit
changed), who may take it, what it is called and what its log row says.
`take()` in transitions.py reads nothing else; the admin's review panel shows
the rows that are taken by hand (`by_hand`), and the editing service takes
`resubmit` itself when a signed-off story is edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from ..models import Article, ArticleEvent
from . import rules
from .stages import Stage, Status, chain, local_time, stage_of

# ------------------------------------------------------------ what is given


@dataclass(frozen=True)
class Given:
    """One input a step takes, as `take(name, article, by=…, <name>=value)`.

    `kind` is "text" (stripped), "time" (an aware datetime), "fields" (the
    labels of the fields an edit changed) or "flag" (a box ticked).
    `missing` is the refusal when it is not given; an input without one is
    optional.
    """

    name: str
    kind: str = "text"
    missing: str | Promise = ""

    def clean(self, value: Any) -> Any:
        match self.kind:
            case "text":
                value = (value or "").strip()
            case "time":
                if value is not None and timezone.is_naive(value):
                    raise ValidationError(
                        _("发布时间缺少时区，无法确定是哪一刻。"), code="naive"
                    )
            case "fields":
                value = [str(label) for label in value or []]
            case "flag":
                value = bool(value)
        if self.missing and not value:
            raise ValidationError(str(self.missing), code="required")
        return value


# ------------------------------------------------------------------ the rows


@dataclass(frozen=True)
class Transition:
    name: str
    #: What the step is called (the button, the log, refusals).
    label: str | Promise
    sources: tuple[str, ...]
    #: The state the step leads to. A step `through_chain` (approve) moves to
    #: the next review stage, and reaches `target` after the last one; a step
    #: into `submitted` starts at the first stage.
    target: str
    given: tuple[Given, ...]
    #: Who may take it: the refusal for this person, or None. The state (the
    #: sources, 废稿) is checked before, the same way for every row.
    may: Callable[[Article, User], str | None]
    #: The log row's comment, from what was given.
    log: Callable[[dict], str]
    through_chain: bool = False
    #: Fields the step sets besides the state (publish: the time).
    sets: Callable[[Article, dict], dict] | None = None
    #: The review stage the log row names (default: the story's stage).
    logged_stage: Callable[[Article], Stage | None] = stage_of
    #: A button in the review panel; False for a step the editing service
    #: takes (resubmit).
    by_hand: bool = True
    #: Shown as a step that undoes work (退回, 撤稿).
    danger: bool = False
    #: The refusal for a story not yet signed off, when it says more than
    #: "it is now 草稿" (publish).
    unsigned: str | Promise = ""
    #: What the story's content must pass (the lexicon, a repost's
    #: attribution), checked on the locked row by take() only: the button
    #: stays in the panel, and pressing it says what to fix.
    ready: Callable[[Article, dict], rules.Readiness] | None = None

    def destination(self, fresh: Article) -> tuple[str, int | None]:
        """The (status, stage) this step takes the story to."""
        if self.through_chain and (fresh.stage or 0) < len(chain()):
            return Status.SUBMITTED, (fresh.stage or 0) + 1
        return self.target, 1 if self.target == Status.SUBMITTED else None

    def clean(self, given: dict) -> dict:
        """What was given, checked: unknown names are a programming error,
        a missing reason or a naive time a refusal a person can act on."""
        unknown = set(given) - {g.name for g in self.given}
        if unknown:
            raise TypeError(
                f"{self.name}() takes {[g.name for g in self.given]}, "
                f"not {sorted(unknown)}"
            )
        return {g.name: g.clean(given.get(g.name)) for g in self.given}

    def refusal(self, article: Article, user: User) -> str | None:
        """Why this person may not take this step on this story now, or None."""
        unsigned = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
        if self.unsigned and article.status in unsigned:
            return str(self.unsigned)
        if article.spiked_at is not None:  # 废稿: articles.spike
            return _("这篇稿件已作为废稿，恢复后才能%(action)s。") % {
                "action": self.label
            }
        if article.status not in self.sources:
            return _("这篇稿件现在是“%(status)s”，不能%(action)s。") % {
                "status": Status(article.status).label,
                "action": self.label,
            }
        return self.may(article, user)


def _text(name: str) -> Callable[[dict], str]:
    def log(given: dict) -> str:
        return given[name]

    return log


def _publish_time(given: dict) -> str:
    at: datetime | None = given["at"]
    if at is None:
        return ""
    return _("发布时间：%(when)s") % {"when": local_time(at)}


def _publishing(fresh: Article, given: dict) -> dict:
    """Publish now, at the time given, or at a future time already planned."""
    now = timezone.now()
    planned = fresh.publish_at if fresh.publish_at and fresh.publish_at > now else None
    when = given["at"] or planned or now
    return {"publish_at": when, "first_published_at": fresh.first_published_at or when}


def _rescheduling(fresh: Article, given: dict) -> dict:
    return {"publish_at": given["at"], "first_published_at": given["at"]}


def _changed_fields(given: dict) -> str:
    return _("签发后修改了%(fields)s，重新送审。") % {
        "fields": "、".join(given["changed"])
    }


def _stage_or_final(article: Article) -> Stage | None:
    # An approved story is sent back by its final signers.
    return stage_of(article) or chain()[-1]


def _first_stage(article: Article) -> Stage | None:
    return chain()[0]


#: The table: every step a story can take, and all there is to know about it.
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit",
            gettext_lazy("提交审稿"),
            sources=(Status.DRAFT, Status.RETURNED),
            target=Status.SUBMITTED,
            given=(Given("note"),),
            may=rules.submitter_refusal,
            log=_text("note"),
            ready=rules.submission_readiness,
        ),
        Transition(
            "approve",
            gettext_lazy("审签通过"),
            sources=(Status.SUBMITTED,),
            target=Status.APPROVED,
            through_chain=True,
            given=(Given("comment"), Given("acknowledged", "flag")),
            may=rules.signer_refusal,
            log=_text("comment"),
            ready=rules.signoff_readiness,
        ),
        Transition(
            "send_back",
            gettext_lazy("退回修改"),
            sources=(Status.SUBMITTED, Status.APPROVED),
            target=Status.RETURNED,
            given=(Given("reason", missing=gettext_lazy("退回稿件时必须写明理由。")),),
            may=rules.sender_back_refusal,
            log=_text("reason"),
            logged_stage=_stage_or_final,
            danger=True,
        ),
        Transition(
            "publish",
            gettext_lazy("发布"),
            sources=(Status.APPROVED,),
            target=Status.PUBLISHED,
            given=(Given("at", "time"),),
            may=rules.publisher_refusal,
            log=_publish_time,
            sets=_publishing,
            unsigned=gettext_lazy("这篇稿件还没有通过终审签发，不能发布。"),
        ),
        Transition(
            "reschedule",
            gettext_lazy("更改发布时间"),
            sources=(Status.PUBLISHED,),
            target=Status.PUBLISHED,
            given=(Given("at", "time", missing=gettext_lazy("请填写新的发布时间。")),),
            may=rules.rescheduler_refusal,
            log=_publish_time,
            sets=_rescheduling,
        ),
        Transition(
            "withdraw",
            gettext_lazy("撤稿"),
            sources=(Status.PUBLISHED,),
            target=Status.WITHDRAWN,
            given=(Given("reason", missing=gettext_lazy("撤稿时必须写明理由。")),),
            may=rules.withdrawer_refusal,
            log=_text("reason"),
            danger=True,
        ),
        # An edit after sign-off (NEWSROOM_EDIT_AFTER_SIGNOFF = "rechain")
        # sends the story back to the first stage; articles.editing takes it.
        Transition(
            "resubmit",
            gettext_lazy("签发后修改，重新送审"),
            sources=(Status.APPROVED, Status.PUBLISHED),
            target=Status.SUBMITTED,
            given=(
                Given("changed", "fields", missing=gettext_lazy("没有改动的内容。")),
            ),
            may=rules.resubmitter_refusal,
            log=_changed_fields,
            logged_stage=_first_stage,
            by_hand=False,
        ),
    ]
}


def refusal(name: str, article: Article, user: User) -> str | None:
    """Why `user` may not take the step `name` on this story now, or None."""
    return TRANSITIONS[name].refusal(article, user)


def available(article: Article, user: User) -> list[Transition]:
    """The steps this user may take by hand on this story now (the review
    panel shows exactly these)."""
    return [
        t for t in TRANSITIONS.values() if t.by_hand and not t.refusal(article, user)
    ]


# ------------------------------------------------------------------ wording


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
        name, danger = transition.name, transition.danger
        match name:
            case "submit" if article.status == Status.RETURNED:
                result.append(Button(name, _("修改后重新提交审稿"), name))
            case "approve" if stage := stage_of(article):
                if stage.number >= len(chain()):
                    label = _("%(stage)s通过，签发") % {"stage": stage.label}
                else:
                    label = _("审签通过（%(stage)s）") % {"stage": stage.label}
                result.append(Button(name, label, name))
            case "publish":
                result.append(Button(name, _("立即发布"), name))
                result.append(Button("schedule", _("定时发布"), name))
            case _:
                result.append(Button(name, str(transition.label), name, danger))
    return result


def step_label(event: ArticleEvent) -> str:
    """What a logged step was, named the way the newsroom says it: 初审通过,
    终审通过，签发, 退回修改, 定时发布（…）, … (not "待审 → 待审")."""
    stage = event.stage_label
    match event.action:
        case "submit":
            if event.from_status == Status.RETURNED:
                return _("修改后重新提交审稿")
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
    if transition := TRANSITIONS.get(event.action):
        return str(transition.label)
    return str(event.get_action_display())  # an edit, 废稿, …
