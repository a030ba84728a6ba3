"""`manage.py eval_import [PAGES_DIR]`: score the importer's split of print
pages against a split made by hand. An evaluation, not a gate: it exits 0
whatever the score, and non-zero only when the corpus cannot be read.

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
文/摄 is 文摄. The importer keeps no printed role (the 记者 of
`本报记者 X 摄`), so a story whose expected credits give one is not yet right.
Photo captions and the body beyond `lead_starts` are not scored.

The share printed is exactly right stories / expected stories, overall and
per paper. `跳过行` counts the expected `skipped` lines that the importer
also set aside. The page beside DESIGN.md (`../shared/samples/`) is scored on
its own line from `eval_import_sample.json`, kept next to this file.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importer import parse_page

SHARED = Path(settings.BASE_DIR).parent / "shared"
SAMPLE_EXPECTED = Path(__file__).with_name("eval_import_sample.json")
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


def bare(value) -> str:
    return WHITESPACE.sub("", value or "")


def bare_subtitle(value) -> str:
    return bare(value).lstrip("—–-－")


# -------------------------------------------------------------- the corpus


def load_expected(path: Path) -> list[dict]:
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


def check_page(page, where: str) -> None:
    def need(condition, message):
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


def is_text(value) -> bool:
    return value is None or isinstance(value, str)


def is_list_of(value, kind) -> bool:
    return isinstance(value, list) and all(isinstance(item, kind) for item in value)


def is_credits(value) -> bool:
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


def page_date(info: dict) -> date | None:
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
    stories: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)


def credit(item: dict, *, photo: bool = False) -> tuple:
    kind = None if photo else (item.get("kind") or "person")
    return (bare(item["name"]), item.get("role"), item.get("printed_role"), kind)


def parsed_credit(byline, *, photo: bool = False) -> tuple:
    kind = None if photo else byline.kind
    role = ROLES.get(byline.role, byline.role)
    return (bare(byline.name), role, getattr(byline, "printed_role", None), kind)


def headline_block(reading: dict) -> tuple[str, str, str]:
    return (
        bare(reading.get("kicker")),
        bare(reading.get("headline")),
        bare_subtitle(reading.get("subtitle")),
    )


def problems(expected: dict, story) -> list[str]:
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


def score_page(page: dict, text: str, columns: tuple[str, ...]) -> PageScore:
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


def describe(story) -> dict:
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


def totals(scores: list[PageScore], **labels) -> dict:
    row = {
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


def by_paper(scores: list[PageScore]) -> list[dict]:
    papers: dict[str, list[PageScore]] = {}
    for score in scores:
        papers.setdefault(score.newspaper, []).append(score)
    return [totals(group, newspaper=name) for name, group in papers.items()]


# ----------------------------------------------------------------- output


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, *, left: bool = False) -> str:
    space = " " * max(size - width(text), 0)
    return text + space if left else space + text


def table(rows: list[list[str]]) -> list[str]:
    sizes = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(pad(cell, sizes[i], left=i == 0) for i, cell in enumerate(row))
        for row in rows
    ]


def cells(row: dict, label: str) -> list[str]:
    share = "—" if row["share"] is None else f"{row['share']:.1%}"
    return [
        label,
        str(row["pages"]),
        str(row["expected"]),
        str(row["right"]),
        share,
        str(row["missing"]),
        str(row["extra"]),
        f"{row['skipped_found']}/{row['skipped_expected']}",
    ]


HEADER = ["报纸", "版面", "应有稿件", "完全正确", "比例", "缺少", "多出", "跳过行"]


class Command(BaseCommand):
    # Reads text files only: no database, so no system checks to wait for.
    requires_system_checks = []
    help = (
        "评测版面导入：把导入程序对评测语料的拆分与人工拆分（expected.json）比对，"
        "打印完全正确的稿件比例。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "pages",
            nargs="?",
            default=str(SHARED / "pages"),
            help="评测语料目录：版面文字 .txt 和 expected.json（默认 ../shared/pages）",
        )
        parser.add_argument(
            "--samples",
            default=str(SHARED / "samples"),
            help="样张所在目录（默认 ../shared/samples）",
        )
        parser.add_argument(
            "--sample-expected",
            default=str(SAMPLE_EXPECTED),
            help="样张的人工拆分（与 expected.json 同一格式）",
        )
        parser.add_argument("--no-sample", action="store_true", help="不评样张")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument(
            "--details", action="store_true", help="列出每篇不完全正确的稿件"
        )

    def handle(self, *args, pages, details: bool, **options):
        directory = Path(pages)
        if not directory.is_dir():
            raise CommandError(
                f"找不到评测语料目录：{directory}"
                "（应包含版面文字 .txt 和 expected.json）。"
            )
        try:
            scores = score_corpus(directory, directory / "expected.json")
            sample = None
            if not options["no_sample"]:
                sample = self.score_sample(
                    Path(options["samples"]), Path(options["sample_expected"])
                )
        except CorpusError as error:
            raise CommandError(str(error)) from None
        report = {
            "corpus": str(directory),
            "total": totals(scores),
            "papers": by_paper(scores),
            "pages": [vars(score) for score in scores],
            "sample": sample,
        }
        if options["json"]:
            self.stdout.write(dump(report))
            return
        self.print_table(report)
        if details:
            self.print_details(scores + (sample["scores"] if sample else []))

    def score_sample(self, samples: Path, expected: Path) -> dict:
        """The sample page's own row; a note instead when it is not here."""
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

    def print_table(self, report: dict) -> None:
        total = report["total"]
        papers = report["papers"]
        self.stdout.write(
            f"版面导入评测：{report['corpus']}（{total['pages']} 个版面，"
            f"{len(papers)} 家报纸）"
        )
        rows = [HEADER]
        rows += [cells(paper, paper["newspaper"]) for paper in papers]
        rows.append(cells(total, "合计"))
        sample = report["sample"]
        if sample and "total" in sample:
            rows.append(
                cells(sample["total"], f"样张（{sample['total']['newspaper']}）")
            )
        lines = table(rows)
        self.stdout.write("\n".join([lines[0], "-" * width(lines[0]), *lines[1:]]))
        wrong = "，".join(f"{PROBLEMS[k]} {n}" for k, n in total["wrong"].items())
        self.stdout.write(
            f"语料中配上了但不完全正确的稿件，错在（一篇可错几处）：{wrong}"
        )
        if sample and "absent" in sample:
            self.stdout.write(f"样张：找不到 {'、'.join(sample['absent'])}，跳过。")
        self.stdout.write(
            "完全正确：标题块、栏目、署名（姓名、角色、顺序）和图片署名都与人工拆分一致；"
            "比例 = 完全正确 / 应有稿件。"
        )

    def print_details(self, scores: list[PageScore]) -> None:
        for score in scores:
            stories = [s for s in score.stories if s["result"] != "right"]
            if not stories and not score.extras:
                continue
            self.stdout.write(f"\n== {score.file}（{score.newspaper}）")
            for story in stories:
                title = story["headline"] or story["lead_starts"]
                if story["result"] == "missing":
                    self.stdout.write(f"  缺少：《{title}》")
                    continue
                why = "、".join(PROBLEMS[key] for key in story["wrong"])
                self.stdout.write(
                    f"  不对（{why}）：《{title}》 得到 {brief(story['got'])}"
                )
            for extra in score.extras:
                self.stdout.write(f"  多出：{brief(extra)}")


def brief(story: dict) -> str:
    block = "｜".join(
        f"{label} {story[key]}"
        for label, key in (
            ("引题", "kicker"),
            ("主题", "headline"),
            ("副题", "subtitle"),
        )
        if story[key]
    )
    people = " ".join(f"{b['role'] or ''}{b['name']}" for b in story["bylines"])
    column = f"［{story['column']}］" if story["column"] else ""
    start = story["body_starts"]
    return f"{column}{block or '（无标题）'} —— {people or '（无署名）'} —— {start}…"


def dump(report: dict) -> str:
    sample = report["sample"]
    if sample and "scores" in sample:
        sample = {**sample, "scores": [vars(score) for score in sample["scores"]]}
    return json.dumps({**report, "sample": sample}, ensure_ascii=False, indent=2)
