"""What the parser finds on a page: stories with their headline blocks,
bylines and paragraphs, and the matter it skipped (pure Python, no Django)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Byline:
    name: str
    role: str | None  # the printed role word, or None
    kind: str  # "person" or "organisation"
    #: The role word printed before a name that a later 摄 made a photo
    #: credit (`本报记者 X 摄` → role 摄, printed_role 记者).
    printed_role: str | None = None
    #: False for a name read without a role word that does not look like a
    #: person's (a given name alone): the editor is asked to check it.
    sure: bool = True
    #: The run of characters the name was divided from, when names were
    #: printed without a space (`郭某黄某` → 郭某 + 黄某): an inference.
    divided_from: str | None = None


@dataclass
class Skipped:
    text: str
    reason: str


@dataclass
class ParsedStory:
    kind: str = "story"  # story | photo | brief | column
    kicker: str = ""
    headline: str = ""
    subtitle: str = ""
    column: str | None = None
    bylines: list[Byline] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    dateline: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Picture credits with no person behind them (本报资料图).
    sources: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def title(self) -> str:
        return self.headline or self.body[:24]

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("paragraphs")
        data["body"] = self.body
        return data


@dataclass
class ParsedPage:
    stories: list[ParsedStory] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: What the page's header lines said: issue, page_no, page_name, date
    #: (as printed), editor.
    print: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "stories": [story.as_json() for story in self.stories],
            "skipped": [asdict(item) for item in self.skipped],
            "print": dict(self.print),
        }
