"""The photo library screen.

A photo that signed-off or published stories use changes only as
articles.photo_changes allows, and every change to a photo in use is
recorded on the photo and on those stories (see that module for the rule and
why).
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from .. import photo_changes, photos
from ..models import Credit, Photo
from ..reader import cache as page_cache
from .forms import PhotoAdminForm
from .inlines import (
    PhotoCreditInline,
    photo_thumbnail,
    processing_state,
)
from .mixins import PurgesPagesMixin, RolePolicyMixin, TagInputMixin
from .photo_chooser import chooser_upload_view, chooser_view
from .photo_upload import bulk_upload_view


class _SignedOffPhotoForm:
    """The change form refuses what photo_changes refuses, as a form error:
    the page comes back with everything typed, and nothing is saved."""

    user = None

    def clean(self):
        cleaned = super().clean()
        if refusal := photo_changes.change_refusal(
            self.instance, self.user, self.changed_data
        ):
            self.add_error(None, refusal)
        return cleaned


def _credit_line(rows):
    return [(row.correspondent_id, row.role) for row in rows]


class GuardedPhotoCreditInline(PhotoCreditInline):
    """The photo's 摄 credits are what readers see under it too: the same
    rule, judged on the printed credit (who, as what, in which order), not
    on the row positions the ordering script rewrites."""

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        user = request.user

        class Guarded(base):
            credits_changed = False

            def clean(self):
                super().clean()
                if any(self.errors) or self.instance.pk is None:
                    return
                kept = sorted(
                    (
                        form.instance
                        for form in self.forms
                        if form.instance.correspondent_id is not None
                        and not self._should_delete_form(form)
                        and (form.instance.pk is not None or form.has_changed())
                    ),
                    key=lambda credit: credit.position,
                )
                before = _credit_line(self.instance.credits.order_by("position", "pk"))
                self.credits_changed = _credit_line(kept) != before
                if self.credits_changed and (
                    refusal := photo_changes.change_refusal(
                        self.instance, user, [photo_changes.CREDITS]
                    )
                ):
                    raise ValidationError(refusal, code="signed_off")

        return Guarded


@admin.register(Photo)
class PhotoAdmin(RolePolicyMixin, PurgesPagesMixin, TagInputMixin, admin.ModelAdmin):
    # A photo's caption or credit changed: only the stories showing it
    # change (a deletion is refused while any story uses the photo).
    purge_after_save = staticmethod(page_cache.purging_photo_stories)

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
        "processing",
        "focal_point",
        "width",
        "height",
        "checksum",
        "uploaded_by",
    ]
    fields = [
        "image",  # the picture itself is shown under 焦点, to click on
        "processing",
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
    inlines = [GuardedPhotoCreditInline]
    #: Recorded from the file at upload: nothing to show before it.
    recorded_fields = ["processing", "width", "height", "checksum", "uploaded_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (_SignedOffPhotoForm, form), {"user": request.user})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            photo = self.get_object(request, object_id)
            if photo is not None and (
                note := photo_changes.warning(photo, request.user)
            ):
                messages.warning(request, note)
        return super().change_view(request, object_id, form_url, extra_context)

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

    @admin.display(description=_("处理状态"))
    def processing(self, photo):
        return processing_state(photo)

    @admin.display(description=_("焦点"))
    def focal_point(self, photo):
        """The picture to click on: the click sets focal_x/focal_y (hidden
        fields), a marker shows the point; arrow keys move it
        (static/js/focal-point.js)."""
        # A photo still 处理中 has no rendition to click on yet.
        shown = photo.pk and photo.checksum and photo.ready
        source = photo.rendition_url(960, "jpg") if shown else ""
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
        if not change:  # a new photo takes the path every upload takes
            photos.add_photo(form.cleaned_data["image"], obj, uploaded_by=request.user)
            return
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:  # a new picture: 处理中 until decoded
            photos.start_processing(obj)
        else:  # new focal point or text: renditions under the new key, later
            photos.process_photo.enqueue(obj.pk)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            return
        credits_changed = any(getattr(f, "credits_changed", False) for f in formsets)
        form.change_description = photo_changes.describe(
            form, credits_changed=credits_changed
        )
        told = photo_changes.record(
            form.instance, by=request.user, description=form.change_description
        )
        if told:
            note = _("这次修改已记入使用这张图片的 %(n)d 篇稿件的流转记录。")
            messages.info(request, note % {"n": told})

    def construct_change_message(self, request, form, formsets, add=False):
        """The photo's history says what was there before and after, not
        only which fields changed."""
        if description := getattr(form, "change_description", ""):
            return description
        return super().construct_change_message(request, form, formsets, add)

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


# django-tasks-db registers an admin for its task queue. It is no newsroom
# screen (English labels, the raw task arguments): a photo's processing shows
# on the photo itself (处理中, 处理失败 and why), and the queue is listed in
# our words as 后台任务记录 (background/admin.py). Its app comes before
# articles in INSTALLED_APPS, so it is registered by now.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
