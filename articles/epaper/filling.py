"""Editions and pages from an imported page's header (articles.importer):
the header lines the parser sets aside say the date, 总第 N 期, the page's
number and name and its 责任编辑. What is on file already wins: an import
fills blanks, it never renames a page an editor has set up."""

from __future__ import annotations

from datetime import date

from ..models import Edition, Page


def page_for(
    printed: dict[str, str], *, page_date: date | None, page_number: int | None
) -> tuple[Page | None, list[str]]:
    """The page an imported page's stories are placed on (made if need be),
    and notes for the editor; None without both a date and a page number."""
    if page_date is None or page_number is None:
        return None, []
    notes: list[str] = []
    edition, _created = Edition.objects.get_or_create(date=page_date)
    issue = printed.get("issue", "")
    if issue.isdigit() and 0 < int(issue) < 1_000_000 and edition.number is None:
        taken = Edition.objects.filter(number=int(issue)).exclude(pk=edition.pk)
        if taken.exists():
            notes.append(
                f"版面印的总第{issue}期已是 {taken.get().date:%Y-%m-%d} 那一期的期号，"
                "没有记到这一期上。"
            )
        else:
            edition.number = int(issue)
            edition.save(update_fields=["number"])
    page, _created = Page.objects.get_or_create(edition=edition, number=page_number)
    changed = []
    name = printed.get("page_name", "").strip()[:20]
    if name and not page.name:
        page.name = name
        changed.append("name")
    editor = printed.get("editor", "").strip()[:40]
    if editor and not page.editor_name:
        page.editor_name = editor
        changed.append("editor_name")
    if changed:
        page.save(update_fields=changed)
    return page, notes


def placed_page(plan, report) -> Page | None:
    """`page_for()` an import plan (articles.importer.plan.ImportPlan), its
    notes added once to the import's report."""
    page, notes = page_for(
        plan.page.print, page_date=plan.page_date, page_number=plan.page_number
    )
    report.attention += [note for note in notes if note not in report.attention]
    return page
