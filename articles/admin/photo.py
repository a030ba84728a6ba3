"""The photo library screen."""

from functools import partial

from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import path
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
    readonly_fields = ["thumbnail", "width", "height", "checksum", "uploaded_by"]
    fields = [
        "image",
        "thumbnail",
        "caption",
        "alt_text",
        "taken_at",
        ("focal_x", "focal_y"),
        "tags",
        "width",
        "height",
        "checksum",
        "uploaded_by",
    ]
    inlines = [PhotoCreditInline]

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
        return [
            path(
                "upload/",
                self.admin_site.admin_view(partial(bulk_upload_view, self)),
                name="articles_photo_upload",
            ),
            *super().get_urls(),
        ]
