"""Importing print pages: the text cut from a newspaper page's PDF, or copied
from an e-paper, becomes stories with headline blocks, bodies and bylines.

Pure Python, no Django: `parse_page()` (`parse`) reads the page unit by
unit (`lines`: non-empty lines, column breaks joined at the page's column
width), sets page-header lines aside into print fields (`headers`), divides
headline blocks (`headlines`), reads bylines, photo credits and sources
(`bylines`), judges bare names (`names`) and resolves datelines
(`datelines`); it returns the shapes in `shapes`. `evaluate` scores it
against a hand-made split.

With the database: `plan_import()` (`plan`) matches a parsed page against
what is on file — new stories or ones imported before, 署名人 on file or new,
what to check — and `import_page()` (`save`) carries the plan out. The
`import_page` command (also `--dry-run`) and the admin's import screen
(preview, confirm) all go through the plan. `read_page_text()` (`files`)
reads an uploaded or named file and, like `plan_import()`, refuses text with
no Chinese story in it (`check_page_text()`).
"""

from .bylines import (
    CREDIT_ROLES,
    LEADING_CREDIT,
    ORGANISATION,
    ORGANISATION_ENDINGS,
    PERSON,
    PREFIX_ROLES,
    STAFF_LINE,
    SUFFIX_ROLES,
    TRAILING_CREDIT,
    is_organisation,
    parse_byline,
    split_leading_credit,
    split_trailing_credit,
)
from .datelines import DATELINE, resolve_dateline
from .files import MAX_BYTES, NotAPage, check_page_text, read_page_text
from .headers import NOT_A_STORY, not_a_story
from .headlines import DASHES, looks_like_headline, split_headline_block
from .lines import SPACES, TERMINAL, ends_sentence, normalise
from .names import looks_like_person, split_names
from .parse import parse_page
from .plan import ImportPlan, column_names, import_key, plan_import
from .save import ImportReport, import_page
from .shapes import Byline, ParsedPage, ParsedStory, Skipped

__all__ = [
    "looks_like_person",
    "split_names",
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
    "check_page_text",
    "NotAPage",
    "ImportReport",
    "column_names",
    "import_key",
    "import_page",
    "ImportPlan",
    "plan_import",
]
