"""Lines that belong to the page, not to a story (pure Python, no Django):
page headers (第N期, 第N版, N版:名称, 本版导读, dates), the people who made
the page (本版编辑, 责编:), masthead and subscription matter.

A header line is never a headline: it is set aside, and what it says (issue,
page number, page name, print date, editor) goes into the page's print
fields. An archive's `专栏:名称` line and a rubric in lenticular brackets
(`【图片新闻】`) name the column of the story that follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bylines import STAFF_LINE

DATE = re.compile(
    r"(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2})"
)
PAGE = re.compile(
    r"(?:第\s*|当前第\s*|当前版\s*[:：]?\s*)?(?P<no>[A-Z]?\d{1,5})\s*版"
    r"(?:(?:\s*[:：]\s*|\s+)(?P<name>[^\s:：()（）/][^:：()（）/]{0,12})"
    r"|\s*[(（](?P<paren>[^\s].{0,20})[)）])?"
)
ISSUE = re.compile(r"(?:第\s*)?(?P<issue>\d{1,6})\s*期")
#: Words a page header may hold besides its issue, page and date.
HEADER_WORDS = re.compile(
    r"^(出版日期|本期共|当前版|当前第|星期[一二三四五六日天]?|版面|导读|"
    r"[《》()（）\s/|,，:：·—-]|[\u4e00-\u9fff]{0,8}报)+$"
)
PAGE_NAME_ONLY = re.compile(r"^(头版|[一二三四五六七八九十]{1,3}版|本版导读|导读)$")
EDITOR = re.compile(
    r"^(?:责编|责任编辑|本版编辑|编辑)\s*[:：]\s*(?P<editor>\S.{0,20})$"
)
WORD_COUNT = re.compile(r"^本文字数\s*[:：]?\s*\d+")
COLUMN_FIELD = re.compile(r"^专栏\s*[:：]\s*(?P<column>.{0,16})$")
#: A paper's name alone on a line: 江城工人报, 青山日报.
MASTHEAD = re.compile(
    r"^[\u4e00-\u9fff]{2,8}(日报|晚报|工人报|时报|商报|青年报|农民报)$"
)
RUBRIC = re.compile(r"^【(?P<column>[^【】\s]{2,10})】$")

NOT_A_STORY = [
    (re.compile(r"统一刊号|邮发代号|CN\s*\d{2}\s*[-－]\s*\d{4}|ISSN"), "报刊信息"),
    (re.compile(r"订阅|订价|定价|零售价|发行热线|广告(热线|许可)"), "订阅与广告"),
    (
        re.compile(
            r"^(抖音|微博|微信|公众号|视频号|小红书|客户端|今日头条|快手|扫码|二维码)"
        ),
        "新媒体标识",
    ),
    (re.compile(r"^[-•·*]\s*\S{2,10}$"), "栏目索引"),
    (re.compile(r"(热线|电话|地址)[:：]?\s*[\d-]{7,}"), "联系方式"),
    (re.compile(r"^[.。·…_—\-=*~～]{4,}$"), "分隔线"),
]


@dataclass
class Header:
    reason: str
    fields: dict[str, str] = field(default_factory=dict)
    column: str | None = None  # the column the next story is in


def read_header(unit: str) -> Header | None:
    """What a page-header line says, or None if the line is not one."""
    if match := EDITOR.match(unit):
        return Header("版面人员", {"editor": match["editor"].strip()})
    if STAFF_LINE.match(unit):
        return Header("版面人员")
    if WORD_COUNT.match(unit):
        return Header("版面页眉")
    if match := COLUMN_FIELD.match(unit):
        return Header("版面页眉", column=match["column"].strip() or None)
    if match := RUBRIC.match(unit):
        return Header("栏目标签", column=match["column"])
    if MASTHEAD.match(unit):
        return Header("报头", {"newspaper": unit})
    if PAGE_NAME_ONLY.match(unit):
        return Header("版面页眉", {"page_name": unit})
    if re.fullmatch(r"[A-Z]?\d{1,4}", unit):
        return Header("版面页眉", {"page_no": unit.lstrip("0") or unit})
    if len(unit) > 40 or any(mark in unit for mark in "。，！？；"):
        return None
    fields: dict[str, str] = {}
    rest = unit
    if match := DATE.search(rest):
        fields["date"] = re.sub(r"\s+", "", match["date"])
        rest = rest.replace(match[0], " ")
    if match := ISSUE.search(rest):
        fields["issue"] = match["issue"]
        rest = rest.replace(match[0], " ")
    pages = list(PAGE.finditer(rest))
    # `本期共4版, 当前第1版`: the page this is, not how many there are.
    if match := next((m for m in pages if "当前" in m[0]), pages[0] if pages else None):
        fields["page_no"] = match["no"].lstrip("0") or match["no"]
        name = (match["name"] or match["paren"] or "").strip()
        if name and not name.isdigit():
            fields["page_name"] = name
        rest = rest.replace(match[0], " ")
    if not fields:
        return None
    # A date or page number inside other words is a sentence or a headline
    # (`3月5日起全市…`); a header holds little else.
    leftover = re.sub(r"[A-Z]?\d+", "", rest)
    if leftover.strip() and not HEADER_WORDS.match(leftover.strip()):
        if len(leftover.strip()) > 6:
            return None
    return Header("版面页眉", fields)


def not_a_story(unit: str) -> str | None:
    if STAFF_LINE.match(unit):
        return "版面人员"
    if len(unit) > 40 and "。" in unit:
        return None  # a paragraph that mentions 订阅 or a 热线 is still text
    for pattern, reason in NOT_A_STORY:
        if pattern.search(unit):
            return reason
    return None
