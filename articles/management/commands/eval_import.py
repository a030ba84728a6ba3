"""`manage.py eval_import [PAGES_DIR]`: score the importer's split of print
pages against a split made by hand, and print the table (or `--json`). An
evaluation, not a gate: it exits 0 whatever the score, and non-zero only when
the corpus cannot be read.

The scoring — the corpus format, pairing, what "exactly right" means — is
`articles/importer/evaluate.py`. This command parses the options, prints the
result and turns a `CorpusError` into a `CommandError`. `跳过行` counts the
expected `skipped` lines that the importer also set aside. The page beside
DESIGN.md (`../shared/samples/`) is scored on its own line from
`eval_import_sample.json`, kept next to this file.
"""

import json
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importer.evaluate import PROBLEMS, CorpusError, evaluate

SHARED = Path(settings.BASE_DIR).parent / "shared"
SAMPLE_EXPECTED = Path(__file__).with_name("eval_import_sample.json")
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
        sample = {}
        if not options["no_sample"]:
            sample = {
                "samples": Path(options["samples"]),
                "sample_expected": Path(options["sample_expected"]),
            }
        try:
            report = evaluate(Path(pages), **sample)
        except CorpusError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(dump(report))
            return
        self.print_table(report)
        if details:
            scores = report["sample"]["scores"] if report["sample"] else []
            self.print_details(report["pages"] + [vars(score) for score in scores])

    def print_table(self, report: dict[str, Any]) -> None:
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

    def print_details(self, pages: list[dict[str, Any]]) -> None:
        for page in pages:
            stories = [s for s in page["stories"] if s["result"] != "right"]
            if not stories and not page["extras"]:
                continue
            self.stdout.write(f"\n== {page['file']}（{page['newspaper']}）")
            for story in stories:
                title = story["headline"] or story["lead_starts"]
                if story["result"] == "missing":
                    self.stdout.write(f"  缺少：《{title}》")
                    continue
                why = "、".join(PROBLEMS[key] for key in story["wrong"])
                self.stdout.write(
                    f"  不对（{why}）：《{title}》 得到 {brief(story['got'])}"
                )
            for extra in page["extras"]:
                self.stdout.write(f"  多出：{brief(extra)}")


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


def cells(row: dict[str, Any], label: str) -> list[str]:
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


def brief(story: dict[str, Any]) -> str:
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


def dump(report: dict[str, Any]) -> str:
    sample = report["sample"]
    if sample and "scores" in sample:
        sample = {**sample, "scores": [vars(score) for score in sample["scores"]]}
    return json.dumps({**report, "sample": sample}, ensure_ascii=False, indent=2)
