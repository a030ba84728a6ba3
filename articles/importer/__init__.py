"""Importing print pages: the text cut from a newspaper page's PDF becomes
stories with headline blocks, bodies and bylines.

`parse_page()` reads the text without touching the database (`parse`, and
the shapes it returns in `shapes`, pure Python); `read_page_text()` reads an
uploaded or named file (`files`); `import_page()` saves what it found,
matching bylines to existing correspondents (`save`). All are used by the
`import_page` command and by the admin's import screen.

The text is read as units — its non-empty lines. A page is a sequence of
headline blocks (引题/主题/副题), body paragraphs, bylines, photo-news captions
and matter that is not a story (masthead, subscription notices, column
indexes, social-media labels). Paragraphs broken where a column ended are
joined back: a body line that does not end a sentence continues in the next.
"""

from .files import MAX_BYTES, read_page_text
from .parse import (
    CREDIT_ROLES,
    DASHES,
    DATELINE,
    HAN,
    LEADING_CREDIT,
    NOT_A_STORY,
    ORGANISATION,
    ORGANISATION_ENDINGS,
    PERSON,
    PREFIX_ROLES,
    SPACES,
    STAFF_LINE,
    SUFFIX_ROLES,
    TERMINAL,
    TRAILING_CREDIT,
    Byline,
    ParsedPage,
    ParsedStory,
    Skipped,
    ends_sentence,
    is_organisation,
    looks_like_headline,
    normalise,
    not_a_story,
    parse_byline,
    parse_page,
    resolve_dateline,
    split_headline_block,
    split_leading_credit,
    split_trailing_credit,
)
from .save import ImportReport, column_names, import_key, import_page

__all__ = [
    "HAN",
    "PERSON",
    "ORGANISATION_ENDINGS",
    "ORGANISATION",
    "PREFIX_ROLES",
    "SUFFIX_ROLES",
    "CREDIT_ROLES",
    "TERMINAL",
    "STAFF_LINE",
    "NOT_A_STORY",
    "LEADING_CREDIT",
    "TRAILING_CREDIT",
    "DATELINE",
    "SPACES",
    "DASHES",
    "normalise",
    "Byline",
    "Skipped",
    "ParsedStory",
    "ParsedPage",
    "is_organisation",
    "parse_byline",
    "split_trailing_credit",
    "split_leading_credit",
    "not_a_story",
    "ends_sentence",
    "looks_like_headline",
    "split_headline_block",
    "resolve_dateline",
    "parse_page",
    "MAX_BYTES",
    "read_page_text",
    "ImportReport",
    "column_names",
    "import_key",
    "import_page",
]
