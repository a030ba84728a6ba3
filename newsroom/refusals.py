"""The pages for a request refused before any view saw it, in the site's
style and in Chinese: 400 (a request the server cannot read, or one with
too many fields), 413 (too large: Django's RequestDataTooBig, which it
would answer with a bare English "Bad Request (400)"), 403 (no permission)
and 403 for a form whose CSRF token is missing or stale.

A refused story save never loses the typed text: the story form keeps a
copy in the browser (static/js/draft-keeper.js), and these pages say how
to get it back."""

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponse
from django.template import loader

from articles import limits


def _page(request, template, status, **context):
    context |= {
        # Back to the form that was posted, when it was the newsroom's.
        "form_url": request.path if request.path.startswith("/admin/") else "",
        "max_body_chars": f"{limits.MAX_BODY_CHARS:,}",
        "max_photos": limits.MAX_PHOTOS,
        "max_credits": limits.MAX_CREDITS,
    }
    return HttpResponse(
        loader.render_to_string(template, context, request=request), status=status
    )


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return _page(request, "413.html", 413, max_megabytes=f"{megabytes:g}")
    too_many = isinstance(exception, TooManyFieldsSent | TooManyFilesSent)
    return _page(
        request,
        "400.html",
        400,
        too_many_fields=too_many,
        max_fields=f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}",
    )


def permission_denied(request, exception=None):
    return _page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    return _page(request, "403_csrf.html", 403)
