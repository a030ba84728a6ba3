"""The editing service: the one way a story's content changes.

Every writer — the admin's story form, restoring a revision, 废稿, the
importer, the demo command — files and edits stories through these
functions, after
Wagtail's `actions/edit.py`:

- `create()` files a new story as a draft with its first revision;
- `save_edit()` locks the story's row, refuses an edit based on an older
  version (`Stale`, listing what changed meanwhile) or by someone who may
  not edit it now, saves the named content fields and the related rows,
  bumps the version, keeps a revision, logs an edit after sign-off (sending
  the story back into the chain through `workflow.take("resubmit")`) and
  purges the page cache after the commit; a save that changes nothing is
  undone and keeps no new version;
- `restore_revision()` is `save_edit()` with a revision's content;
- `spike()` and `unspike()` set a story aside as 废稿 and bring it back
  (the rules are in articles.spike), writing only the spike fields.

Content saves name their fields (`update_fields`), none of which is
`status`, `stage` or the publication times: only `workflow.take()` moves a
story, so an edit or a restore racing a publish or a withdrawal cannot undo
it. From here a story reaches readers through `articles.reader`: the page
cache purged here, `Article.objects.published()` choosing what is public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Desk, User

from . import revisions, workflow
from . import spike as spike_rules
from .models import Article, ArticleEvent, Revision
from .reader import cache as page_cache
from .text import clean_text

Status = Article.Status

#: The story's own fields an edit may write (publish_at only while the
#: story is not signed off: a planned time).
CONTENT_FIELDS = Article.CONTENT_FIELDS
#: Filled in by Article.save() from the content.
_DERIVED_FIELDS = ("char_count", "search_text", "print_date", "print_page")
#: Copied from the locked row onto the caller's object: what the story is
#: now, whatever the caller loaded before.
_STATE_FIELDS = (
    "status",
    "stage",
    "first_published_at",
    "spiked_at",
    "spiked_by_id",
    "spike_reason",
)
_SIGNED_OFF = (Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN)


class Stale(workflow.NotAllowed):
    """The edit is based on a version that is no longer current. Its
    messages say what changed meanwhile, so the editor can merge."""

    def __init__(self, messages: list[str], *, current: int):
        super().__init__(messages[0])
        self.messages = messages
        self.current = current


@dataclass
class Saved:
    """What an edit kept: the new revision (None when nothing changed) and
    the labels of what changed (主题, 正文, 署名 …)."""

    revision: Revision | None
    changed: list[str] = field(default_factory=list)


class _NothingChanged(Exception):
    pass


def create(
    article: Article,
    *,
    by: User | None,
    related: Callable[[], None] | None = None,
) -> Revision:
    """File a new story: saved as a draft at version 1, with whatever
    `related()` writes (tags, byline, photos), as revision 1."""
    if article.pk is not None:
        raise ValueError("create() files new stories; edit others with save_edit()")
    article.status, article.stage, article.version = Status.DRAFT, None, 1
    if article.desk_id is None:
        # A story belongs to its author's desk until an editor moves it.
        article.desk = Desk.home_of(article.created_by or by)
    with transaction.atomic():
        article.save()
        if related is not None:
            related()
        revision = revisions.record(article, by=by)
        transaction.on_commit(page_cache.purging_stories(article.pk))
    return revision


def check_version(article: Article, base_version: int) -> Article:
    """Lock the story's row until the transaction ends and return it fresh;
    refuse (`Stale`) an edit based on any other version than the current."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_version() must run inside transaction.atomic()")
    fresh = Article.objects.select_for_update().filter(pk=article.pk).first()
    if fresh is None:
        raise workflow.NotAllowed(_("这篇稿件已不存在。"))
    if fresh.version != base_version:
        raise Stale(_stale_messages(fresh, base_version), current=fresh.version)
    return fresh


def save_edit(
    article: Article,
    *,
    by: User,
    base_version: int,
    fields: Iterable[str],
    related: Callable[[], None] | None = None,
    also_changed: Iterable[str] = (),
    note: str = "",
) -> Saved:
    """Save an edit to `article`: its `fields` (set on the object by the
    caller) and whatever `related()` writes (tags, byline, photos), made by
    `by` on the story as it was at `base_version`.

    `also_changed` names changes no revision shows (a 更正 added). Raises
    `Stale` or `workflow.NotAllowed`; nothing is written then.
    """
    fields = list(fields)
    if unknown := set(fields) - set(CONTENT_FIELDS):
        raise ValueError(f"not content fields: {sorted(unknown)}")
    with transaction.atomic():
        fresh = check_version(article, base_version)
        if refusal := workflow.edit_refusal(fresh, by):
            raise workflow.NotAllowed(refusal)
        if "publish_at" in fields and fresh.status in _SIGNED_OFF:
            raise workflow.NotAllowed(
                _("稿件已签发，发布时间只能用审稿栏的发布按钮设定。")
            )
        for name in _STATE_FIELDS:
            setattr(article, name, getattr(fresh, name))
        if "publish_at" not in fields:
            article.publish_at = fresh.publish_at
        before = revisions.snapshot(fresh)
        try:
            with transaction.atomic():
                article.version = fresh.version + 1
                article.updated_at = timezone.now()
                article.save(
                    update_fields=[*fields, *_DERIVED_FIELDS, "version", "updated_at"]
                )
                if related is not None:
                    related()
                # A byline or photos prefetched before the save are stale.
                getattr(article, "_prefetched_objects_cache", {}).clear()
                after = revisions.snapshot(article)
                changed = [c.label for c in revisions.changes(before, after)]
                changed += [str(label) for label in also_changed]
                if not changed:
                    raise _NothingChanged
        except _NothingChanged:
            article.version, article.updated_at = fresh.version, fresh.updated_at
            return Saved(None)
        revision = revisions.record(article, by=by, note=note)
        _log_edit(article, by=by, changed=changed)
        transaction.on_commit(page_cache.purging_stories(article.pk))
    return Saved(revision, changed)


def restore_revision(
    article: Article, revision: Revision, *, by: User, base_version: int
) -> Saved:
    """Make the story's content what it was at `revision` (text, section,
    tags, byline, photos), as a new revision; its state stays what it is."""
    if revision.article_id != article.pk:
        raise ValueError("revision belongs to another article")
    fields = revisions.put_fields(article, revision.data)
    return save_edit(
        article,
        by=by,
        base_version=base_version,
        fields=fields,
        related=lambda: revisions.put_related(article, revision.data),
        note=_("恢复自第 %(n)d 版") % {"n": revision.number},
    )


def spike(article: Article, *, by: User, reason: str = "") -> Article:
    """Spike a draft or returned story (废稿), with an optional reason; the
    rules are in articles.spike. Only the spike fields are written."""
    # Written with update(), which skips the clean every save gets.
    reason = " ".join(clean_text(reason or "").split())
    if len(reason) > spike_rules.REASON_MAX_LENGTH:
        raise ValidationError(
            _("作废理由最多 %(n)d 个字，现在是 %(m)d 个字。")
            % {"n": spike_rules.REASON_MAX_LENGTH, "m": len(reason)}
        )
    return _mark(
        article,
        by=by,
        action="spike",
        refusal=spike_rules.spike_refusal,
        values={"spiked_at": timezone.now(), "spiked_by": by, "spike_reason": reason},
        comment=reason,
    )


def unspike(article: Article, *, by: User) -> Article:
    """Bring a spiked story back to the lists, in the state it was spiked in."""
    return _mark(
        article,
        by=by,
        action="restore",
        refusal=spike_rules.restore_refusal,
        values={"spiked_at": None, "spiked_by": None, "spike_reason": ""},
    )


def _mark(article, *, by, action, refusal, values, comment=""):
    """Lock the row, check, write only `values` (and the version), log the
    step and purge after the commit; a second tab is refused."""
    with transaction.atomic():
        fresh = Article.objects.select_for_update().get(pk=article.pk)
        if message := refusal(fresh, by):
            raise workflow.NotAllowed(message)
        values = {**values, "version": fresh.version + 1, "updated_at": timezone.now()}
        moved = Article.objects.filter(pk=fresh.pk, version=fresh.version).update(
            **values
        )
        if moved != 1:
            raise workflow.NotAllowed(_("这篇稿件刚被别人处理过，请刷新页面后再试。"))
        ArticleEvent.objects.create(
            article=fresh,
            actor=by,
            action=action,
            from_status=fresh.status,
            to_status=fresh.status,
            comment=comment,
            version=values["version"],
        )
        for name, value in values.items():
            setattr(article, name, value)
        transaction.on_commit(page_cache.purging_stories(article.pk))
    return article


def _log_edit(article: Article, *, by: User, changed: list[str]) -> None:
    """An edit after sign-off sends the story back to the first stage (the
    default) or, with NEWSROOM_EDIT_AFTER_SIGNOFF = "record", is logged as a
    post-sign-off change. An edit to a live story is logged."""
    signed_off = article.status == Status.APPROVED or (
        article.status == Status.PUBLISHED and not article.is_live()
    )
    if not (signed_off or article.status == Status.PUBLISHED):
        return
    if signed_off and settings.NEWSROOM_EDIT_AFTER_SIGNOFF == "rechain":
        workflow.take("resubmit", article, by=by, changed=changed)
        return
    ArticleEvent.objects.create(
        article=article,
        actor=by,
        action="edit_after_signoff" if signed_off else "edit_published",
        from_status=article.status,
        to_status=article.status,
        comment=_("修改了%(fields)s。") % {"fields": "、".join(changed)},
        version=article.version,
        revision=revisions.current(article),
    )


def _stale_messages(article: Article, base: int) -> list[str]:
    """What changed since `base`: the content, field by field, and the
    steps taken, in words an editor can merge by."""
    latest = article.revisions.first()
    messages = [
        _(
            "保存未成功：您打开这篇稿件之后，它已被改动（现在是第 %(n)d 版）。"
            "您填写的内容都还在表单里，请对照下面的改动合并后再保存。"
        )
        % {"n": latest.number if latest else article.version}
    ]
    before = revisions.as_of(article, base)
    if before and latest and latest.version > base:
        who = latest.created_by or _("其他人")
        for change in revisions.changes(before.data, latest.data):
            messages.append(
                _("%(who)s改动了%(label)s：“%(before)s”→“%(after)s”")
                % {
                    "who": who,
                    "label": change.label,
                    "before": _short(change.before),
                    "after": _short(change.after),
                }
            )
    for event in article.events.filter(version__gt=base).select_related("actor"):
        messages.append(
            _("%(who)s于 %(when)s %(action)s，稿件现在是“%(status)s”。")
            % {
                "who": event.actor or _("系统"),
                "when": timezone.localtime(event.at).strftime("%H:%M"),
                "action": workflow.step_label(event),
                "status": event.get_to_status_display(),
            }
        )
    return messages


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
