"""What importing a page will do, worked out before anything is saved: which
stories are new and which were imported before, whom each byline names (a
署名人 on file, or a new one), and what the editor should check.

The admin's preview, `import_page --dry-run` and the import itself all call
`plan_import()`, so what the preview promises is what confirming does.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from .files import check_page_text
from .parse import parse_page
from .shapes import Byline, ParsedPage, ParsedStory

#: A byline's printed role → the kind of 署名人 a new one is filed as.
KIND_FOR_ROLE = {
    "通讯员": "correspondent",
    "摄": "photographer",
    "特约": "contributor",
}
PRINTED_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass
class PlannedCredit:
    byline: Byline
    person: object | None  # the Correspondent on file, or None: a new one
    kind: str  # Correspondent.Kind value for a new one


@dataclass
class PlannedStory:
    story: ParsedStory
    key: str
    existing: object | None = None  # the Article imported from it before
    credits: list[PlannedCredit] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.existing is None


@dataclass
class ImportPlan:
    page: ParsedPage
    page_date: date | None
    page_number: int | None
    stories: list[PlannedStory] = field(default_factory=list)

    @property
    def new_stories(self) -> list[PlannedStory]:
        return [p for p in self.stories if p.is_new]

    @property
    def existing_stories(self) -> list[PlannedStory]:
        return [p for p in self.stories if not p.is_new]

    @property
    def new_people(self) -> list[tuple[str, str]]:
        """(name, kind) of each 署名人 confirming will create: once per name,
        as the first byline that names them describes them."""
        seen: dict[str, str] = {}
        for planned in self.new_stories:
            for credit in planned.credits:
                if credit.person is None:
                    seen.setdefault(credit.byline.name, credit.kind)
        return list(seen.items())

    @property
    def flags(self) -> list[str]:
        return [
            f"《{p.story.title()}》：{flag}"
            for p in self.new_stories
            for flag in p.flags
        ]

    def as_json(self) -> dict:
        stories = []
        for planned in self.stories:
            data = planned.story.as_json()
            data["bylines"] = [
                {**asdict(c.byline), "existing_id": getattr(c.person, "pk", None)}
                for c in planned.credits
            ]
            data["status"] = "new" if planned.is_new else "existing"
            data["existing_id"] = getattr(planned.existing, "pk", None)
            data["flags"] = planned.flags
            stories.append(data)
        return {
            **self.page.as_json(),
            "stories": stories,
            "page_date": self.page_date.isoformat() if self.page_date else None,
            "page_number": self.page_number,
            "will_create": {
                "stories": len(self.new_stories),
                "people": [{"name": n, "kind": k} for n, k in self.new_people],
            },
            "already_imported": len(self.existing_stories),
            "flags": self.flags,
        }


def import_key(story: ParsedStory, page_date: date | None, page_number: int | None):
    source = f"{page_date}|{page_number}|{story.headline}|{story.body[:300]}"
    return hashlib.sha256(source.encode()).hexdigest()[:40]


def printed_date(page: ParsedPage) -> date | None:
    """The date a page's header prints (2027年1月2日), if it is one."""
    match = PRINTED_DATE.search(page.print.get("date", ""))
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def printed_page(page: ParsedPage) -> int | None:
    number = page.print.get("page_no", "")
    return int(number) if number.isdigit() and 0 < int(number) < 1000 else None


def column_names() -> tuple[str, ...]:
    """The names of the paper's columns (专栏), which the parser recognises."""
    from ..models import Section

    return tuple(Section.objects.filter(is_column=True).values_list("name", flat=True))


def plan_import(
    text: str, *, page_date: date | None = None, page_number: int | None = None
) -> ImportPlan:
    """Parse a page and match it against what is on file. A date or page
    number left out is taken from the page's header when it prints one.
    Text with no Chinese story in it raises NotAPage: nothing is planned,
    so nothing is saved."""
    from accounts.models import Correspondent

    from ..models import Article

    check_page_text(text)
    known = frozenset(Correspondent.objects.values_list("name", flat=True))
    page = parse_page(
        text, page_date=page_date, columns=column_names(), known_names=known
    )
    if page_date is None and (page_date := printed_date(page)):
        page = parse_page(
            text, page_date=page_date, columns=column_names(), known_names=known
        )
    page_number = page_number or printed_page(page)
    plan = ImportPlan(page, page_date, page_number)
    for story in page.stories:
        key = import_key(story, page_date, page_number)
        planned = PlannedStory(
            story, key, Article.objects.filter(import_key=key).first()
        )
        planned.flags = list(story.notes)
        if not story.headline:
            planned.flags.append("原稿没有标题，暂用正文开头作标题，请拟题。")
        for byline in story.bylines:
            planned.credits.append(_credit_for(byline, planned))
        plan.stories.append(planned)
    return plan


def _credit_for(byline: Byline, planned: PlannedStory) -> PlannedCredit:
    from accounts.models import Correspondent

    kind = "organisation"
    if byline.kind == "person":
        kind = KIND_FOR_ROLE.get(byline.role, "staff")
    same_name = list(Correspondent.objects.filter(name=byline.name).order_by("-pk")[:5])
    if len(same_name) > 1:
        planned.flags.append(
            f"署名“{byline.name}”有 {len(same_name)} 位同名署名人，"
            "暂用最近建立的一位，请确认。"
        )
    return PlannedCredit(byline, same_name[0] if same_name else None, kind)
