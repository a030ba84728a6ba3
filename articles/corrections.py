"""更正: a dated note added to a live story, shown under it on the reader's
page.

A correction is a note, not a content change: it does not need the right
to edit a published story (which only the publisher holds), it keeps no
revision and moves no version. Anyone who reviews (编辑 and up) or publishes
may add one, to a story readers can see. Each is logged in the story's
timeline, and the reader's pages are purged once it is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from . import revisions, workflow
from .models import Article, ArticleEvent, Correction
from .reader import cache as page_cache

#: Longer than this is an article, not a correction note.
TEXT_MAX_LENGTH = 500


def may_correct(user: User) -> bool:
    return (
        user.has_perm("articles.review_article")
        or user.has_perm("articles.publish_article")
        or workflow.is_exempt(user)
    )


def correction_refusal(article: Article, user: User) -> str | None:
    """Why this person may not add a 更正 to this story now, or None."""
    if not may_correct(user):
        return _("只有编辑、部门主任和总编辑可以给稿件加更正。")
    if not article.is_live():
        return _("只有已发布的稿件可以加更正。")
    return None


def add_correction(article: Article, *, by: User, text: str) -> Correction:
    """Add a 更正 to a live story and log it; raises workflow.NotAllowed
    (refused) or ValidationError (the text)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("请写明更正的内容。"))
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("更正最多 %(n)d 个字，现在是 %(m)d 个字。")
            % {"n": TEXT_MAX_LENGTH, "m": len(text)}
        )
    with transaction.atomic():
        fresh = Article.objects.select_for_update().get(pk=article.pk)
        if message := correction_refusal(fresh, by):
            raise workflow.NotAllowed(message)
        correction = Correction.objects.create(article=fresh, text=text, created_by=by)
        ArticleEvent.objects.create(
            article=fresh,
            actor=by,
            at=correction.created_at,
            action="correct",
            from_status=fresh.status,
            to_status=fresh.status,
            comment=text,
            version=fresh.version,
            revision=revisions.current(fresh),
        )
        transaction.on_commit(page_cache.purging_stories(fresh.pk))
    return correction
