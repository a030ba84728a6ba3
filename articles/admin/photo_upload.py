"""The photo library's bulk upload: many photos at once, each file judged on
its own."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .. import photos
from ..models import Credit
from .forms import BulkPhotoForm, duplicate_refusal


def bulk_upload_view(model_admin, request):
    """Upload many photos at once with one caption, alt text, photographer
    and tags; each file is judged on its own."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = BulkPhotoForm(request.POST or None, request.FILES or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("批量上传图片"),
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created, refused = [], []
        for upload in data["files"]:
            name = upload.name[:80]
            try:
                image = photos.prepare_upload(upload)
            except photos.ImageRejected as rejection:
                refused.append(f"{name}：{rejection}")
                continue
            if duplicate := duplicate_refusal(image.checksum):
                refused.append(f"{name}：{duplicate.messages[0]}")
                continue
            with transaction.atomic():
                photo = photos.add_photo(
                    image,
                    caption=data["caption"],
                    alt_text=data["alt_text"],
                    uploaded_by=request.user,
                )
                photo.tags.set(data["tags"])
                if data["photographer"]:
                    Credit.objects.create(
                        photo=photo, correspondent=data["photographer"], role="photo"
                    )
            created.append(photo)
        if created:
            messages.success(request, _("已上传 %(n)d 张图片。") % {"n": len(created)})
            # A fresh form for the next batch; what was refused stays listed.
            context["form"] = BulkPhotoForm()
        for line in refused:
            messages.error(request, line)
        context.update(created=created, refused=refused)
    return TemplateResponse(request, "admin/articles/photo/upload.html", context)
