"""The steps a plan item (选题) takes, and who may take them.

    报题 ─approve→ 通过 ─assign→ 已派题 ─write→ 已成稿 ─(story published)→ 已刊发
      └─reject (reason)→ 不通过

Anyone in the newsroom who files stories proposes (报题). The chiefs of the
item's desk, and those who see every desk (总编辑, 值班总编), approve,
reject with a reason, and assign. An assignee (or a decider) starts the
story; the item becomes 已成稿 when that story is first saved, and 已刊发
when the workflow publishes it (`after_publish`, connected in apps.py, the
way fees/hooks.py follows publishing without touching the workflow).

Each step checks, changes, saves and logs a PlanEvent in one transaction;
a refusal raises NotAllowed with the reason in words a person can act on.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles

from .models import Article, ArticleEvent
from .models.planning import PlanEvent, PlanItem
from .workflow import NotAllowed

State = PlanItem.State

#: Who may propose: whoever may file a story.
FILE = "articles.add_article"


def may_propose(user) -> bool:
    return user.is_active and user.has_perm(FILE)


def decides(user, item: PlanItem) -> bool:
    """The desk's chiefs, and those who see every desk."""
    if not user.is_active:
        return False
    if roles.sees_all_desks(user):
        return True
    # Through .all(), so the budget's prefetched chiefs are read once.
    return item.desk_id is not None and any(
        chief.pk == user.pk for chief in item.desk.chiefs.all()
    )


def is_assignee(user, item: PlanItem) -> bool:
    # Through .all(), so the budget's prefetched assignees are read once.
    return item.pk is not None and any(u.pk == user.pk for u in item.assignees.all())


def may_edit(user, item: PlanItem) -> bool:
    """The topic's wording and slot: its proposer while it is 报题, and the
    deciders until a story exists."""
    if item.state in (State.WRITTEN, State.PUBLISHED, State.REJECTED):
        return False
    if decides(user, item):
        return True
    return item.state == State.PROPOSED and item.proposed_by_id == user.pk


def _log(item, by, action, before, comment=""):
    PlanEvent.objects.create(
        item=item,
        actor=by,
        action=action,
        from_state=before,
        to_state=item.state,
        comment=comment,
    )


def _require(item, sources, message):
    if item.state not in sources:
        raise NotAllowed(
            message % {"state": State(item.state).label} if "%" in message else message
        )


def _decider(item, by):
    if not decides(by, item):
        raise NotAllowed(_("只有本部门主任、总编辑或值班总编可以审定这个选题。"))


@transaction.atomic
def propose(item: PlanItem, *, by) -> PlanItem:
    """Save a new topic as 报题, proposed by `by`."""
    if not may_propose(by):
        raise NotAllowed(_("你的账号不能报题。"))
    if item.pk is not None:
        raise NotAllowed(_("这个选题已经报过了。"))
    if not item.desk_id:
        raise NotAllowed(_("请选择报题的部门。"))
    item.proposed_by = by
    item.state = State.PROPOSED
    item.save()
    _log(item, by, "propose", "")
    return item


@transaction.atomic
def approve(item: PlanItem, *, by, comment: str = "") -> PlanItem:
    _decider(item, by)
    _require(item, {State.PROPOSED}, _("选题现在是“%(state)s”，只有报题可以通过。"))
    before, item.state = item.state, State.APPROVED
    item.save(update_fields=["state"])
    _log(item, by, "approve", before, comment)
    return item


@transaction.atomic
def reject(item: PlanItem, *, by, reason: str) -> PlanItem:
    _decider(item, by)
    _require(
        item,
        {State.PROPOSED, State.APPROVED},
        _("选题现在是“%(state)s”，已派题或已成稿的选题不能再不通过。"),
    )
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(_("不通过要写明理由，报题人会看到。"))
    before, item.state, item.refusal = item.state, State.REJECTED, reason
    item.save(update_fields=["state", "refusal"])
    _log(item, by, "reject", before, reason)
    return item


@transaction.atomic
def assign(item: PlanItem, *, by, assignees, deadline, target_length: int) -> PlanItem:
    """派题: who writes it, by when, and how long."""
    _decider(item, by)
    _require(
        item,
        {State.APPROVED, State.ASSIGNED},
        _("选题现在是“%(state)s”，通过后才能派题。"),
    )
    assignees = list(assignees)
    if not assignees:
        raise NotAllowed(_("派题要指定至少一位采写人。"))
    if deadline is None:
        raise NotAllowed(_("派题要填交稿时间。"))
    if not target_length or target_length <= 0:
        raise NotAllowed(_("派题要填计划字数（大于 0 的整数）。"))
    before = item.state
    item.state, item.deadline, item.target_length = (
        State.ASSIGNED,
        deadline,
        target_length,
    )
    item.save(update_fields=["state", "deadline", "target_length"])
    item.assignees.set(assignees)
    names = "、".join(str(u) for u in assignees)
    _log(item, by, "assign", before, _("派给 %(names)s") % {"names": names})
    return item


def start_refusal(user, item: PlanItem) -> str | None:
    """Why this person may not start the story from this item now, or None."""
    if item.state != State.ASSIGNED:
        return _("选题现在是“%(state)s”，派题后才能开始写稿。") % {
            "state": State(item.state).label
        }
    if not (is_assignee(user, item) or decides(user, item)):
        return _("只有这个选题的采写人可以从它开始写稿。")
    if not user.has_perm(FILE):
        return _("你的账号不能写稿。")
    return None


@transaction.atomic
def written(item: PlanItem, *, story: Article, by) -> PlanItem:
    """The story started from the item has been saved: 已成稿."""
    refusal = start_refusal(by, item)
    if refusal:
        raise NotAllowed(refusal)
    before, item.state, item.story = item.state, State.WRITTEN, story
    item.save(update_fields=["state", "story"])
    _log(item, by, "write", before, story.headline)
    return item


def story_published(article_id: int, *, by=None) -> None:
    """The story an item became has been published: 已刊发."""
    item = PlanItem.objects.filter(story_id=article_id, state=State.WRITTEN).first()
    if item is None:
        return
    with transaction.atomic():
        before, item.state = item.state, State.PUBLISHED
        item.save(update_fields=["state"])
        _log(item, by, "publish", before)


def after_publish(sender, instance: ArticleEvent, created, raw=False, **kwargs):
    """post_save of ArticleEvent: the workflow's publish step, in its own
    transaction, so a rolled-back publish moves no plan item."""
    if raw or not created or instance.action != "publish":
        return
    story_published(instance.article_id, by=instance.actor)


ACTION_LABELS = {
    "propose": gettext_lazy("报题"),
    "approve": gettext_lazy("通过"),
    "reject": gettext_lazy("不通过"),
    "assign": gettext_lazy("派题"),
    "write": gettext_lazy("成稿"),
    "publish": gettext_lazy("稿件发布"),
}
