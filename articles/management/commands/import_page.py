"""`manage.py import_page FILE …`: turn the text of printed pages into stories."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from articles.importer import import_page, plan_import, read_page_text
from articles.models import Section


class Command(BaseCommand):
    help = "把报纸版面的文字导入为稿件：拆分稿件、标题、正文和署名。"

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="版面文字文件（.txt）"
        )
        parser.add_argument(
            "--date", help="见报日期 YYYY-MM-DD，用来解析“11月23日”这样的电头"
        )
        parser.add_argument("--page", help="版次（正整数）")
        parser.add_argument("--section", help="导入到的栏目网址标识")
        parser.add_argument(
            "--status",
            default="draft",
            help="draft（草稿，默认）或 submitted（提交初审）",
        )
        parser.add_argument("--user", help="记为哪个用户导入（提交审稿时必填）")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写数据库")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")

    def handle(self, *args, files, dry_run, json: bool, **options):
        page_date = self.parse_date(options["date"])
        page_number = self.parse_page_number(options["page"])
        section = self.find_section(options["section"])
        status = options["status"]
        if status not in ("draft", "submitted"):
            raise CommandError(
                f"--status 只能是 draft 或 submitted，不能是“{status}”。"
            )
        user = self.find_user(options["user"])
        if status == "submitted" and user is None and not dry_run:
            raise CommandError("提交审稿需要用 --user 指明作者。")
        texts = [(name, self.read(name)) for name in files]
        results = {}
        for name, text in texts:
            if dry_run:
                # The plan the import would carry out, from the same code.
                results[name] = plan_import(
                    text, page_date=page_date, page_number=page_number
                )
                if not json:
                    self.print_plan(name, results[name])
            else:
                report = import_page(
                    text,
                    page_date=page_date,
                    page_number=page_number,
                    section=section,
                    status=status,
                    user=user,
                )
                results[name] = report
                if not json:
                    self.stdout.write(f"== {name}")
                    for line in report.lines():
                        self.stdout.write(line)
        if json:
            self.stdout.write(self.as_json(results, dry_run))

    def as_json(self, results, dry_run):
        if dry_run:
            pages = {name: page.as_json() for name, page in results.items()}
        else:
            pages = {
                name: {
                    "created": [a.pk for a in report.created],
                    "matched": [a.pk for a in report.matched],
                    "skipped": [
                        {"text": s.text, "reason": s.reason} for s in report.skipped
                    ],
                    "attention": report.attention,
                }
                for name, report in results.items()
            }
        # One file prints the page itself, the format other tools read.
        payload = next(iter(pages.values())) if len(pages) == 1 else pages
        return json.dumps(payload, ensure_ascii=False, indent=2)

    def print_plan(self, name, plan):
        self.stdout.write(f"== {name}（试解析，未写入数据库）")
        self.stdout.write(
            f"将新建稿件 {len(plan.new_stories)} 篇，已导入过 "
            f"{len(plan.existing_stories)} 篇，将新建署名人 {len(plan.new_people)} 位。"
        )
        for planned in plan.stories:
            story = planned.story
            block = " / ".join(
                p for p in (story.kicker, story.headline, story.subtitle) if p
            )
            bylines = " ".join(f"{b.role or ''}{b.name}" for b in story.bylines)
            state = "新建" if planned.is_new else "已存在"
            self.stdout.write(
                f"[{state}·{story.kind}] {block or '（无标题）'} —— {bylines}"
            )
            self.stdout.write(f"    {story.body[:60]}…")
            for flag in planned.flags if planned.is_new else ():
                self.stdout.write(f"    请核对：{flag}")
        for person, _kind in plan.new_people:
            self.stdout.write(f"新署名人（待核实）：{person}")
        for skipped in plan.page.skipped:
            self.stdout.write(f"跳过（{skipped.reason}）：{skipped.text[:40]}")

    def read(self, name):
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"找不到文件：{name}")
        try:
            return read_page_text(path.read_bytes(), name)
        except ValueError as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def parse_date(value):
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                f"--date 需要 YYYY-MM-DD 格式的日期，“{value}”不是。"
            ) from None

    @staticmethod
    def parse_page_number(value):
        if value is None:
            return None
        if not value.isdigit() or not 0 < int(value) < 1000:
            raise CommandError(f"--page 需要 1 到 999 的版次，“{value}”不是。")
        return int(value)

    @staticmethod
    def find_section(slug):
        if slug is None:
            return None
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            raise CommandError(f"没有网址标识为“{slug}”的栏目。")
        return section

    @staticmethod
    def find_user(username):
        if username is None:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为“{username}”的在用账号。")
        return user
