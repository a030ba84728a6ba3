"""Saving what `parse_page()` found: new stories with their credits, filed
through the editing service (articles.editing), matching bylines to
existing correspondents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.db import transaction
from django.utils.html import escape

from .parse import CREDIT_ROLES, parse_page
from .shapes import Byline, ParsedStory, Skipped


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # Article
    matched: list = field(default_factory=list)  # Article already imported
    skipped: list[Skipped] = field(default_factory=list)
    new_people: list = field(default_factory=list)  # Correspondent
    attention: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"新建稿件 {len(self.created)} 篇，已存在 {len(self.matched)} 篇，"
            f"跳过 {len(self.skipped)} 段，新建署名人 {len(self.new_people)} 位。"
        ]
        out += [f"  新建：《{a.headline}》 {a.byline()}" for a in self.created]
        out += [f"  已存在：《{a.headline}》" for a in self.matched]
        out += [
            f"  新署名人：{p.name}（{p.get_kind_display()}）" for p in self.new_people
        ]
        out += [f"  跳过（{s.reason}）：{s.text[:40]}" for s in self.skipped]
        out += [f"  请编辑核对：{line}" for line in self.attention]
        return out


def column_names() -> tuple[str, ...]:
    """The names of the paper's columns (专栏), which the parser recognises."""
    from ..models import Section

    return tuple(Section.objects.filter(is_column=True).values_list("name", flat=True))


def import_key(story: ParsedStory, page_date: date | None, page_number: int | None):
    source = f"{page_date}|{page_number}|{story.headline}|{story.body[:300]}"
    return hashlib.sha256(source.encode()).hexdigest()[:40]


def import_page(
    text: str,
    *,
    page_date: date | None = None,
    page_number: int | None = None,
    section=None,
    status: str = "draft",
    user=None,
) -> ImportReport:
    """Save a page's stories. Importing the same page again creates nothing."""
    # Django's models are imported here, not at the top, so that the parser
    # (articles.importer.parse) imports without Django's app registry.
    from .. import editing, workflow
    from ..models import Article, Section

    parsed = parse_page(text, page_date=page_date, columns=column_names())
    report = ImportReport(skipped=list(parsed.skipped))
    with transaction.atomic():
        for story in parsed.stories:
            key = import_key(story, page_date, page_number)
            existing = Article.objects.filter(import_key=key).first()
            if existing:
                report.matched.append(existing)
                continue
            target = section
            if story.column:
                target = Section.objects.filter(name=story.column).first() or section
            article = Article(
                kind=story.kind,
                kicker=story.kicker[:120],
                headline=(story.headline or story.body[:30] or "（无标题）")[:120],
                subtitle=story.subtitle[:120],
                summary=story.body[:80] if story.kind == "photo" else "",
                body="".join(f"<p>{escape(p)}</p>" for p in story.paragraphs),
                section=target,
                created_by=user,
                print_date=page_date,
                print_page=page_number,
                import_key=key,
            )
            editing.create(
                article,
                by=user,
                related=partial(_credit, article, story, report),
            )
            notes = list(story.notes)
            if not story.headline:
                notes.append("原稿没有标题，暂用正文开头作标题，请拟题。")
            for note in notes:
                report.attention.append(f"《{article.headline}》：{note}")
            if status == "submitted" and user is not None:
                workflow.submit(article, by=user)
            report.created.append(article)
    return report


def _credit(article, story: ParsedStory, report: ImportReport) -> None:
    from ..models import Credit

    for position, byline in enumerate(story.bylines):
        Credit.objects.create(
            article=article,
            correspondent=_person_for(byline, report, story),
            role=CREDIT_ROLES.get(byline.role, ""),
            position=position,
        )


def _person_for(byline: Byline, report: ImportReport, story: ParsedStory):
    from accounts.models import Correspondent

    same_name = list(Correspondent.objects.filter(name=byline.name).order_by("-pk")[:5])
    if len(same_name) == 1:
        return same_name[0]
    if len(same_name) > 1:
        report.attention.append(
            f"《{story.title()}》的署名“{byline.name}”有 {len(same_name)} 位"
            "同名署名人，暂用最近建立的一位，请确认。"
        )
        return same_name[0]
    kind = Correspondent.Kind.ORGANISATION
    if byline.kind == "person":
        kind = {
            "通讯员": Correspondent.Kind.CORRESPONDENT,
            "摄": Correspondent.Kind.PHOTOGRAPHER,
            "特约": Correspondent.Kind.CONTRIBUTOR,
        }.get(byline.role, Correspondent.Kind.STAFF)
    person = Correspondent.objects.create(name=byline.name, kind=kind)
    report.new_people.append(person)
    return person
