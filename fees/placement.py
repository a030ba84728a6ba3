"""Where a story was printed, read in one place.

A story placed on a page (articles.models.epaper: Article.page and
page_position) carries its print date and page number, copied from the
page; stories imported before pages existed carry `print_date` and
`print_page` alone.

头条 (lead): the story at position 1 on its page (the page's own rule:
"1 为头条"). A story printed without a position (an old import) is read as
its page's lead when it is the first story of that date and page — the
lowest id, the order the importer creates a page's stories in — and no
story there holds position 1.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min


@dataclass(frozen=True)
class Placement:
    date: date
    page: int | None
    page_name: str
    is_lead: bool

    def label(self) -> str:
        text = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        if self.page:
            text += f" 第{self.page}版"
        if self.page_name:
            text += f" {self.page_name}"
        return text + (" 头条" if self.is_lead else "")


def placement(article, leads=None) -> Placement | None:
    """The story's print placement, or None if it was not printed (见报).
    `leads`: lead_ids() for its date, when the caller has them."""
    if article.print_date is None:
        return None
    if leads is None:
        leads = lead_ids([article.print_date])
    page = getattr(article, "page", None) if article.page_id else None
    return Placement(
        date=article.print_date,
        page=article.print_page,
        page_name=page.name if page else "",
        is_lead=article.pk in leads,
    )


def lead_ids(dates) -> set[int]:
    """The ids of the stories read as their page's lead on these dates."""
    from articles.models import Article

    printed = Article.objects.filter(
        print_date__in=list(dates), print_page__isnull=False
    )
    positioned = set(printed.filter(page_position=1).values_list("pk", flat=True))
    pages_with_lead = set(
        printed.filter(page_position=1).values_list("print_date", "print_page")
    )
    rows = (
        printed.filter(page_position__isnull=True)
        .values("print_date", "print_page")
        .annotate(first=Min("pk"))
    )
    guessed = {
        row["first"]
        for row in rows
        if (row["print_date"], row["print_page"]) not in pages_with_lead
    }
    return positioned | guessed
