"""Reading a print page's text without touching the database (pure Python,
no Django): headline blocks, bodies, bylines, photo-news captions and matter
that is not a story."""

from __future__ import annotations

import re
from datetime import date

from .shapes import Byline, ParsedPage, ParsedStory, Skipped

# ----------------------------------------------------------------- vocabulary

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A person's name as papers print it: two to four Han characters, or a
#: transliterated name joined by a middle dot (阿依古丽·买买提).
PERSON = re.compile(rf"^(?:[{HAN}]{{2,4}}|[{HAN}]{{1,8}}[·•][{HAN}]{{1,8}})$")
#: How the names of units end, which marks a byline as an organisation's
#: (澄女工, 某某县总工会).
ORGANISATION_ENDINGS = (
    *("工会", "总工", "女工", "女工委", "委员会", "委", "局", "厅", "办", "办公室"),
    *("部", "院", "所", "站", "中心", "公司", "集团", "协会", "学会", "联合会"),
    *("政府", "街道", "社区", "学校", "医院", "报社", "社", "队", "处", "科"),
)
ORGANISATION = re.compile(rf"^[{HAN}A-Za-z0-9（）()]{{2,24}}$")

#: Role words printed before names, and the printed form the JSON uses.
PREFIX_ROLES = {
    "记者": "记者",
    "本报记者": "记者",
    "摄影记者": "摄",
    "通讯员": "通讯员",
    "本报通讯员": "通讯员",
    "特约记者": "特约",
    "特约通讯员": "特约",
    "特约": "特约",
    "特约撰稿": "特约",
    "特约撰稿人": "特约",
    "实习生": "实习生",
    "文/摄": "文/摄",
    "文摄": "文/摄",
    "摄影": "摄",
    "摄": "摄",
}
#: Role words printed after names: `程立言 许航 摄`, `张三 文/摄`.
SUFFIX_ROLES = {"摄": "摄", "文/摄": "文/摄", "文摄": "文/摄", "摄影": "摄"}
#: Printed role word → Credit.Role value.
CREDIT_ROLES = {
    "记者": "reporter",
    "通讯员": "correspondent",
    "摄": "photo",
    "文/摄": "text_photo",
    "特约": "special",
    "实习生": "intern",
    None: "",
}

# Lines that end a sentence; anything else continues in the next line.
TERMINAL = tuple("。！？!?；;…”’」』）):：")
STAFF_LINE = re.compile(r"^(责编|责任编辑|编辑|美编|校对|审核|值班|版式|组版)[:：]")
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
    (re.compile(r"^第\s*\d+\s*版|^\d{4}年\d{1,2}月\d{1,2}日\s*星期"), "版面页眉"),
    (re.compile(r"(热线|电话|地址)[:：]?\s*[\d-]{7,}"), "联系方式"),
]
LEADING_CREDIT = re.compile(
    r"^(?P<lead>本报[^\s(（]{0,6}讯)?\s*[(（](?P<credit>[^()（）]{2,60})[)）]\s*"
)
TRAILING_CREDIT = re.compile(
    rf"^(?P<text>.*?[。！？!?”）)])\s*(?P<credit>(?:[{HAN}·/]{{1,6}}\s+)*"
    rf"[{HAN}·]{{2,8}}\s*(?:文/摄|文摄|摄))$"
)
DATELINE = re.compile(r"^(?P<month>\d{1,2})月(?P<day>\d{1,2})日[,，、]?")
SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))


# ------------------------------------------------------------------- bylines


def is_organisation(name: str) -> bool:
    """A unit's short name as a byline: 澄女工, 某某县总工会."""
    return (
        len(name) <= 16
        and bool(ORGANISATION.match(name))
        and (name.endswith(ORGANISATION_ENDINGS) or "工会" in name)
    )


def _split_glued_role(token: str) -> list[str]:
    """`本报记者程立言` → [`本报记者`, `程立言`]."""
    if token in PREFIX_ROLES or token in SUFFIX_ROLES:
        return [token]
    for word in sorted(PREFIX_ROLES, key=len, reverse=True):
        rest = token[len(word) :]
        if token.startswith(word) and rest and PERSON.match(rest):
            return [word, rest]
    for word in sorted(SUFFIX_ROLES, key=len, reverse=True):
        head = token[: -len(word)]
        if token.endswith(word) and head and PERSON.match(head):
            return [head, word]
    return [token]


def parse_byline(text: str) -> list[Byline] | None:
    """The bylines in a unit made only of role words and names, else None.

    `通讯员 蒋梦柯 邵一帆 记者 程立言`, `记者 程立言`, `澄女工`,
    `程立言 许航 摄`, `本报记者 X 摄`, `文/摄 张三`, a bare `张三`.
    """
    text = SPACES.sub(" ", text.replace("\u3000", " ")).strip()
    if not text or len(text) > 60 or STAFF_LINE.match(text):
        return None
    if any(ch.isdigit() for ch in text) or text.endswith(TERMINAL[:-2]):
        return None
    tokens = [part for token in text.split(" ") for part in _split_glued_role(token)]
    bylines: list[Byline] = []
    role: str | None = None
    run_start = 0
    saw_role = False
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        if token in SUFFIX_ROLES and last and bylines:
            for byline in bylines[run_start:]:
                byline.role = SUFFIX_ROLES[token]
            saw_role = True
        elif token in PREFIX_ROLES:
            role = PREFIX_ROLES[token]
            run_start = len(bylines)
            saw_role = True
        elif PERSON.match(token) and not is_organisation(token):
            bylines.append(Byline(token, role, "person"))
        elif is_organisation(token) and len(tokens) <= 3:
            bylines.append(Byline(token, role, "organisation"))
        else:
            return None
    if not bylines:
        return None
    if not saw_role and len(bylines) > 1:
        return None  # several bare words are a headline, not a byline
    return bylines


def split_trailing_credit(paragraph: str) -> tuple[str, list[Byline]] | None:
    """A photo caption ending in its credit: (caption, bylines)."""
    match = TRAILING_CREDIT.match(paragraph)
    if not match:
        return None
    bylines = parse_byline(match["credit"])
    if not bylines or bylines[-1].role not in ("摄", "文/摄"):
        return None
    return match["text"].strip(), bylines


def split_leading_credit(paragraph: str) -> tuple[str, list[Byline]] | None:
    """`本报讯(记者 X 通讯员 Y)11月23日，……` → (body, bylines)."""
    match = LEADING_CREDIT.match(paragraph)
    if not match:
        return None
    bylines = parse_byline(match["credit"])
    if not bylines or not any(b.role for b in bylines):
        return None
    return paragraph[match.end() :].strip(), bylines


# ------------------------------------------------------------------- parsing


def not_a_story(unit: str) -> str | None:
    if STAFF_LINE.match(unit):
        return "版面人员"
    for pattern, reason in NOT_A_STORY:
        if pattern.search(unit):
            return reason
    return None


def ends_sentence(unit: str) -> bool:
    return unit.endswith(TERMINAL)


def looks_like_headline(unit: str) -> bool:
    """Headlines are short and carry no sentence punctuation (a line of body
    broken at a column end usually does)."""
    return (
        len(unit) <= 40
        and not ends_sentence(unit)
        and not any(mark in unit for mark in "，,。；;")
    )


DASHES = ("—", "-", "－")


def _undashed(subtitle: str) -> str:
    """Subtitles are printed after a dash: ——年底前全部落地."""
    return subtitle.lstrip("—-－ ")


def split_headline_block(lines: list[str]) -> tuple[str, str, str, list[str]]:
    """Headline lines → (kicker, headline, subtitle, notes)."""
    notes = []
    if len(lines) >= 3:
        return lines[-3], lines[-2], _undashed(lines[-1]), notes
    if len(lines) == 2:
        first, second = lines
        if second.startswith(DASHES):
            return "", first, _undashed(second), notes
        if " " in first:
            notes.append("两行标题：按“引题+主题”拆分，请核对。")
            return first, second, "", notes
        notes.append("两行标题：按“主题+副题”拆分，请核对。")
        return "", first, second, notes
    line = lines[0]
    segments = line.split(" ")
    if (
        len(segments) >= 2
        and len(segments[-1]) >= 8
        and len(segments[-1]) > max(len(s) for s in segments[:-1])
    ):
        notes.append("引题与主题排在同一行：以最后一段为主题，请核对。")
        return " ".join(segments[:-1]), segments[-1], "", notes
    return "", line, "", notes


def resolve_dateline(paragraph: str, page_date: date | None) -> str | None:
    match = DATELINE.match(paragraph)
    if not match or page_date is None:
        return None
    month, day = int(match["month"]), int(match["day"])
    for year in (page_date.year, page_date.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        # A dateline is at most a few days after the page (printed the
        # evening before); a later month means last year (12月 on a 1月 page).
        if (candidate - page_date).days <= 7:
            return candidate.isoformat()
    return None


def parse_page(
    text: str, *, page_date: date | None = None, columns: tuple[str, ...] = ()
) -> ParsedPage:
    page = ParsedPage()
    units = [unit for unit in normalise(text).split("\n") if unit]
    story: ParsedStory | None = None
    pending: list[str] = []  # headline lines waiting for their story
    column: str | None = None

    def close():
        nonlocal story
        if story is None:
            return
        if not story.bylines:
            story.notes.append("没有找到署名，请核对。")
        if story.paragraphs:
            story.dateline = resolve_dateline(story.paragraphs[0], page_date)
        if story.kind == "story" and not story.headline:
            story.kind = "brief"
        page.stories.append(story)
        story = None

    def start(kind="story"):
        nonlocal story, pending, column
        kicker, headline, subtitle, notes = ("", "", "", [])
        if pending:
            extra = pending[:-3]
            for line in extra:
                page.skipped.append(Skipped(line, "无法归属的版面文字"))
            kicker, headline, subtitle, notes = split_headline_block(pending[-3:])
        story = ParsedStory(
            kind="column" if column and kind == "story" else kind,
            kicker=kicker,
            headline=headline,
            subtitle=subtitle,
            column=column,
            notes=notes,
        )
        pending, column = [], None

    def flush_pending(reason):
        nonlocal pending
        for line in pending:
            page.skipped.append(Skipped(line, reason))
        pending = []

    for unit in units:
        if reason := not_a_story(unit):
            close()
            flush_pending("版面文字")
            page.skipped.append(Skipped(unit, reason))
            continue
        if story is not None:
            open_paragraph = story.paragraphs and not ends_sentence(
                story.paragraphs[-1]
            )
            bylines = parse_byline(unit)
            if bylines and not (open_paragraph and len(unit) > 12):
                story.bylines += bylines
                close()
                continue
            if open_paragraph:
                story.paragraphs[-1] += unit  # repair a column break
                continue
            if looks_like_headline(unit):
                close()
                pending.append(unit)
                continue
            story.paragraphs.append(unit)
            continue
        # Between stories.
        if unit in columns and not pending:
            column = unit
            continue
        if credit := split_trailing_credit(unit):
            caption, bylines = credit
            start("photo")
            story.paragraphs.append(caption)
            story.bylines += bylines
            close()
            continue
        bylines = parse_byline(unit)
        if bylines and any(b.role for b in bylines) and not pending:
            page.skipped.append(Skipped(unit, "没有稿件的署名"))
            continue
        if looks_like_headline(unit):
            pending.append(unit)
            continue
        start()
        if leading := split_leading_credit(unit):
            unit, bylines = leading
            story.bylines += bylines
            # The byline was printed up front: the story ends at the next
            # headline, not at a trailing byline.
        story.paragraphs.append(unit)
    close()
    flush_pending("没有正文的标题或版面文字")
    return page
