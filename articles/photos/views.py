"""Serving photos to readers: renditions and the link-preview card, made on
first use and cached for good (their URLs change whenever the photo does)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..models import Photo
from . import renditions


def rendition_view(request, pk, key, width, extension):
    """One rendition of a photo, made on first use and cached for good: its
    URL changes whenever the photo does."""
    photo = get_object_or_404(Photo, pk=pk)
    if key != photo.rendition_key or width not in renditions.rendition_widths(photo):
        raise Http404
    name = renditions.make_rendition(photo, width, extension)
    response = FileResponse(
        default_storage.open(name, "rb"), content_type=renditions.FORMATS[extension][1]
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["ETag"] = f'"{photo.rendition_key}-{width}-{extension}"'
    return response


def card_view(request, pk, key):
    """The photo's 1200×630 card for link previews, cropped around its focal
    point; cached for good like the renditions."""
    photo = get_object_or_404(Photo, pk=pk)
    if key != photo.rendition_key:
        raise Http404
    response = FileResponse(
        default_storage.open(renditions.make_card(photo), "rb"),
        content_type="image/jpeg",
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
