"""Serving photos to readers: renditions and the link-preview card, made on
first use and cached for good (their URLs change whenever the photo does)."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import static

from ..models import Photo
from . import renditions
from .originals import media_headers


def rendition_view(request, pk, key, width, extension):
    """One rendition of a photo, made on first use and cached for good: its
    URL changes whenever the photo does."""
    photo = get_object_or_404(Photo, pk=pk, status=Photo.READY)
    if key != photo.rendition_key or width not in renditions.rendition_widths(photo):
        raise Http404
    name = _made(renditions.make_rendition, photo, width, extension)
    response = FileResponse(
        default_storage.open(name, "rb"), content_type=renditions.FORMATS[extension][1]
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["ETag"] = f'"{photo.rendition_key}-{width}-{extension}"'
    return response


def card_view(request, pk, key):
    """The photo's 1200×630 card for link previews, cropped around its focal
    point; cached for good like the renditions."""
    photo = get_object_or_404(Photo, pk=pk, status=Photo.READY)
    if key != photo.rendition_key:
        raise Http404
    response = FileResponse(
        default_storage.open(_made(renditions.make_card, photo), "rb"),
        content_type="image/jpeg",
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _made(make, photo, *args):
    """A rendition made on first use (a photo still 处理中 has none yet, so
    it is 404 above); a stored file that no longer decodes is 404 too."""
    try:
        return make(photo, *args)
    except renditions.ImageRejected:
        raise Http404 from None


def media_view(request, path):
    """Uploaded media from the local disk (development and tests), with the
    headers the media origin gives them in production (originals.media_headers).
    MEDIA_ROOT is read per request so tests can point it elsewhere."""
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        for header, value in media_headers(path).items():
            response[header] = value
    return response
