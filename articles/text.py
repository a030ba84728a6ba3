"""Text rules of the newsroom: the characters a stored text may hold, the
body's allowed HTML, 字数 as editors count it, and the tokens the search
index holds."""

import html
import re

import rjieba
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

# Control characters (Unicode Cc) other than tab and newline, and the two
# non-characters XML cannot carry: invisible in a form, they make a feed or
# a sitemap malformed XML, so no stored text keeps them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Cut text ends with this, so a reader sees that something is missing.
MORE = "…"


def clean_text(value: str) -> str:
    """`value` without control characters (line ends become newlines).

    A lone surrogate (half of a character, from a broken file or paste)
    cannot be stored at all: it is refused with a Chinese error.
    """
    if _LONE_SURROGATE.search(value):
        raise ValidationError(
            _("文字里有无法识别的残缺字符（孤立的代理码位），请删去后重新输入。"),
            code="lone_surrogate",
        )
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def xml_text(value) -> str:
    """`value` as XML 1.0 can carry it, for text already stored (feeds,
    sitemaps): control characters dropped, a lone surrogate replaced."""
    value = _LONE_SURROGATE.sub("\ufffd", str(value))
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with … when cut."""
    return text if len(text) <= limit else text[: limit - len(MORE)] + MORE


#: What the body editor offers; the sanitiser allows exactly this and no more.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "History": True,
    "SpecialCharacters": True,
    "NewsroomMenu": True,  # the menu in Chinese, last so its labels win
}

# What 字数 counts, as code point ranges (the editor's live count in
# static/js/char-count.js holds the same list; a test keeps them equal).
#: CJK Unified Ideographs with extensions A–H and the compatibility blocks.
HAN_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x3134F),
    (0x31350, 0x323AF),
)
#: Punctuation: the CJK block, full-width forms, general punctuation (— … “ ”)
#: and ASCII punctuation typed by mistake in place of full-width marks.
PUNCT_RANGES = (
    (0x3000, 0x303F),
    (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6B),
    *((ord(c), ord(c)) for c in "!\"#%&'()*,-./:;?@[\\]_{}·"),
)
#: Not counted although inside a range: the ideographic space.
UNCOUNTED = "\u3000"


def _char_class(ranges) -> re.Pattern:
    spans = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{spans}]")


_HAN_RE = _char_class(HAN_RANGES)
_PUNCT_RE = _char_class(PUNCT_RANGES)


def plain_text(body_html: str) -> str:
    """The body as plain text, paragraphs on their own lines."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|h[1-6]|li|blockquote)>", "\n", body_html or "")
    return html.unescape(strip_tags(text)).strip()


def count_characters(body_html: str) -> int:
    """字数: the Han characters plus the punctuation of the body.

    Latin letters, digits and spaces are not counted, matching the rule the
    paper's editors use when they size a story for the page.
    """
    text = plain_text(body_html).replace(UNCOUNTED, "")
    return len(_HAN_RE.findall(text)) + len(_PUNCT_RE.findall(text))


HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN = re.compile(r"[a-z0-9]+")


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def index_text(*parts: str) -> str:
    """The search tokens of a story's text, space-separated: the words jieba
    finds, every pair of adjacent Han characters, and each run's last
    character alone (see articles.reader.search).

    With the last character, every Han character of the text begins some
    token, so a one-character query is a prefix match on the tokens (`工:*`
    on PostgreSQL, a token starting with 工 elsewhere) and finds exactly the
    stories holding that character."""
    text = " ".join(p for p in parts if p).lower()
    tokens: list[str] = []
    for run in HAN_RUN.findall(text):
        tokens += [word for word in rjieba.cut_for_search(run) if len(word) > 1]
        tokens += bigrams(run)
        if len(run) > 1:
            tokens.append(run[-1])
    tokens += LATIN.findall(text)
    return " ".join(tokens)
