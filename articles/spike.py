"""废稿: spiking a story nobody will run, and restoring it.

A spiked story is kept (nothing in the newsroom is hard-deleted) but leaves
every list: the admin's story list unless an editor asks for the 废稿,
dashboards, notifications and admin search; it is never public. Spiking is
not a workflow state: the story keeps its status (draft or returned), so
restoring puts it back exactly where it was, and the review chain's state
machine stays as it is. Both steps are logged in the story's timeline.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from . import workflow
from .models import Article, ArticleEvent
from .reader import cache as page_cache

#: The states a story may be spiked from: work nobody has signed yet.
SPIKEABLE = (Article.Status.DRAFT, Article.Status.RETURNED)
REASON_MAX_LENGTH = Article._meta.get_field("spike_reason").max_length


def is_editor(user: User) -> bool:
    return user.has_perm("articles.review_article") or workflow.is_exempt(user)


def spike_refusal(article: Article, user: User) -> str | None:
    """Why this person may not spike this story now, or None."""
    if article.spiked_at is not None:
        return _("这篇稿件已经是废稿。")
    if article.status not in SPIKEABLE:
        return _("只有草稿和退回的稿件可以作废；这篇稿件现在是“%(status)s”。") % {
            "status": article.get_status_display()
        }
    if not (workflow.is_author(user, article) or is_editor(user)):
        return _("只有稿件的作者或编辑可以把它作为废稿。")
    return None


def restore_refusal(article: Article, user: User) -> str | None:
    if article.spiked_at is None:
        return _("这篇稿件不是废稿，不需要恢复。")
    if not is_editor(user):
        return _("只有编辑可以恢复废稿。")
    return None


def spike(article: Article, *, by: User, reason: str = "") -> Article:
    """Spike a draft or returned story (作废), with an optional reason."""
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("作废理由最多 %(n)d 个字，现在是 %(m)d 个字。")
            % {"n": REASON_MAX_LENGTH, "m": len(reason)}
        )
    return _step(
        article,
        by=by,
        action="spike",
        refusal=spike_refusal,
        values={"spiked_at": timezone.now(), "spiked_by": by, "spike_reason": reason},
        comment=reason,
    )


def restore(article: Article, *, by: User) -> Article:
    """Bring a spiked story back to the lists, in the state it was spiked in."""
    return _step(
        article,
        by=by,
        action="restore",
        refusal=restore_refusal,
        values={"spiked_at": None, "spiked_by": None, "spike_reason": ""},
    )


def _step(article, *, by, action, refusal, values, comment=""):
    with transaction.atomic():
        fresh = Article.objects.select_for_update().get(pk=article.pk)
        if message := refusal(fresh, by):
            raise workflow.NotAllowed(message)
        values = {
            **values,
            "version": fresh.version + 1,
            "updated_at": timezone.now(),
        }
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
        for field, value in values.items():
            setattr(article, field, value)
        transaction.on_commit(page_cache.purge)
    return article
