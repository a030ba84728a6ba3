"""The photo chooser of the story form: a dialog listing the library's photos
as thumbnails, narrowed by searching caption, alt text, credit or tag, with an
upload form inside it. What is chosen or uploaded fills the photo row of the
story it was opened from (static/js/photo-chooser.js).

The dialog is appended to <body> by the script, so its own forms (search and
upload) never sit inside the story's change form. The story form validates
the photo id it receives like any other choice.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Correspondent

from .. import photos
from ..models import Credit, Photo
from ..tagging import TagField
from .forms import PhotoAdminForm

PAGE_SIZE = 24


class PhotoChooserWidget(forms.Widget):
    """The photo of one story row: a hidden id, the chosen photo's thumbnail,
    and 选择图片 / 更换 / 移除 buttons that open the chooser."""

    template_name = "articles/widgets/photo_chooser.html"

    class Media:
        js = ["js/photo-chooser.js"]

    def __init__(self, attrs=None, photos=None):
        super().__init__(attrs)
        # The photos the row may show: a forged id sent back with an error
        # must not show someone else's photo and caption.
        self.photos = photos

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value not in (None, ""):
            try:
                photos = Photo.objects if self.photos is None else self.photos
                photo = photos.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                photo = None
        context["widget"].update(
            photo=photo and photo_data(photo),
            chooser_url=reverse_lazy("admin:articles_photo_chooser"),
        )
        return context


def photo_data(photo):
    """What the chooser and the story row show of a photo."""
    thumbnail = photo.rendition_url(320, "jpg") if photo.checksum else ""
    return {
        "id": photo.pk,
        # 处理中: no renditions yet, the status is shown instead.
        "thumbnail": thumbnail if photo.ready else "",
        "status": "" if photo.ready else photo.get_status_display(),
        "caption": photo.caption[:80],
        "alt": photo.alt_text,
        "credit": photo.credit_line(),
        "size": f"{photo.width}×{photo.height}",
        "created": photo.created_at.strftime("%Y-%m-%d") if photo.created_at else "",
    }


def search(query):
    photos_found = Photo.objects.prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("correspondent"))
    )
    query = " ".join(query.split())[:100]
    for word in query.split(" ") if query else []:
        photos_found = photos_found.filter(
            Q(caption__icontains=word)
            | Q(alt_text__icontains=word)
            | Q(credits__correspondent__name__icontains=word)
            | Q(tags__name__icontains=word)
        )
    return photos_found.distinct().order_by("-created_at", "-pk"), query


class ChooserUploadForm(PhotoAdminForm):
    """An upload from inside the chooser: the photo admin's checks (content,
    size, duplicates), with only what a reporter on deadline fills in,
    including who took it (the photo's 摄 credit, "X 摄" under the picture)."""

    photographer = forms.ModelChoiceField(
        label=_("摄影"),
        queryset=Correspondent.objects.none(),
        required=False,
        empty_label=_("（不署名）"),
        error_messages={"invalid_choice": _("所选摄影者不存在或已停用，请重新选择。")},
    )
    tags = TagField(label=_("标签"), required=False)

    field_order = ["image", "caption", "photographer", "alt_text", "tags"]

    class Meta(PhotoAdminForm.Meta):
        fields = ["image", "caption", "alt_text", "tags"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The paper's photographers and reporters, and the uploader's own
        # byline record whatever its kind (a 通讯员 credits their own photo).
        own = Correspondent.objects.filter(user=user, is_active=True).first()
        takers = Q(kind__in=[Correspondent.Kind.PHOTOGRAPHER, Correspondent.Kind.STAFF])
        if own is not None:
            takers |= Q(pk=own.pk)
        field = self.fields["photographer"]
        field.queryset = (
            Correspondent.objects.filter(takers, is_active=True)
            .select_related("affiliation")
            .order_by("name", "pk")
        )
        field.initial = own

    def save_credit(self, photo):
        if photographer := self.cleaned_data.get("photographer"):
            Credit.objects.create(
                photo=photo, correspondent=photographer, role=Credit.Role.PHOTO
            )


def chooser_view(model_admin, request):
    """GET: the chooser (search form, results, upload form), or with
    `results=1` only the results for `q` and `page`."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    found, query = search(request.GET.get("q", ""))
    found = model_admin.rows_for(request, found)  # the role policy's photos
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "page": page,
        "photos": [photo_data(photo) for photo in page.object_list],
        "results_url": reverse("admin:articles_photo_chooser"),
    }
    if request.GET.get("results"):
        return TemplateResponse(
            request, "admin/articles/photo/chooser_results.html", context
        )
    can_upload = model_admin.has_add_permission(request)
    context.update(
        can_upload=can_upload,
        upload_form=(
            ChooserUploadForm(auto_id="nr-chooser-%s", user=request.user)
            if can_upload
            else None
        ),
        upload_url=reverse("admin:articles_photo_chooser_upload"),
    )
    return TemplateResponse(request, "admin/articles/photo/chooser.html", context)


def chooser_upload_view(model_admin, request):
    """POST one photo from the chooser. 201 with the photo; or, like a
    form shown again, 200 with the errors in Chinese (and, for a file
    uploaded before, that photo to choose instead)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ChooserUploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        duplicate = None
        if any(e.code == "duplicate" for e in form.errors.as_data().get("image", [])):
            prepared = getattr(request.FILES.get("image"), "prepared", None)
            checksum = getattr(prepared, "checksum", None)
            existing = Photo.objects.filter(checksum=checksum).first()
            duplicate = existing and photo_data(existing)
        errors = {
            field: [str(message) for message in messages]
            for field, messages in form.errors.items()
        }
        return JsonResponse(
            {
                "errors": errors,
                "duplicate": duplicate,
                "message": gettext("图片没有上传，请按提示修改后再试。"),
            }
        )
    with transaction.atomic():
        photo = photos.add_photo(
            form.cleaned_data["image"],
            form.save(commit=False),
            uploaded_by=request.user,
        )
        form.save_m2m()
        form.save_credit(photo)
    model_admin.log_addition(request, photo, [{"added": {}}])
    return JsonResponse({"photo": photo_data(photo)}, status=201)
