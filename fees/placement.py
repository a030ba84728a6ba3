"""Where a story was printed, read in one place.

Today the story carries `print_date` and `print_page` (the importer fills
them). Editions and pages (版面) are being modelled separately; when they
land, only `placement()` changes to read a story's page from there.

头条 (lead): there is no lead flag yet, so a story is read as its page's
lead when it is the first story of that page — the lowest id among the
stories printed on the same date and page, which is the order the importer
creates a page's stories in. A placement's own position replaces this.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Placement:
    date: date
    page: int | None
    is_lead: bool

    def label(self) -> str:
        text = f"{self.date:%Y年%-m月%-d日}"
        if self.page:
            text += f" 第{self.page}版"
        return text + (" 头条" if self.is_lead else "")


def placement(article) -> Placement | None:
    """The story's print placement, or None if it was not printed (见报)."""
    if article.print_date is None:
        return None
    return Placement(
        date=article.print_date,
        page=article.print_page,
        is_lead=article.print_page is not None
        and article.pk in lead_ids([article.print_date]),
    )


def lead_ids(dates) -> set[int]:
    """The ids of the stories read as their page's lead on these dates."""
    from django.db.models import Min

    from articles.models import Article

    rows = (
        Article.objects.filter(print_date__in=list(dates), print_page__isnull=False)
        .values("print_date", "print_page")
        .annotate(first=Min("pk"))
    )
    return {row["first"] for row in rows}
