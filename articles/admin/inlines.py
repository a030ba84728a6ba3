"""The inlines of the story and photo screens: bylines, photos in a story,
corrections."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Article, ArticlePhoto, Correction, Credit


class CreditInline(admin.TabularInline):
    model = Credit
    fk_name = "article"
    fields = ["position", "role", "correspondent"]
    autocomplete_fields = ["correspondent"]
    extra = 1
    verbose_name = _("署名")
    verbose_name_plural = _("署名（按见报顺序）")


class PhotoCreditInline(CreditInline):
    fk_name = "photo"


class ArticlePhotoInline(admin.TabularInline):
    """Photos in the story. The magnifier beside each opens the photo library
    (thumbnails, search by caption, credit or tag) to choose from."""

    model = ArticlePhoto
    fields = ["position", "photo", "thumbnail", "caption"]
    readonly_fields = ["thumbnail"]
    raw_id_fields = ["photo"]
    extra = 0

    @admin.display(description=_("缩略图"))
    def thumbnail(self, use):
        return photo_thumbnail(use.photo) if use.photo_id else "—"


def photo_thumbnail(photo):
    if not photo.image or not photo.checksum:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="120" loading="lazy" class="nr-thumb">',
        photo.rendition_url(320, "jpg"),
        photo.alt_text,
    )


class CorrectionInline(admin.StackedInline):
    """更正 notes, added to published stories by those who may edit them."""

    model = Correction
    fields = ["text", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.status == Article.Status.PUBLISHED

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
