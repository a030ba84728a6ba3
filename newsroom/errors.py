"""Error pages in the site's style. The 500 and 503 pages render without a
database or a request context, since either may be what failed."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.cache import patch_cache_control


def not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def unavailable(request=None):
    """503 with Retry-After: the database is away (a page with a stale copy
    gets that instead, articles/reader/cache.py)."""
    response = HttpResponse(
        loader.get_template("503.html").render(
            {
                "site_name": settings.NEWSROOM_SITE_NAME,
                "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
            }
        ),
        status=503,
    )
    response["Retry-After"] = str(settings.NEWSROOM_RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def server_error(request):
    # Django calls this inside its handler's `except`: a database that
    # cannot be reached, wherever it was found (a view, the session, the
    # login throttle), is a 503 to try again, not a fault in the site.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
