from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _sections():
    from django.db import InterfaceError, OperationalError

    from articles.models import Section

    try:
        return list(Section.objects.all())
    except (OperationalError, InterfaceError):
        return []  # an error page while the database is away: no bar


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        "publication_code": settings.NEWSROOM_PUBLICATION_CODE,
        # The section bar on every reader page: read only by pages that show
        # it (one query, then the page is cached), never by the admin.
        "sections": SimpleLazyObject(_sections),
    }
