"""Changing a photo in the library when stories use it.

A library photo is shared: the same picture, caption, alt text and 摄 credit
show on every story that uses it, and a change shows on the reader's page at
once. So a change to what readers see of a photo is a change to each of those
stories, and follows the same rule as editing them.

The rule: once a story using the photo is signed off (已签发) or published
(scheduled or live), only people with the publish permission (总编辑, and
superusers) may change the photo's picture, caption, alt text or credits.
Anyone else is refused with a Chinese error on the form, their typed text
kept; nothing is saved. This is the edit rule of articles.workflow.rules for
approved and published stories, said once for every story the photo is in.

We chose refusal over a pending change that goes through review: a pending
photo change would need a second copy of the photo, its own review steps and
a way to apply it to several stories at different stages; a photo of a live
story is rarely wrong, and when it is, the people who may publish are the
ones who should decide. A reporter who needs a different caption for one
story writes the story's own caption (ArticlePhoto.caption), which is a story
edit: it goes through articles.editing like any other, so it is checked,
kept in the story's revisions and logged when the story is live.

A change by someone allowed is only recorded, never sent back into the chain:
the person with the publish permission is the one who signs the last stage.
Every change to a photo that stories use, whoever makes it, is recorded
twice: in the photo's own history (the admin's LogEntry, with what was there
before and after) and as a `photo_change` row in the timeline of each story
using it (ArticleEvent, the story's log), in the same transaction as the save.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Article, ArticleEvent, Photo

#: What readers see of a photo (its credits are the fourth, a formset).
GUARDED_FIELDS = ("image", "caption", "alt_text")
CREDITS = "credits"
#: The states in which a story's content is signed for: approved, or
#: published (scheduled or live).
SIGNED_OFF = (Article.Status.APPROVED, Article.Status.PUBLISHED)
PUBLISH_PERMISSION = "articles.publish_article"


def stories_using(photo: Photo) -> QuerySet[Article]:
    """Every story the photo is in, 废稿 included (a spiked story may come
    back)."""
    return Article.objects.filter(article_photos__photo=photo).distinct()


def signed_off_stories(photo: Photo) -> QuerySet[Article]:
    return (
        stories_using(photo)
        .filter(status__in=SIGNED_OFF, spiked_at__isnull=True)
        .order_by("-publish_at", "-pk")
    )


def may_change_signed_off(user: User) -> bool:
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def change_refusal(photo: Photo, user: User, changed: Iterable[str]) -> str | None:
    """Why `user` may not make this change to `photo` (the names of the
    changed fields, `credits` for its credits), or None."""
    if photo.pk is None or not set(changed) & {*GUARDED_FIELDS, CREDITS}:
        return None
    if may_change_signed_off(user):
        return None
    stories = list(signed_off_stories(photo)[:4])
    if not stories:
        return None
    return _(
        "这张图片用在已签发或已发布的稿件%(stories)s中，它的图片、图片说明、"
        "替代文字和摄影署名只有有发布权限的人（总编辑）可以修改，所以没有保存。"
        "您填写的内容仍在表单里。只想改一篇稿件里的说明，请在该稿件的"
        "“本稿图片说明”中修改；否则请联系总编辑。"
    ) % {"stories": _headlines(stories)}


def warning(photo: Photo, user: User) -> str | None:
    """What the photo's page says before anyone edits: which signed-off
    stories use it, and what a change will do there."""
    if photo.pk is None:
        return None
    stories = list(signed_off_stories(photo)[:4])
    if not stories:
        return None
    if may_change_signed_off(user):
        return _(
            "这张图片用在已签发或已发布的稿件%(stories)s中：修改会立即出现在"
            "读者页面上，并记入这些稿件的流转记录。"
        ) % {"stories": _headlines(stories)}
    return _(
        "这张图片用在已签发或已发布的稿件%(stories)s中：它的图片、图片说明、"
        "替代文字和摄影署名只有有发布权限的人（总编辑）可以修改。"
    ) % {"stories": _headlines(stories)}


def describe(form, *, credits_changed: bool = False) -> str:
    """A photo form's change in words: before → after for the caption and
    alt text, the picture replaced, the other fields by name."""
    parts = []
    for name in form.changed_data:
        label = str(form.fields[name].label)
        if name == "image":
            parts.append(_("更换了图片文件"))
        elif name in ("caption", "alt_text"):
            parts.append(
                _("%(label)s：“%(before)s”→“%(after)s”")
                % {
                    "label": label,
                    "before": _short(form.initial.get(name) or ""),
                    "after": _short(form.cleaned_data.get(name) or ""),
                }
            )
        else:
            parts.append(_("修改了%(label)s") % {"label": label})
    if credits_changed:
        parts.append(_("修改了摄影署名"))
    return "；".join(parts)


def record(photo: Photo, *, by: User, description: str) -> int:
    """Log the change in the timeline of every story using the photo; call
    inside the save's transaction. Returns how many stories were told."""
    if not description:
        return 0
    comment = _("图片 #%(pk)d：%(what)s。") % {"pk": photo.pk, "what": description}
    events = [
        ArticleEvent(
            article=story,
            actor=by,
            action="photo_change",
            from_status=story.status,
            to_status=story.status,
            comment=comment,
            version=story.version,
        )
        for story in stories_using(photo)
    ]
    ArticleEvent.objects.bulk_create(events)
    return len(events)


def _headlines(stories: list[Article]) -> str:
    shown = "".join(f"《{story.headline}》" for story in stories[:3])
    if len(stories) > 3:
        shown += _("等")
    return shown


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"
