"""The e-paper (数字报) for readers: the editions by date, an edition's
pages, and a page's image with its 热区 beside the list of its stories.

Only live stories (Article.objects.published()) are linked or listed; an
edition dated after today is not shown, so a page made up ahead of time
stays in the newsroom.
"""

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Article, Edition, Hotspot, Page

EDITIONS_PER_PAGE = 30


def _shown_editions():
    return Edition.objects.filter(date__lte=timezone.localdate())


def _edition(year, month, day) -> Edition:
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(_shown_editions(), date=date)


def _live_stories():
    return Article.objects.published().order_by("page_position", "pk")


def index(request):
    paginator = Paginator(_shown_editions(), EDITIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "articles/epaper_index.html",
        {"editions": page.object_list, "page_obj": page},
    )


def edition(request, year, month, day):
    edition = _edition(year, month, day)
    pages = edition.pages.prefetch_related(
        Prefetch("articles", queryset=_live_stories(), to_attr="live_stories")
    )
    return render(
        request,
        "articles/epaper_edition.html",
        {"edition": edition, "pages": pages},
    )


def page(request, year, month, day, number):
    edition = _edition(year, month, day)
    page = get_object_or_404(edition.pages, number=number)
    live = list(page.articles.filter(pk__in=_live_stories().values("pk")))
    live.sort(key=lambda a: (a.page_position or 999, a.pk))
    live_ids = {a.pk for a in live}
    spots = [
        spot
        for spot in Hotspot.objects.filter(page=page).select_related("article")
        if spot.article_id in live_ids
    ]
    siblings = list(edition.pages.values_list("number", flat=True))
    at = siblings.index(page.number)
    neighbours = {
        "previous": siblings[at - 1] if at > 0 else None,
        "next": siblings[at + 1] if at + 1 < len(siblings) else None,
    }
    return render(
        request,
        "articles/epaper_page.html",
        {
            "edition": edition,
            "page": page,
            "pages": edition.pages.all(),
            "stories": live,
            "hotspots": spots,
            "neighbours": {
                key: Page(edition=edition, number=value) if value else None
                for key, value in neighbours.items()
            },
        },
    )


def page_pdf(request, year, month, day, number):
    edition = _edition(year, month, day)
    page = get_object_or_404(edition.pages, number=number)
    if not page.pdf:
        raise Http404
    name = f"{edition.date:%Y-%m-%d}-{page.number:02d}.pdf"
    return FileResponse(
        page.pdf.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )
