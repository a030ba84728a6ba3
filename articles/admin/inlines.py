"""The inlines of the story and photo screens: bylines, photos in a story,
corrections."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .. import limits
from ..models import ArticlePhoto, Correction, Credit
from ..widgets import AutocompleteKnownValues
from .mixins import choosable_photos
from .photo_chooser import PhotoChooserWidget


class RowPositionField(forms.IntegerField):
    """A row's place, written by the script, never typed: anything that is
    not a place (blank, forged, out of range) counts as "no place yet", so
    the row goes last rather than failing with an error nobody can see."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            number = super().to_python(value)
        except forms.ValidationError:
            return None
        return number if number is not None and 0 <= number <= 32767 else None


class OrderedInlineFormSet(BaseInlineFormSet):
    """Rows put in order by dragging them (or with their 上移/下移 buttons):
    static/js/inline-order.js writes 1…n into the hidden position fields in
    the order the rows stand. Whatever arrives, the saved positions are
    consecutive from 1, in the order posted; a row posted without a position
    (a new row, no script) goes last."""

    order_field = "position"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.order_field] = RowPositionField()
        if form.instance.pk is None:
            # A new row has no place yet: the script gives it one when filled.
            form.initial[self.order_field] = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if (form.instance.pk is not None or form.has_changed())
            and not (self.can_delete and self._should_delete_form(form))
        ]
        self._check_total(kept)

        def posted_order(pair):
            index, form = pair
            position = form.cleaned_data.get(self.order_field)
            return (position is None, position or 0, index)

        ordered = sorted(enumerate(kept), key=posted_order)
        for number, (_index, form) in enumerate(ordered, start=1):
            setattr(form.instance, self.order_field, number)

    def _check_total(self, kept):
        """validate_max counts the rows posted; rows already saved but not
        posted (a form opened before another tab added some, or a crafted
        post) count too, so the story never ends up past its limit."""
        if not self.validate_max or self.instance.pk is None:
            return
        posted = [form.instance.pk for form in self.initial_forms]
        unposted = (
            self.model._default_manager.filter(**{self.fk.name: self.instance})
            .exclude(pk__in=[pk for pk in posted if pk is not None])
            .count()
        )
        if unposted + len(kept) > self.max_num:
            raise ValidationError(
                self.error_messages["too_many_forms"] % {"num": self.max_num},
                code="too_many_forms",
            )

    def save_existing_objects(self, commit=True):
        saved = super().save_existing_objects(commit)
        # Rows that did not change but moved up when a row above them went.
        for form in self.initial_forms:
            obj = form.instance
            if obj.pk is None or form in self.deleted_forms or obj in saved:
                continue
            if getattr(obj, self.order_field) != form.initial.get(self.order_field):
                self.changed_objects.append((obj, [self.order_field]))
                saved.append(obj)
                if commit:
                    obj.save(update_fields=[self.order_field])
        return saved


class OrderedTabularInline(admin.TabularInline):
    """A tabular inline whose rows are ordered by dragging, never by typed
    numbers: a handle and 上移/下移 buttons in each row."""

    formset = OrderedInlineFormSet
    template = "admin/articles/edit_inline/ordered_tabular.html"
    #: The field that makes a new row count (the script numbers only those).
    order_key_field = None
    #: What too many rows are told (articles/limits.py gives max_num).
    too_many_message = None

    def get_formset(self, request, obj=None, **kwargs):
        # More rows than max_num are refused by the formset with our words,
        # not only hidden by the 再添加 link.
        formset = super().get_formset(request, obj, validate_max=True, **kwargs)
        if self.too_many_message:
            formset.default_error_messages = {"too_many_forms": self.too_many_message()}
        return formset

    @property
    def media(self):
        return super().media + forms.Media(js=["js/inline-order.js"])

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name != self.formset.order_field:
            # A table row has no <label> per field: name each control.
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs.setdefault("aria-label", str(db_field.verbose_name))
        return formfield


class PersonAutocomplete(AutocompleteKnownValues):
    """The person of a byline row. Select2 names its box by the text shown
    in it, so an empty row shows what to do rather than nothing."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = gettext("输入姓名查找，或点 + 新建")
        return attrs


class CreditInline(OrderedTabularInline):
    model = Credit
    fk_name = "article"
    fields = ["position", "role", "correspondent"]
    autocomplete_fields = ["correspondent"]
    order_key_field = "correspondent"
    extra = 1
    max_num = limits.MAX_CREDITS
    too_many_message = staticmethod(limits.too_many_credits_message)
    verbose_name = _("署名")
    verbose_name_plural = _("署名（按见报顺序，拖动排序）")

    @property
    def media(self):
        return super().media + forms.Media(js=["js/byline-popup.js"])

    def new_row_role(self, request):
        """The role a new row starts with: 记者 when staff file, 通讯员 when
        an outside correspondent does (the "+" popup follows the row's role)."""
        if roles.is_outside_contributor(request.user):
            return Credit.Role.CORRESPONDENT
        return Credit.Role.REPORTER

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            # Rows already saved show their own role; this is for new ones
            # (the extra row and the "add another" template alike).
            kwargs["initial"] = self.new_row_role(request)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "correspondent":
            kwargs["widget"] = PersonAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PhotoCreditInline(CreditInline):
    fk_name = "photo"

    def new_row_role(self, request):
        return Credit.Role.PHOTO


class ArticlePhotoInline(OrderedTabularInline):
    """Photos in the story. Each row's 选择图片 opens the photo chooser
    (thumbnails, search by caption, credit or tag, upload inside it); the
    chosen photo shows as a thumbnail in the row, with 更换 and 移除."""

    model = ArticlePhoto
    fields = ["position", "photo", "caption"]
    order_key_field = "photo"
    extra = 0
    max_num = limits.MAX_PHOTOS
    too_many_message = staticmethod(limits.too_many_photos_message)
    verbose_name_plural = _("稿件图片（拖动排序）")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            # No "+"/edit links around it: the chooser uploads and chooses.
            # Only photos the user's role may choose (the role policy).
            photos = choosable_photos(request.user)
            return forms.ModelChoiceField(
                queryset=photos,
                label=db_field.verbose_name,
                widget=PhotoChooserWidget(photos=photos),
                error_messages={
                    "required": _("请选择一张图片。"),
                    "invalid_choice": _("所选图片不存在或已被删除，请重新选择。"),
                },
            )
        if db_field.name == "caption":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def photo_thumbnail(photo):
    if not photo.image or not photo.checksum:
        return "—"
    if not photo.ready:  # no renditions yet (or never: the reason is shown)
        return processing_state(photo)
    return format_html(
        '<img src="{}" alt="{}" width="120" loading="lazy" class="nr-thumb">',
        photo.rendition_url(320, "jpg"),
        photo.alt_text,
    )


def processing_state(photo):
    """处理中 while the background task has not run, 处理失败 and why."""
    if photo.ready:
        return photo.get_status_display()
    if photo.status == photo.FAILED:
        return format_html(
            '<span class="nr-processing nr-processing--failed">{}：{}</span>',
            photo.get_status_display(),
            photo.processing_error,
        )
    return format_html(
        '<span class="nr-processing">{}</span>', photo.get_status_display()
    )


class CorrectionInline(admin.TabularInline):
    """The story's 更正 notes, listed read-only on its page. They are added
    on a page of their own (添加更正 at the top, articles/admin/corrections.py):
    a correction is a note, not an edit, so editors who may not edit a live
    story add them too, without saving the whole story."""

    model = Correction
    fields = ["created_at", "text", "author"]
    readonly_fields = ["created_at", "text", "author"]
    extra = 0
    verbose_name_plural = _("更正（点页面右上方的“添加更正”添加）")

    def get_queryset(self, request):
        # Whoever sees the story sees its corrections (no role holds the
        # model's own view permission).
        return Correction.objects.select_related("created_by")

    def has_view_permission(self, request, obj=None):
        return obj is not None and obj.corrections.exists()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("更正人"))
    def author(self, correction):
        return correction.created_by or "—"
