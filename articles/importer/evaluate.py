"""Scoring the importer's split of print pages against a split made by hand
(`manage.py eval_import` prints it). Pure Python: it reads files and calls
`parse_page()`, never the database.

The corpus is a directory of page texts and an `expected.json`, in the format
of `../shared/pages/` (its README.md): per page, the stories in printed order
with their headline block, column, `lead_starts`, bylines, photos and names
that are not bylines, and the lines that belong to no story.

Each page is parsed by `parse_page()` without its `#SOURCE` first line, with
the page's date, and with every column named in the corpus as the
newsroom's columns. Parsed stories are paired with expected ones in printed
order: an expected story takes the first unpaired parsed story, after the
previous pair, whose body contains its `lead_starts`. An expected story left
without one is *missing*; a parsed story left over is *extra*.

A paired story is **exactly right** when all of these hold (text compared
with all whitespace removed; an absent field counts as empty):

1. headline block: kicker, headline and subtitle equal the expected ones or
   its `alt_reading` (whose `column`, when given, replaces the expected
   column). A subtitle's leading dash (——) is not compared: the importer
   stores the subtitle without it;
2. column equal;
3. bylines: the credits other than photo credits equal the expected
   `bylines` in order, each by name, role, printed role and kind (a person
   unless `"kind": "organisation"`);
4. photo credits: the credits with the role 摄 equal the credits of the
   expected `photos`, in order, by name, role and printed role;
5. no name in `not_bylines` is among its credits.

Roles are compared in the corpus's words: the importer's 摄 is 摄影 and its
文/摄 is 文摄; the printed role is the role word a 摄 overrode (the 记者 of
`本报记者 X 摄`). Photo captions and the body beyond `lead_starts` are not
scored.

The share is exactly right stories / expected stories, overall and per
paper. `skipped_found` counts the expected `skipped` lines that the importer
also set aside. A sample page kept outside the corpus is scored on its own
(`score_sample()`), and not counted in the corpus total.

Errors in the corpus raise `CorpusError` with a Chinese message saying what
to fix.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .parse import Byline, ParsedStory, parse_page

#: One page, one story or one credit of an expected.json, as JSON gives it.
Described = dict[str, Any]

#: The importer's printed role words in the corpus's vocabulary.
ROLES = {"摄": "摄影", "文/摄": "文摄"}
PHOTO_ROLE = "摄影"
#: Why a paired story is not exactly right, in the order they are checked.
PROBLEMS = {
    "headline": "标题",
    "column": "栏目",
    "bylines": "署名",
    "photos": "图片署名",
    "not_bylines": "非署名当署名",
}
WHITESPACE = re.compile(r"\s+")


class CorpusError(ValueError):
    """The corpus cannot be read; the message says why, in Chinese."""


def bare(value: str | None) -> str:
    return WHITESPACE.sub("", value or "")


def bare_subtitle(value: str | None) -> str:
    return bare(value).lstrip("—–-－")


# -------------------------------------------------------------- the corpus


def load_expected(path: Path) -> list[Described]:
    """The pages of an expected.json, checked, or a CorpusError."""
    if not path.is_file():
        raise CorpusError(f"找不到 {path}：评测需要这份人工拆分结果。")
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CorpusError(f"{path} 不是 UTF-8 文本。") from None
    except json.JSONDecodeError as error:
        raise CorpusError(
            f"{path} 不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）："
            f"{error.msg}"
        ) from None
    if not isinstance(pages, list) or not pages:
        raise CorpusError(f"{path} 应是一个非空数组，每个版面一项。")
    for number, page in enumerate(pages, 1):
        check_page(page, f"{path.name} 第 {number} 项")
    return pages


def check_page(page: Any, where: str) -> None:
    def need(condition: Any, message: str) -> None:
        if not condition:
            raise CorpusError(f"{where}：{message}")

    need(isinstance(page, dict), "应是一个对象。")
    need(
        isinstance(page.get("file"), str) and page["file"], "缺少 file（版面文件名）。"
    )
    need(
        not any(mark in page["file"] for mark in "/\\"),
        "file 只写文件名，不带目录。",
    )
    where = f"{where}（{page['file']}）"
    info = page.get("page")
    need(
        isinstance(info, dict) and isinstance(info.get("newspaper"), str),
        "缺少 page.newspaper（报纸名）。",
    )
    need(isinstance(page.get("stories"), list), "stories 应是数组。")
    need(is_list_of(page.get("skipped", []), str), "skipped 应是文字行的数组。")
    for number, story in enumerate(page["stories"], 1):
        at = f"第 {number} 篇稿件"
        need(isinstance(story, dict), f"{at}应是一个对象。")
        need(bare(story.get("lead_starts")), f"{at}缺少 lead_starts（正文开头）。")
        for key in ("kicker", "headline", "subtitle", "column"):
            need(is_text(story.get(key)), f"{at}的 {key} 应是文字或 null。")
        need(is_credits(story.get("bylines")), f"{at}的 bylines 应是署名数组。")
        for photo in story.get("photos", []):
            need(
                isinstance(photo, dict) and is_credits(photo.get("credits")),
                f"{at}的 photos 每项应有 credits 署名数组。",
            )
        need(is_credits(story.get("not_bylines", [])), f"{at}的 not_bylines 有误。")
        alt = story.get("alt_reading", {})
        need(
            isinstance(alt, dict) and all(is_text(value) for value in alt.values()),
            f"{at}的 alt_reading 应是标题块对象。",
        )


def is_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def is_list_of(value: Any, kind: type) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


def is_credits(value: Any) -> bool:
    return is_list_of(value, dict) and all(
        isinstance(item.get("name"), str)
        and bare(item["name"])
        and is_text(item.get("role"))
        for item in value
    )


def read_page(path: Path) -> str:
    """A page's text without its `#SOURCE` line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(f"{path} 不是 UTF-8 文本。") from None
    first, _, rest = text.partition("\n")
    return rest if first.startswith("#SOURCE") else text


def page_date(info: Described) -> date | None:
    try:
        return date.fromisoformat(info.get("date") or "")
    except (TypeError, ValueError):  # no date, or only a year: datelines stay open
        return None


# ---------------------------------------------------------------- scoring


@dataclass
class PageScore:
    file: str
    newspaper: str
    expected: int = 0
    right: int = 0
    missing: int = 0
    extra: int = 0
    skipped_found: int = 0
    skipped_expected: int = 0
    stories: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)


Credit = tuple[str, str | None, str | None, str | None]


def credit(item: Described, *, photo: bool = False) -> Credit:
    kind = None if photo else (item.get("kind") or "person")
    return (bare(item["name"]), item.get("role"), item.get("printed_role"), kind)


def parsed_credit(byline: Byline, *, photo: bool = False) -> Credit:
    kind = None if photo else byline.kind
    role = ROLES.get(byline.role, byline.role)
    return (bare(byline.name), role, byline.printed_role, kind)


def headline_block(reading: Described) -> tuple[str, str, str]:
    return (
        bare(reading.get("kicker")),
        bare(reading.get("headline")),
        bare_subtitle(reading.get("subtitle")),
    )


def problems(expected: Described, story: ParsedStory) -> list[str]:
    """What keeps a paired story from being exactly right (empty if it is)."""
    found = []
    block = (bare(story.kicker), bare(story.headline), bare_subtitle(story.subtitle))
    readings = [expected]
    if "alt_reading" in expected:
        readings.append({**expected, **expected["alt_reading"]})
    fits = [reading for reading in readings if headline_block(reading) == block]
    if not fits:
        found.append("headline")
    columns = {bare(reading.get("column")) for reading in fits or readings[:1]}
    if bare(story.column) not in columns:
        found.append("column")
    photo = [b for b in story.bylines if ROLES.get(b.role, b.role) == PHOTO_ROLE]
    text = [b for b in story.bylines if ROLES.get(b.role, b.role) != PHOTO_ROLE]
    if [parsed_credit(b) for b in text] != [credit(c) for c in expected["bylines"]]:
        found.append("bylines")
    wanted = [c for p in expected.get("photos", []) for c in p["credits"]]
    got = [parsed_credit(b, photo=True) for b in photo]
    if got != [credit(c, photo=True) for c in wanted]:
        found.append("photos")
    names = {bare(b.name) for b in story.bylines}
    if any(bare(item["name"]) in names for item in expected.get("not_bylines", [])):
        found.append("not_bylines")
    return found


def score_page(page: Described, text: str, columns: tuple[str, ...]) -> PageScore:
    parsed = parse_page(text, page_date=page_date(page["page"]), columns=columns)
    score = PageScore(file=page["file"], newspaper=page["page"]["newspaper"])
    bodies = [bare(story.body) for story in parsed.stories]
    paired: set[int] = set()
    after = 0
    for expected in page["stories"]:
        lead = bare(expected["lead_starts"])
        index = next(
            (i for i in range(after, len(bodies)) if lead in bodies[i]),
            None,
        )
        result = {"headline": expected.get("headline"), "lead_starts": lead}
        score.expected += 1
        if index is None:
            score.missing += 1
            score.stories.append({**result, "result": "missing"})
            continue
        paired.add(index)
        after = index + 1
        story = parsed.stories[index]
        wrong = problems(expected, story)
        score.right += not wrong
        score.stories.append(
            {
                **result,
                "result": "wrong" if wrong else "right",
                "wrong": wrong,
                "got": describe(story),
            }
        )
    for index, story in enumerate(parsed.stories):
        if index not in paired:
            score.extra += 1
            score.extras.append(describe(story))
    set_aside = {bare(item.text) for item in parsed.skipped}
    lines = page.get("skipped", [])
    score.skipped_expected = len(lines)
    score.skipped_found = sum(bare(line) in set_aside for line in lines)
    return score


def describe(story: ParsedStory) -> dict[str, Any]:
    """What the importer made of a story, for the details and the JSON."""
    return {
        "kicker": story.kicker,
        "headline": story.headline,
        "subtitle": story.subtitle,
        "column": story.column,
        "bylines": [
            {"name": b.name, "role": ROLES.get(b.role, b.role), "kind": b.kind}
            for b in story.bylines
        ],
        "body_starts": story.body[:12],
    }


def score_corpus(directory: Path, expected: Path) -> list[PageScore]:
    """Every page listed in `expected`, read from `directory` and scored."""
    pages = load_expected(expected)
    columns = tuple(
        sorted(
            {
                reading["column"]
                for page in pages
                for story in page["stories"]
                for reading in (story, story.get("alt_reading", {}))
                if reading.get("column")
            }
        )
    )
    scores = []
    for page in pages:
        path = directory / page["file"]
        if not path.is_file():
            raise CorpusError(f"{expected.name} 列出的版面文件不存在：{path}")
        scores.append(score_page(page, read_page(path), columns))
    return scores


def totals(scores: list[PageScore], **labels: str) -> dict[str, Any]:
    """The tallies of some pages, with the share and the problems counted."""
    row: dict[str, Any] = {
        **labels,
        "pages": len(scores),
        **{
            key: sum(getattr(s, key) for s in scores)
            for key in ("expected", "right", "missing", "extra")
        },
        "skipped_found": sum(s.skipped_found for s in scores),
        "skipped_expected": sum(s.skipped_expected for s in scores),
    }
    row["share"] = round(row["right"] / row["expected"], 4) if row["expected"] else None
    row["wrong"] = {
        key: sum(key in story.get("wrong", ()) for s in scores for story in s.stories)
        for key in PROBLEMS
    }
    return row


def by_paper(scores: list[PageScore]) -> list[dict[str, Any]]:
    """The tallies of each newspaper, in the order the corpus first lists it."""
    papers: dict[str, list[PageScore]] = {}
    for score in scores:
        papers.setdefault(score.newspaper, []).append(score)
    return [totals(group, newspaper=name) for name, group in papers.items()]


def score_sample(samples: Path, expected: Path) -> dict[str, Any]:
    """The sample page's own tallies; the missing files instead when it is not
    in `samples` (a checkout without the shared directory)."""
    pages = load_expected(expected)
    absent = [p["file"] for p in pages if not (samples / p["file"]).is_file()]
    if absent:
        return {"absent": [str(samples / name) for name in absent]}
    scores = score_corpus(samples, expected)
    return {
        "files": [s.file for s in scores],
        "total": totals(scores, newspaper=scores[0].newspaper),
        "scores": scores,
    }


def evaluate(
    directory: Path, *, samples: Path | None = None, sample_expected: Path | None = None
) -> dict[str, Any]:
    """The report on a corpus: its total, each paper, each page, and the
    sample's own row when `samples` and `sample_expected` are given (None
    otherwise). `sample["scores"]` keeps the PageScore objects."""
    if not directory.is_dir():
        raise CorpusError(
            f"找不到评测语料目录：{directory}（应包含版面文字 .txt 和 expected.json）。"
        )
    scores = score_corpus(directory, directory / "expected.json")
    sample = None
    if samples is not None and sample_expected is not None:
        sample = score_sample(samples, sample_expected)
    return {
        "corpus": str(directory),
        "total": totals(scores),
        "papers": by_paper(scores),
        "pages": [vars(score) for score in scores],
        "sample": sample,
    }
