"""Forms of the newsroom admin: the story form that refuses stale saves, and
the form for a workflow step."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Correspondent, User

from .. import editing, photos, workflow
from ..models import Article, Photo
from ..tagging import TagField


class ArticleAdminForm(forms.ModelForm):
    """The story form. It carries the version the editor started from; a save
    based on an older version is refused with what changed meanwhile, and the
    editor's own text stays on the form."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # The story's content, plus its tags (saved with the related rows).
        fields = [*Article.CONTENT_FIELDS, "tags"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if source := self.fields.get("source"):
            # A post without it (a form opened before the field existed, a
            # script) keeps the story's 来源 rather than failing the save.
            source.required = False
        if page := self.fields.get("page"):
            page.queryset = page.queryset.select_related("edition").order_by(
                "-edition__date", "number"
            )
        if editor := self.fields.get("responsible_editor"):
            # 责任编辑: the people who review, and whoever is named already.
            reviewers = workflow.users_with_perm("articles.review_article")
            editor.queryset = User.objects.filter(
                Q(pk__in=reviewers.values("pk"))
                | Q(pk=self.instance.responsible_editor_id)
            ).order_by("username")

    def clean(self):
        cleaned = super().clean()
        self._clean_attribution(cleaned)
        if not self.instance.pk:
            return cleaned
        base = cleaned.get("base_version")
        if base is None:
            raise ValidationError(gettext("表单缺少版本信息，请刷新页面后重新编辑。"))
        try:
            # Locks the row for the rest of the save (the admin view is
            # atomic); articles.editing.save_edit checks again under it.
            editing.check_version(self.instance, base)
        except editing.Stale as stale:
            # The next save is based on what the editor has now seen.
            self.data = self.data.copy()
            self.data[self.add_prefix("base_version")] = stale.current
            raise ValidationError(stale.messages, code="stale") from None
        except workflow.NotAllowed as refusal:
            raise ValidationError(str(refusal)) from None
        return cleaned

    def clean_source(self):
        return (
            self.cleaned_data.get("source")
            or self.instance.source
            or Article.Source.OWN
        )

    def _clean_attribution(self, cleaned):
        """A 本报 story has no repost details: clear what a switch from
        转载 left behind rather than keep hidden text. Whether a repost
        names its source is the workflow's check at sign-off, so a draft
        can be saved half-done."""
        if "source" in cleaned and cleaned["source"] == Article.Source.OWN:
            repost_only = (
                "source_name",
                "original_title",
                "original_author",
                "original_url",
            )
            for name in repost_only:
                if cleaned.get(name):
                    self.add_error(
                        name,
                        gettext("本报稿件不填这一项；转载稿件请把“来源”选为“转载”。"),
                    )


class TransitionForm(forms.Form):
    """The review step, taken with the story's change form: the pressed
    button (`_workflow`) names the step; the opinion or reason and the
    publish time ride along under the "workflow" prefix."""

    prefix = "workflow"

    comment = forms.CharField(
        label=_("意见或理由"), required=False, widget=forms.Textarea, max_length=2000
    )
    at = forms.SplitDateTimeField(
        label=_("发布时间"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_(
            "留空即立即发布；定时发布请填日期（如 2026/11/27）"
            "和时间（如 07:00），或点日历和时钟选。"
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    acknowledged = forms.BooleanField(label=_("已核实慎用词提示"), required=False)

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at and timezone.is_naive(at):
            raise ValidationError(gettext("发布时间无法确定时区。"))
        return at

    def check_version(self, article):
        """For a step taken without saving the content (a reader of the story
        who may not edit it): refuse a page opened before the last change."""
        version = self.cleaned_data.get("version")
        if version is not None and version != article.version:
            raise workflow.NotAllowed(
                gettext("这篇稿件在您打开后已被别人处理过，请刷新页面后再操作。")
            )

    def run(self, article, user, button):
        """Take the step the pressed button names, giving it what its row in
        the table takes from the two boxes (the opinion or reason, the
        time). Raises workflow.NotAllowed or ValidationError."""
        comment = self.cleaned_data.get("comment", "")
        at = self.cleaned_data.get("at")
        name = "publish" if button == "schedule" else button
        transition = workflow.TRANSITIONS.get(name)
        if transition is None or not transition.by_hand:
            raise workflow.NotAllowed(gettext("没有这个审稿操作。"))
        if button == "publish":
            at = timezone.now()  # 立即发布, whatever time was planned
        elif button == "schedule" and (at is None or at <= timezone.now()):
            raise ValidationError(
                gettext("定时发布请填写一个将来的发布时间。"), code="past"
            )
        typed = {
            "text": comment,
            "time": at,
            "flag": self.cleaned_data.get("acknowledged", False),
        }
        given = {wanted.name: typed[wanted.kind] for wanted in transition.given}
        return workflow.take(name, article, by=user, **given)


class PhotoUploadField(forms.FileField):
    """A file judged as an image by its content; its value is the cleaned
    original to store (articles.photos.prepare_upload)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            try:
                upload = photos.prepare_upload(upload)
            except photos.ImageRejected as rejection:
                raise ValidationError(str(rejection), code="not_an_image") from None
        return upload


def duplicate_refusal(checksum, *, exclude_pk=None):
    """The same file uploaded before: offer the existing photo instead."""
    existing = Photo.objects.filter(checksum=checksum).exclude(pk=exclude_pk).first()
    if existing is None:
        return None
    return ValidationError(
        gettext(
            "这张图片已经上传过（图片 #%(pk)d：%(caption)s），请直接在稿件中选用它。"
        )
        % {"pk": existing.pk, "caption": existing.caption[:30] or existing.image.name},
        code="duplicate",
    )


class PhotoAdminForm(forms.ModelForm):
    image = PhotoUploadField(label=_("图片"))

    class Meta:
        model = Photo
        fields = [
            "image",
            "caption",
            "alt_text",
            "taken_at",
            "focal_x",
            "focal_y",
            "tags",
        ]
        # Set by clicking on the picture (static/js/focal-point.js).
        widgets = {"focal_x": forms.HiddenInput, "focal_y": forms.HiddenInput}

    def clean_image(self):
        upload = self.cleaned_data["image"]
        checksum = getattr(upload, "checksum", None)
        if checksum and (
            refusal := duplicate_refusal(checksum, exclude_pk=self.instance.pk)
        ):
            raise refusal
        return upload

    def clean(self):
        cleaned = super().clean()
        self._check_focal_point(cleaned)
        upload = cleaned.get("image")
        checked = getattr(upload, "checked", None)
        if checked:
            self.instance.checksum = upload.checksum
            self.instance.width, self.instance.height = checked.width, checked.height
            if not cleaned.get("taken_at") and checked.taken_at:
                cleaned["taken_at"] = checked.taken_at
        return cleaned

    def _focal(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 0 <= value <= 1:
            raise ValidationError(gettext("焦点坐标须在 0 到 1 之间。"), code="bounds")
        return value

    def clean_focal_x(self):
        return self._focal("focal_x")

    def clean_focal_y(self):
        return self._focal("focal_y")

    def _check_focal_point(self, cleaned):
        """The focal fields are hidden: say what is wrong where it shows."""
        if "focal_x" not in self.fields:
            return
        if "focal_x" in self.errors or "focal_y" in self.errors:
            self.add_error(
                None, gettext("焦点必须落在图片之内，请在图片上重新点选焦点。")
            )
        elif (cleaned.get("focal_x") is None) != (cleaned.get("focal_y") is None):
            self.add_error(None, gettext("焦点缺少一个坐标，请在图片上重新点选焦点。"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            single = super().clean
            return [single(item, initial) for item in data]
        return [super().clean(data, initial)]


class BulkPhotoForm(forms.Form):
    files = MultipleFileField(label=_("图片文件（可多选）"))
    caption = forms.CharField(
        label=_("图片说明"), required=False, widget=forms.Textarea
    )
    alt_text = forms.CharField(label=_("替代文字"), required=False, max_length=250)
    photographer = forms.ModelChoiceField(
        label=_("摄影"),
        queryset=Correspondent.objects.filter(is_active=True),
        required=False,
    )
    tags = TagField(label=_("标签"), required=False)
