"""Reading a print page's text without touching the database (pure Python,
no Django): stories with their headline blocks, bodies and bylines, briefs
in a column, photo news, and the page's own lines.

The page is read unit by unit (`lines.read_units`: non-empty lines, column
breaks of a PDF cut joined). Page headers go to the page's print fields
(`headers`); headline lines wait in `pending` until a body, a byline or a
photo credit starts their story; a brief's marker (▲ △ ■ ● ◆, ①, `1.`)
starts a headline-less brief; a column heading puts the run of items under
it in that column. Bylines are read by `bylines`, names judged by `names`.
"""

from __future__ import annotations

import re
from datetime import date

from .bylines import (
    BOX_MARKS,
    HAN,
    is_source_credit,
    parse_byline,
    parse_source,
    split_glued_tail,
    split_leading_credit,
    split_source_credit,
    split_trailing_credit,
    split_trailing_source,
)
from .datelines import resolve_dateline
from .headers import Header, not_a_story, read_header
from .headlines import BOX_LABELS, looks_like_headline, split_headline_block
from .lines import OPENERS, ends_sentence, read_units
from .shapes import Byline, ParsedPage, ParsedStory, Skipped

#: Words column headings end with (简讯, 工会动态, 三秦短波, 要闻简报).
COLUMN_WORDS = (
    *("简讯", "动态", "短波", "简报", "点击", "快讯", "速递", "集锦", "传真"),
    *("图片新闻", "图说", "镜头"),
)
BRIEF_MARK = re.compile(r"^(?:[▲△■●◆◇][\s]*|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]\s*)")
NUMBERED = re.compile(r"^(?:\d{1,2}[.、．]|[(（]\d{1,2}[)）])\s*(?=\D)")
ALSO_REPORTED = "又讯"


def run_item(kind: str, headline: str) -> str:
    """What an item of a column's run is: a brief, a photo or a story."""
    if kind == "photo":
        return kind
    return "brief" if kind == "brief" or not headline else "story"


def parse_page(
    text: str,
    *,
    page_date: date | None = None,
    columns: tuple[str, ...] = (),
    known_names: frozenset[str] | tuple[str, ...] = (),
) -> ParsedPage:
    """The stories of a page. `columns` are the paper's column names;
    `known_names` the 署名人 already on file (a bare name among them is read
    as a byline even when it does not look like a full name)."""
    return _Reader(page_date, tuple(columns), frozenset(known_names)).read(text)


class _Reader:
    def __init__(self, page_date, columns, known):
        self.page = ParsedPage()
        self.page_date = page_date
        self.columns = columns
        self.known = known
        self.story: ParsedStory | None = None
        self.pending: list[str] = []  # headline lines waiting for their story
        self.column: str | None = None  # the heading over a run of items
        self.run_of: str | None = None  # what the run is made of: its kind
        self.run_first = self.first_of_run = False  # the story opens the run
        self.next_column: str | None = None  # a rubric for the next story only
        self.label: str | None = None  # 编者按 printed on a line of its own

    def read(self, text: str) -> ParsedPage:
        units = read_units(text)
        for index, unit in enumerate(units):
            following = units[index + 1].text if index + 1 < len(units) else None
            self.step(unit.text, following)
        self.close()
        self.flush("没有正文的标题或版面文字")
        return self.page

    # ------------------------------------------------------------- a unit

    def step(self, unit: str, following: str | None) -> None:
        story = self.story
        open_paragraph = bool(
            story and story.paragraphs and not ends_sentence(story.paragraphs[-1])
        )
        if header := read_header(unit):
            return self.header(unit, header)
        if reason := not_a_story(unit):
            self.close()
            self.flush("版面文字")
            self.page.skipped.append(Skipped(unit, reason))
            return
        if not open_paragraph and self.is_column_heading(unit, following):
            self.close()
            self.flush("无法归属的版面文字")
            self.column, self.run_of = unit, None
            return
        if mark := self.brief_mark(unit):
            self.close()
            if len(self.pending) == 1 and len(self.pending[0]) <= 8:
                self.column, self.run_of = self.pending.pop(), None
            self.flush("无法归属的版面文字")
            self.start("brief")
            self.add_paragraph(unit[mark.end() :])
            return
        if story is not None:
            return self.in_story(story, unit, following, open_paragraph)
        self.between_stories(unit, following)

    def header(self, unit: str, header: Header) -> None:
        for key, value in header.fields.items():
            self.page.print.setdefault(key, value)
        self.page.skipped.append(Skipped(unit, header.reason))
        if header.column is not None or header.fields.get("page_no"):
            self.close()  # a new page or a rubric: the run above ends
            self.column = None
        if header.column is not None:
            self.flush("无法归属的版面文字")
            self.next_column = header.column

    def in_story(self, story, unit, following, open_paragraph) -> None:
        credit = self.credit(unit)
        role_credit = credit and (credit[1] != "bare")
        if open_paragraph and self.ends_with_names(story, unit, following):
            open_paragraph = False
        if open_paragraph and not role_credit and not OPENERS.match(unit):
            story.paragraphs[-1] += unit  # repair a column break
            return
        if credit:
            bylines, how = credit
            if how == "nobody":
                story.sources.append(unit)
                return
            # A bare name after a brief is its source; after a story with a
            # headline, or an organisation's name, only if no text follows
            # (else it is the next story's headline).
            people = all(b.kind == "person" for b in bylines)
            last = how != "bare" or not self.is_body(following)
            if last or (people and not story.headline):
                return self.credit_in_story(story, bylines, unit, following)
        if BOX_LABELS.fullmatch(unit.rstrip(":：")):
            self.label = unit.rstrip(":：")
            return
        if self.maybe_a_name(story, unit, following):
            return
        if self.label is None and looks_like_headline(unit, following):
            if unit in (story.kicker, story.headline, story.subtitle):
                story.paragraphs.append(unit)  # a caption repeating the headline
                return
            self.close()
            self.pending.append(unit)
            return
        if story.paragraphs and not story.bylines:
            if split_trailing_source(story.paragraphs[-1]):
                # A source in brackets ends its item: what follows is another.
                self.close()
                return self.between_stories(unit, following)
        self.add_paragraph(unit)

    def credit_in_story(self, story, bylines, unit, following) -> None:
        photo = all(b.role == "摄" for b in bylines)
        earlier = any(b.role == "摄" for b in story.bylines)
        if (
            story.paragraphs
            and photo
            and story.kind != "brief"
            and (earlier or self.is_caption(following))
        ):
            # A photo page: each caption keeps its own credit.
            story.paragraphs[-1] += f"（{unit}）"
            story.kind = "photo"
        story.bylines += bylines
        if (
            not story.paragraphs
            or self.opens_text(following)
            or (photo and self.is_caption(following))
        ):
            return  # printed before the text: the story goes on
        if photo and not story.headline and len(story.paragraphs) == 1:
            story.kind = "photo"
        self.close()

    def between_stories(self, unit: str, following: str | None) -> None:
        credit = self.credit(unit)
        if credit and credit[1] in ("role", "photo", "source"):
            bylines, how = credit
            if self.pending:
                self.start("photo" if how == "photo" else "story")
                self.story.bylines += bylines
            else:
                self.page.skipped.append(Skipped(unit, "没有稿件的署名"))
            return
        if credit and credit[1] == "nobody":
            self.page.skipped.append(Skipped(unit, "没有稿件的图片来源"))
            return
        if caption := split_trailing_credit(unit):
            text, bylines = caption
            self.start("photo")
            self.story.paragraphs.append(text)
            self.story.bylines += bylines
            self.close()
            return
        if BOX_LABELS.fullmatch(unit.rstrip(":：")) and self.pending:
            self.start()
            self.label = unit.rstrip(":：")
            return
        if looks_like_headline(unit, following):
            self.pending.append(unit)
            return
        self.start()
        self.add_paragraph(unit)

    # ----------------------------------------------------------- helpers

    def credit(self, unit: str) -> tuple[list[Byline], str] | None:
        """A unit that is only a credit: (bylines, how) where how is
        source (names in brackets), photo, role, bare or nobody."""
        if is_source_credit(unit):
            return [], "nobody"
        inner = unit.strip()
        if inner[:1] in "(（" and inner[-1:] in ")）":
            bylines = parse_source(inner[1:-1], self.known)
            return (bylines, "source") if bylines else None
        bylines = parse_byline(unit, known=self.known)
        if not bylines:
            return None
        if all(b.role == "摄" for b in bylines):
            return bylines, "photo"
        if any(b.role for b in bylines) or unit.lstrip()[:1] in BOX_MARKS:
            return bylines, "role"
        return bylines, "bare"

    def is_body(self, unit: str | None) -> bool:
        """A line that reads as a story's text (not a headline, header or
        credit): what follows a headline, never a trailing byline."""
        if unit is None or read_header(unit) or self.credit(unit):
            return False
        return not looks_like_headline(unit) and not self.brief_mark(unit)

    def maybe_a_name(self, story, unit, following) -> bool:
        """A word after the text where a byline would stand (`建民`), that
        does not look like anyone's name: not read, the editor is asked."""
        if not (
            story.paragraphs
            and ends_sentence(story.paragraphs[-1])
            and re.fullmatch(rf"[{HAN}]{{2,4}}", unit)
            and not self.is_body(following)
            and (
                following is None
                or read_header(following)
                or not looks_like_headline(following)
            )
        ):
            return False
        story.notes.append(f"文末的“{unit}”也许是署名，但不像姓名，未作署名，请核对。")
        self.page.skipped.append(Skipped(unit, "疑似署名，未采用"))
        self.close()
        return True

    def ends_with_names(self, story, unit, following) -> bool:
        """`……十家。顾某` over a headline and its text: the paragraph ends in
        its byline, not at a column break."""
        return bool(
            split_glued_tail(story.paragraphs[-1])
            and looks_like_headline(unit, following)
            and self.is_body(following)
        )

    @staticmethod
    def opens_text(unit: str | None) -> bool:
        """A dateline or byline opens the next line: a credit just before it
        was printed ahead of the text."""
        return bool(unit and OPENERS.match(unit) and not BRIEF_MARK.match(unit))

    def is_caption(self, unit: str | None) -> bool:
        return self.is_body(unit) and not OPENERS.match(unit or "")

    def is_column_heading(self, unit: str, following: str | None) -> bool:
        if self.pending or not re.fullmatch(rf"[{HAN}]{{2,8}}", unit):
            return unit in self.columns and not self.pending
        if unit in self.columns or unit.endswith(COLUMN_WORDS):
            return True
        return bool(following and BRIEF_MARK.match(following))

    def brief_mark(self, unit: str):
        if mark := BRIEF_MARK.match(unit):
            return mark
        if self.column and self.run_of in (None, "brief"):
            return NUMBERED.match(unit)
        return None

    def start(self, kind: str = "story") -> None:
        kicker, headline, subtitle, notes = ("", "", "", [])
        if self.pending:
            for line in self.pending[:-3]:
                self.page.skipped.append(Skipped(line, "无法归属的版面文字"))
            block = self.pending[-3:]
            kicker, headline, subtitle, notes = split_headline_block(block)
        # A brief, a photo with its credit and a story with a headline are
        # items of different runs.
        item = run_item(kind, headline)
        column = self.next_column
        if column is None and self.column:
            # A column's run is all briefs, all photos or all stories with a
            # one-line headline; anything else is no longer under the heading.
            if self.run_of is None:
                self.run_of, self.run_first = item, True
            if self.run_of == item and len(self.pending) <= 1:
                column = self.column
            else:
                self.column = None
        self.story = ParsedStory(
            kind="column" if column and kind == "story" and headline else kind,
            kicker=kicker,
            headline=headline,
            subtitle=subtitle,
            column=column,
            notes=notes,
        )
        self.pending, self.next_column = [], None
        self.first_of_run, self.run_first = self.run_first, False

    def add_paragraph(self, text: str) -> None:
        story = self.story
        if self.label is None and (match := BOX_LABELS.match(text)):
            self.label, text = match[1], text[match.end() :].strip()
        if self.label is not None:
            story.notes.append(f"{self.label}保留在正文中并已标出，请核对。")
            text = f"【{self.label}】{text}"
            self.label = None
        elif source := split_source_credit(text):
            text, credit_text = source
            story.sources.append(credit_text)
        elif credit := split_leading_credit(text):
            rest, bylines = credit
            story.bylines += [b for b in bylines if b not in story.bylines]
            text = f"{ALSO_REPORTED} {rest}" if text.startswith(ALSO_REPORTED) else rest
        if text:
            story.paragraphs.append(text)

    def close(self) -> None:
        story, self.story = self.story, None
        if story is None:
            return
        if self.label is not None:
            story.paragraphs.append(f"【{self.label}】")
            self.label = None
        if not story.bylines and story.paragraphs:
            for split in (split_trailing_source, split_glued_tail):
                if found := split(story.paragraphs[-1]):
                    story.paragraphs[-1], story.bylines = found
                    break
        if not story.bylines:
            story.notes.append("没有找到署名，请核对。")
        divided = dict.fromkeys(b.divided_from for b in story.bylines if b.divided_from)
        for run in divided:
            names = "、".join(b.name for b in story.bylines if b.divided_from == run)
            story.notes.append(f"署名“{run}”中间没有空格，按姓氏拆为{names}，请核对。")
        for byline in story.bylines:
            if not byline.sure:
                story.notes.append(
                    f"署名“{byline.name}”不像完整的姓名（可能只印了名），请核对。"
                )
        if story.paragraphs:
            story.dateline = resolve_dateline(story.paragraphs[0], self.page_date)
        if story.kind == "story" and not story.headline:
            story.kind = "brief"
        if self.first_of_run:
            # Its credits may have made the run's first item a photo.
            self.run_of = run_item(story.kind, story.headline)
            self.first_of_run = False
        if story.paragraphs or story.headline:
            self.page.stories.append(story)

    def flush(self, reason: str) -> None:
        for line in self.pending:
            self.page.skipped.append(Skipped(line, reason))
        self.pending = []
