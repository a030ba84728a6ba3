"""Text rules of the newsroom: the body's allowed HTML, 字数 as editors
count it, and the tokens the search index holds."""

import html
import re

import rjieba
from django.utils.html import strip_tags

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
}

# CJK Unified Ideographs with extensions A–H and the compatibility blocks.
_HAN = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U0002f800-\U0002fa1f"
    "\U00030000-\U0003134f\U00031350-\U000323af"
)
_HAN_RE = re.compile(f"[{_HAN}]")
# Punctuation: the CJK block, full-width forms, general punctuation (— … “ ”)
# and ASCII punctuation typed by mistake in place of full-width marks.
_PUNCT_RE = re.compile(
    r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    r"\u2010-\u2027\u2030-\u205e\ufe10-\ufe19\ufe30-\ufe6b"
    r"!\"#%&'()*,\-./:;?@\[\\\]_{}·]"
)


def plain_text(body_html: str) -> str:
    """The body as plain text, paragraphs on their own lines."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|h[1-6]|li|blockquote)>", "\n", body_html or "")
    return html.unescape(strip_tags(text)).strip()


def count_characters(body_html: str) -> int:
    """字数: the Han characters plus the punctuation of the body.

    Latin letters, digits and spaces are not counted, matching the rule the
    paper's editors use when they size a story for the page.
    """
    text = plain_text(body_html).replace("\u3000", "")
    return len(_HAN_RE.findall(text)) + len(_PUNCT_RE.findall(text))


HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN = re.compile(r"[a-z0-9]+")


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def index_text(*parts: str) -> str:
    """The search tokens of a story's text, space-separated: the words jieba
    finds and every pair of adjacent Han characters (see articles.reader.search)."""
    text = " ".join(p for p in parts if p).lower()
    tokens: list[str] = []
    for run in HAN_RUN.findall(text):
        tokens += [word for word in rjieba.cut_for_search(run) if len(word) > 1]
        tokens += bigrams(run)
    tokens += LATIN.findall(text)
    return " ".join(tokens)
