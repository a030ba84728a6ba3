"""The photo library screen."""

from functools import partial

from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import photos
from ..models import Credit, Photo
from ..reader import cache as page_cache
from .forms import PhotoAdminForm
from .inlines import (
    PhotoCreditInline,
    photo_thumbnail,
)
from .mixins import PurgesPagesMixin, TagInputMixin
from .photo_chooser import chooser_upload_view, chooser_view
from .photo_upload import bulk_upload_view


@admin.register(Photo)
class PhotoAdmin(PurgesPagesMixin, TagInputMixin, admin.ModelAdmin):
    form = PhotoAdminForm
    change_list_template = "admin/articles/photo/change_list.html"
    list_display = [
        "thumbnail",
        "caption",
        "credit_display",
        "size",
        "use_count",
        "created_at",
    ]
    list_display_links = ["thumbnail", "caption"]
    search_fields = [
        "caption",
        "alt_text",
        "credits__correspondent__name",
        "tags__name",
    ]
    readonly_fields = [
        "thumbnail",
        "focal_point",
        "width",
        "height",
        "checksum",
        "uploaded_by",
    ]
    fields = [
        "image",  # the picture itself is shown under 焦点, to click on
        "caption",
        "alt_text",
        "taken_at",
        "focal_point",
        ("focal_x", "focal_y"),
        "tags",
        "width",
        "height",
        "checksum",
        "uploaded_by",
    ]
    inlines = [PhotoCreditInline]
    #: Recorded from the file at upload: nothing to show before it.
    recorded_fields = ["width", "height", "checksum", "uploaded_by"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            fields = [f for f in fields if f not in self.recorded_fields]
        return fields

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}
        js = ["js/focal-point.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(uses_count=Count("uses"))
            .prefetch_related(
                Prefetch(
                    "credits", queryset=Credit.objects.select_related("correspondent")
                )
            )
        )

    @admin.display(description=_("缩略图"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)

    @admin.display(description=_("焦点"))
    def focal_point(self, photo):
        """The picture to click on: the click sets focal_x/focal_y (hidden
        fields), a marker shows the point; arrow keys move it
        (static/js/focal-point.js)."""
        source = photo.rendition_url(960, "jpg") if photo.pk and photo.checksum else ""
        return format_html(
            '<div class="nr-focal-picker" data-empty="{empty}">'
            '<p class="nr-note">{help}</p>'
            '<div class="nr-focal" tabindex="0" role="group" aria-label="{label}"'
            "{hidden}>"
            '<img src="{src}" alt="{alt}" width="{w}" height="{h}">'
            '<span class="nr-focal__marker" hidden></span></div>'
            '<p class="nr-focal-status" aria-live="polite"></p>'
            '<button type="button" class="button nr-focal-clear">{clear}</button>'
            "</div>",
            empty=_("未设焦点：裁切时保留画面中央。"),
            help=_(
                "在图片上点一下画面主体（如人物的脸），裁切缩略图时会保住它。"
                "也可以用方向键移动焦点（按住 Shift 每次移动更多）。"
            ),
            label=_("焦点：点选画面主体，或用方向键移动"),
            hidden=" hidden" if not source else "",
            src=source,
            alt=photo.alt_text,
            w=photo.width or "",
            h=photo.height or "",
            clear=_("清除焦点"),
        )

    @admin.display(description=_("署名"))
    def credit_display(self, photo):
        return photo.credit_line()

    @admin.display(description=_("尺寸"))
    def size(self, photo):
        return f"{photo.width}×{photo.height}"

    @admin.display(description=_("使用次数"), ordering="uses_count")
    def use_count(self, photo):
        return photo.uses_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        photos.make_renditions(obj)

    def delete_queryset(self, request, queryset):
        for photo in queryset:  # one by one, so each photo's files go too
            photo.delete()
        transaction.on_commit(page_cache.purge)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "upload/",
                view(partial(bulk_upload_view, self)),
                name="articles_photo_upload",
            ),
            path(
                "chooser/",
                view(partial(chooser_view, self)),
                name="articles_photo_chooser",
            ),
            path(
                "chooser/upload/",
                view(partial(chooser_upload_view, self)),
                name="articles_photo_chooser_upload",
            ),
            *super().get_urls(),
        ]
