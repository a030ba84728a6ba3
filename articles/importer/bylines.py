"""Reading bylines (pure Python, no Django): role words and the names they
govern, photo credits, sources in brackets, and names run on after a story's
last sentence.

A role word governs every name after it until the next role word
(`本报讯（记者 X 通讯员 Y Z）`); a 摄 or 文/摄 after the names turns all of
them into photo credits and keeps the role word printed before each name
(`本报记者 X 本报通讯员 Y 摄`). Names with no role word are judged
(`names.looks_like_person`): sure ones are read, given names alone are read
only inside a source's brackets and flagged for the editor.
"""

from __future__ import annotations

import re

from .names import is_han, looks_like_person, split_names
from .shapes import Byline

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A person's name as papers print it after a role word: two to four Han
#: characters, or a transliterated name joined by a middle dot.
PERSON = re.compile(rf"^(?:[{HAN}]{{2,4}}|[{HAN}]{{1,8}}[·•][{HAN}]{{1,8}})$")
#: How the names of units end, which marks a byline as an organisation's
#: (某女工, 某某县总工会).
ORGANISATION_ENDINGS = (
    *("工会", "总工", "女工", "女工委", "委员会", "委", "局", "厅", "办", "办公室"),
    *("部", "院", "所", "站", "中心", "公司", "集团", "协会", "学会", "联合会"),
    *("政府", "街道", "社区", "学校", "医院", "报社", "社", "队", "处", "科"),
)
ORGANISATION = re.compile(rf"^[{HAN}A-Za-z0-9（）()]{{2,24}}$")

#: Role words printed before names, and the printed form the importer keeps.
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
    "本报实习生": "实习生",
    "文/摄": "文/摄",
    "文摄": "文/摄",
    "文/图": "文/摄",
    "图/文": "文/摄",
    "摄影": "摄",
    "摄": "摄",
}
#: Role words printed after names: `X Y 摄`, `张三 文/摄`, `X 摄影报道`;
#: None keeps the role the names had (`周某报道`).
SUFFIX_ROLES = {
    "摄": "摄",
    "摄影": "摄",
    "摄影报道": "摄",
    "文/摄": "文/摄",
    "文摄": "文/摄",
    "文/图": "文/摄",
    "图/文": "文/摄",
    "报道": None,
}
PHOTO_ROLES = ("摄", "文/摄")
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
#: Credits for a picture with no person behind them.
SOURCE_CREDITS = re.compile(r"^(本报资料图|资料图片?|新华社发|网络图片|本报资料照片)$")
STAFF_LINE = re.compile(
    r"^(责编|责任编辑|本版编辑|编辑|美编|校对|审核|值班|版式|组版)\s*[:：]"
)
SPACES = re.compile(r"[ \t\u3000\u00a0]+")
BOX_MARKS = "□■"
#: A leading formula before the names: 本报讯, 本报11月3日讯, 又讯.
DATELINE_WORD = r"(?:本报[^\s(（]{0,10}?[讯电]|又讯)"
LEADING_CREDIT = re.compile(
    rf"^(?P<lead>{DATELINE_WORD})?\s*[(（](?P<credit>[^()（）]{{2,60}})[)）]\s*"
)
#: `本报讯 记者X 通讯员Y报道 正文`: the names run on, closed by 报道.
REPORTED_CREDIT = re.compile(
    rf"^(?P<lead>{DATELINE_WORD})\s*(?P<credit>[^\s，,。“”\"]{{2,12}}"
    rf"(?:\s+[^\s，,。“”\"]{{2,12}}){{0,5}}?)报道\s*"
)
TRAILING_CREDIT = re.compile(
    rf"^(?P<text>.*?[。！？!?”）)])\s*(?P<credit>(?:[{HAN}·/]{{1,6}}\s+)*"
    rf"[{HAN}·]{{2,8}}\s*(?:文/摄|文摄|摄影报道|摄影|摄))$"
)
TRAILING_SOURCE = re.compile(
    r"^(?P<text>.*[。！？!?”])\s*[(（](?P<names>[^()（）]{2,30})[)）]$"
)
GLUED_TAIL = re.compile(rf"^(?P<text>.*[。！？!?])(?P<names>[{HAN}]{{2,8}})\d{{0,4}}$")
ROLE_TAIL = ("记者", "通讯员")


def squeeze(text: str) -> str:
    return SPACES.sub(" ", text.replace("\u3000", " ")).strip()


def is_organisation(name: str) -> bool:
    """A unit's short name as a byline: 某女工, 某某县总工会."""
    return (
        len(name) <= 16
        and bool(ORGANISATION.match(name))
        and name.endswith(ORGANISATION_ENDINGS)
    )


def prefix_role(token: str) -> str | None:
    """The role a word before names stands for: 本报记者, 晚报记者, 融媒体记者."""
    if token in PREFIX_ROLES:
        return PREFIX_ROLES[token]
    if is_han(token) and len(token) <= 7:
        for tail in ROLE_TAIL:
            if token.endswith(tail) and len(token) > len(tail):
                return PREFIX_ROLES.get(tail, tail)
    return None


def _split_glued_role(token: str) -> list[str]:
    """`本报记者程立言` → [`本报记者`, `程立言`];
    `井某摄影报道` → [`井某`, `摄影报道`]."""
    if prefix_role(token) or token in SUFFIX_ROLES:
        return [token]
    for word in sorted(PREFIX_ROLES, key=len, reverse=True):
        rest = token[len(word) :]
        if token.startswith(word) and rest:
            return [word, *_split_glued_role(rest)]
    for word in sorted(SUFFIX_ROLES, key=len, reverse=True):
        head = token[: -len(word)]
        if token.endswith(word) and head and PERSON.match(head):
            return [head, word]
    return [token]


def _tokens(text: str) -> list[str]:
    words = [part for token in text.split(" ") for part in _split_glued_role(token)]
    # Two-character names are padded to the width of three (`周 健 刘星野`):
    # single characters side by side are one name.
    out: list[str] = []
    for word in words:
        if (
            out
            and len(word) == 1
            and len(out[-1]) == 1
            and not prefix_role(word)
            and word not in SUFFIX_ROLES
        ):
            out[-1] += word
        else:
            out.append(word)
    return out


def parse_byline(
    text: str, *, bracketed: bool = False, known: frozenset[str] = frozenset()
) -> list[Byline] | None:
    """The bylines in a unit made only of role words and names, else None.

    `通讯员 X Y 记者 Z`, `记者 X`, `某女工`, `X Y 摄`, `本报记者 X 摄`,
    `文/摄 X`, a bare `张三`. Names with no role word must look like a
    person's (or be `known`); inside a source's brackets (`bracketed`) given
    names alone are read too, flagged as unsure.
    """
    text = squeeze(text).lstrip(BOX_MARKS).strip().replace("、", " ")
    if not text or len(text) > 60 or STAFF_LINE.match(text):
        return None
    if any(ch.isdigit() for ch in text) or text.endswith(tuple("。！？!?；;…”’")):
        return None
    tokens = _tokens(text)
    bylines: list[Byline] = []
    role: str | None = None
    since_suffix = 0
    saw_role = False
    for index, token in enumerate(tokens):
        if token in SUFFIX_ROLES and bylines and index > 0:
            suffix = SUFFIX_ROLES[token]
            if suffix is not None:
                for byline in bylines[since_suffix:]:
                    if byline.role not in (None, suffix):
                        byline.printed_role = byline.role
                    byline.role = suffix
            since_suffix = len(bylines)
            saw_role = True
        elif prefix_role(token):
            role = prefix_role(token)
            saw_role = True
        elif role is not None and PERSON.match(token) and not is_organisation(token):
            bylines.append(Byline(token, role, "person"))
        elif is_organisation(token) and len(tokens) <= 3:
            bylines.append(Byline(token, role, "organisation"))
        elif (names := split_names(token)) and (
            role is None or all(looks_like_person(name) for name in names)
        ):
            # After a role word, a run longer than a name must divide into
            # names (`记者张某李某`), not swallow words (`通讯员张某的一天`).
            divided = token if len(names) > 1 else None
            bylines += [
                Byline(name, role, "person", None, True, divided) for name in names
            ]
        else:
            return None
    if not bylines:
        return None
    if not saw_role:
        for byline in bylines:
            if byline.kind == "organisation" or byline.name in known:
                continue
            if not looks_like_person(byline.name):
                if not bracketed:
                    return None  # bare words that are no one's name: a headline
                byline.sure = False
    return bylines


def parse_source(
    inner: str, known: frozenset[str] = frozenset()
) -> list[Byline] | None:
    """The names in a source's brackets, `(郭某 黄某)`, `(周 健 刘星野)`:
    names only, unless a role word is among them (`(记者 X)`)."""
    bare_names = inner.replace(" ", "").replace("·", "").replace("、", "")
    if not is_han(bare_names) and not any(
        prefix_role(token) for token in squeeze(inner).split(" ")
    ):
        return None
    return parse_byline(inner, bracketed=True, known=known)


def split_trailing_credit(paragraph: str) -> tuple[str, list[Byline]] | None:
    """A photo caption ending in its credit: (caption, bylines)."""
    match = TRAILING_CREDIT.match(paragraph)
    if not match:
        return None
    bylines = parse_byline(match["credit"])
    if not bylines or bylines[-1].role not in PHOTO_ROLES:
        return None
    return match["text"].strip(), bylines


def split_leading_credit(paragraph: str) -> tuple[str, list[Byline]] | None:
    """`本报讯(记者 X 通讯员 Y)11月23日，……` → (body, bylines), also
    `本报讯 记者X 通讯员Y报道 ……` and `本报讯 (X)……` (a bare name)."""
    for pattern in (LEADING_CREDIT, REPORTED_CREDIT):
        match = pattern.match(paragraph)
        if not match:
            continue
        credit = match["credit"]
        if pattern is LEADING_CREDIT:
            bylines = parse_source(credit) if match["lead"] else None
            if bylines is None:
                bylines = parse_byline(credit)
                if not bylines or not any(b.role for b in bylines):
                    continue
        else:
            bylines = parse_byline(credit, bracketed=True)
            if not bylines:
                continue
        return paragraph[match.end() :].strip(), bylines
    return None


def split_trailing_source(paragraph: str) -> tuple[str, list[Byline]] | None:
    """A brief's source run on after its last sentence: `……。 (张某)`."""
    match = TRAILING_SOURCE.match(paragraph)
    if not match:
        return None
    bylines = parse_source(match["names"])
    return (match["text"].strip(), bylines) if bylines else None


def split_glued_tail(paragraph: str) -> tuple[str, list[Byline]] | None:
    """Names glued to the end of the last sentence, `……单位。世某张某23`
    (an editor's code may follow): read only when some of them look like a
    person's name; the others are flagged."""
    match = GLUED_TAIL.match(paragraph)
    if not match:
        return None
    names = split_names(match["names"])
    if not names or not any(looks_like_person(name) for name in names):
        return None
    if len(names) == 1 and not looks_like_person(names[0]):
        return None
    divided = match["names"] if len(names) > 1 else None
    bylines = [Byline(name, None, "person", divided_from=divided) for name in names]
    for byline in bylines:
        byline.sure = looks_like_person(byline.name)
    return match["text"], bylines


def split_source_credit(paragraph: str) -> tuple[str, str] | None:
    """A caption ending in a credit with no person: (caption, `本报资料图`)."""
    match = re.match(r"^(?P<text>.*[。！？!?”])\s*(?P<credit>\S{3,8})$", paragraph)
    if match and is_source_credit(match["credit"]):
        return match["text"], match["credit"]
    return None


def is_source_credit(text: str) -> bool:
    """`本报资料图`: a picture's credit with no person behind it."""
    return bool(SOURCE_CREDITS.match(squeeze(text).strip("()（）")))
