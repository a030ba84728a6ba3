"""How big a story may be: product decisions, stated once and enforced in
the model's validation (Article.clean, Credit.clean, ArticlePhoto.clean),
the story form (its inlines' maximums) and the request limits in settings
(DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS), which leave
room for a story at these limits, so it always meets the form's checks and
their Chinese messages (tests/test_limits.py posts one).

The longest story a paper prints runs to some 20,000 characters; a body of
200,000 (the markup counted) is ten of those, and anything longer is a
paste gone wrong. A photo story prints a few dozen pictures at most, and a
byline a dozen names."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Characters of a story's body as stored: its text and its markup.
MAX_BODY_CHARS = 200_000
#: Photos in one story.
MAX_PHOTOS = 100
#: Names in one byline (a story's or a photo's).
MAX_CREDITS = 50


def check_body(body: str) -> None:
    """Raise a Chinese ValidationError for a body over MAX_BODY_CHARS."""
    if len(body or "") > MAX_BODY_CHARS:
        raise ValidationError(
            _(
                "正文太长：最多 %(limit)s 个字符（含排版标记），现在是 %(count)s 个。"
                "请删减，或分成几篇稿件。"
            )
            % {"limit": f"{MAX_BODY_CHARS:,}", "count": f"{len(body):,}"},
            code="body_too_long",
        )


def too_many_photos_message() -> str:
    return _("一篇稿件最多 %(limit)d 张图片，请删去多余的图片。") % {
        "limit": MAX_PHOTOS
    }


def too_many_credits_message() -> str:
    return _("一个署名最多 %(limit)d 人，请删去多余的署名。") % {"limit": MAX_CREDITS}


def check_room(existing, instance, limit: int, message: str) -> None:
    """Refuse adding `instance` to `existing` (a queryset of its siblings)
    when they already number `limit`. A row already saved is no addition."""
    if instance.pk is not None:
        return
    if existing.count() >= limit:
        raise ValidationError(message, code="too_many")
