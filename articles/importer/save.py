"""Saving what `plan_import()` planned: new stories with their credits, filed
through the editing service (articles.editing); bylines credit the 署名人
on file, and new ones are created once each, marked 待核实 in their notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.db import transaction
from django.utils.html import escape

from .bylines import CREDIT_ROLES
from .plan import PlannedStory, plan_import
from .shapes import Skipped


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


def import_page(
    text: str,
    *,
    page_date: date | None = None,
    page_number: int | None = None,
    section=None,
    status: str = "draft",
    user=None,
) -> ImportReport:
    """Save a page's stories as `plan_import()` planned them (the preview's
    plan, worked out again inside the transaction), all in one transaction.
    Importing the same page again creates nothing."""
    with transaction.atomic():
        plan = plan_import(text, page_date=page_date, page_number=page_number)
        report = ImportReport(skipped=list(plan.page.skipped))
        people: dict[str, object] = {}  # new ones, made once per name
        for planned in plan.stories:
            save_planned(planned, plan, report, people, section, status, user)
    return report


def import_page_stepwise(
    text: str,
    *,
    page_date: date | None = None,
    page_number: int | None = None,
    section=None,
    status: str = "draft",
    user=None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ImportReport:
    """`import_page()` for a large page in the background: each story is
    committed on its own, with its credits, and `progress(done, total)` is
    called after each, so the import screen can show how far it has got.
    A story that fails rolls back alone and stops the import
    (`StoryFailed`); the stories before it stay, whole, and a second run
    skips them (their import keys match) and goes on from there."""
    plan = plan_import(text, page_date=page_date, page_number=page_number)
    report = ImportReport(skipped=list(plan.page.skipped))
    people: dict[str, object] = {}
    total = sum(1 for planned in plan.stories if planned.existing is None)
    progress(0, total)
    for planned in plan.stories:
        try:
            with transaction.atomic():
                save_planned(planned, plan, report, people, section, status, user)
        except Exception as error:
            raise StoryFailed(planned, report, error) from error
        if planned.existing is None:
            progress(len(report.created), total)
    return report


class StoryFailed(Exception):
    """One story of a stepwise import could not be saved: nothing of it was
    kept, and the stories before it are in `report.created`."""

    def __init__(self, planned: PlannedStory, report: ImportReport, error):
        self.planned, self.report, self.error = planned, report, error
        title = planned.story.title() or "（无标题）"
        super().__init__(
            f"《{title[:40]}》保存失败（{type(error).__name__}: {str(error)[:200]}），"
            f"这篇没有保存任何内容；前面 {len(report.created)} 篇已保存为草稿，"
            "其余没有导入。排除问题后再次确认导入，已导入的稿件会跳过。"
        )


def save_planned(planned, plan, report, people, section, status, user) -> None:
    """Save one planned story (or note it as already imported) inside the
    caller's transaction."""
    # Django's models are imported here, not at the top, so that the parser
    # (articles.importer.parse) imports without Django's app registry.
    from .. import editing, workflow
    from ..epaper import filling as epaper_filling
    from ..models import Article, Section

    if planned.existing is not None:
        report.matched.append(planned.existing)
        return
    story = planned.story
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
        print_date=plan.page_date,
        print_page=plan.page_number,
        page=epaper_filling.placed_page(plan, report),
        page_position=min(plan.stories.index(planned) + 1, 99),
        import_key=planned.key,
    )
    # A story that rolls back must leave no 署名人 it made in `people` or
    # in the report.
    known, reported = dict(people), len(report.new_people)
    try:
        editing.create(
            article,
            by=user,
            related=partial(_credit, article, planned, people, report),
        )
        flags = [f"《{article.headline}》：{flag}" for flag in planned.flags]
        if status == "submitted" and user is not None:
            try:
                workflow.submit(article, by=user)
            except workflow.NotAllowed as refusal:
                # A 禁用 word (articles.proofing): the story stays a
                # draft to fix, and the rest of the page goes in.
                flags.append(
                    f"《{article.headline}》：留作草稿，没有提交审稿：{refusal}"
                )
    except Exception:
        people.clear()
        people.update(known)
        del report.new_people[reported:]
        raise
    report.attention.extend(flags)
    report.created.append(article)


def _credit(article, planned: PlannedStory, people: dict, report: ImportReport):
    from accounts.models import Correspondent

    from ..models import Credit

    for position, credit in enumerate(planned.credits):
        person = credit.person
        if person is None:
            key = credit.byline.name
            if key not in people:
                # Read from a page, not entered by hand: marked for checking.
                people[key] = Correspondent.objects.create(
                    name=credit.byline.name,
                    kind=credit.kind,
                    needs_check=True,
                    notes=f"待核实：导入版面时新建（《{planned.story.title()}》）。",
                )
                report.new_people.append(people[key])
            person = people[key]
        Credit.objects.create(
            article=article,
            correspondent=person,
            role=CREDIT_ROLES.get(credit.byline.role, ""),
            position=position,
        )
