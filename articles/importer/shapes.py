"""What the parser finds on a page: stories with their headline blocks,
bylines and paragraphs, and the matter it skipped (pure Python, no Django)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Byline:
    name: str
    role: str | None  # the printed role word, or None
    kind: str  # "person" or "organisation"


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

    def as_json(self) -> dict:
        return {
            "stories": [story.as_json() for story in self.stories],
            "skipped": [asdict(item) for item in self.skipped],
        }
