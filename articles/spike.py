"""废稿: spiking a story nobody will run, and restoring it.

A spiked story is kept (nothing in the newsroom is hard-deleted) but leaves
every list: the admin's story list unless an editor asks for the 废稿,
dashboards, notifications and admin search; it is never public. Spiking is
not a workflow state: the story keeps its status (draft or returned), so
restoring puts it back exactly where it was, and the review chain's state
machine stays as it is. Both steps are logged in the story's timeline.
This module holds the rules; the editing service (articles.editing) saves.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User

from . import workflow
from .models import Article

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
    """Spike a draft or returned story (作废), with an optional reason; saved
    by the editing service (articles.editing.spike)."""
    from . import editing

    return editing.spike(article, by=by, reason=reason)


def restore(article: Article, *, by: User) -> Article:
    """Bring a spiked story back to the lists, in the state it was spiked in
    (articles.editing.unspike)."""
    from . import editing

    return editing.unspike(article, by=by)
