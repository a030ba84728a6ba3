"""Chinese-aware search over published stories.

Chinese has no spaces between words, so the index holds both the words
jieba (rjieba) finds and every pair of adjacent Han characters: any two-
character word (工会, 维权, 光伏) and any name (林晓峰 → 林晓 晓峰) is found
however the segmenter cut the text. On PostgreSQL the tokens are a stored
`simple` tsvector column, written on every save (migration 0012), so a
search never re-tokenises a story, however long. Its GIN index also holds
a token for each story's month (migration 0020), so the newest matches are
found month by month without reading the dates of all the others.
Elsewhere the search falls back to substring matching, which finds the
same things more slowly.

A one-character term (工, or the A of A股) is a prefix match on the tokens,
on both databases: every character of a story begins one of its tokens
(articles.text.index_text), so it finds exactly the stories that hold it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Min, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Correspondent

from ..models import Article, Credit
from ..text import HAN_RUN, LATIN, bigrams, plain_text

MAX_QUERY = 64
CANDIDATES = 200
#: A word PostgreSQL expects in more stories than this is common: its newest
#: matches are found by walking the date index (`newest_first`).
COMMON_MATCHES = 20_000


def clean_query(raw: str) -> str:
    """The query as a reader meant it: no control characters, bounded."""
    text = "".join(
        ch for ch in (raw or "") if unicodedata.category(ch)[0] != "C"
    ).strip()
    return text[:MAX_QUERY]


def terms(query: str) -> list[str]:
    """Search terms: Han runs and Latin words, in order, without repeats."""
    found = HAN_RUN.findall(query.lower()) + LATIN.findall(query.lower())
    return list(dict.fromkeys(found))


def tsquery(words: list[str]) -> str:
    """Every word as the stored tokens hold it: a Han word as its adjacent
    pairs, one character as a token prefix (articles.text.index_text)."""
    parts = []
    for word in words:
        if len(word) == 1:
            parts.append(f"'{word}':*")
            continue
        grams = bigrams(word) if HAN_RUN.fullmatch(word) else [word]
        parts.append("(" + " & ".join(f"'{g}'" for g in grams) + ")")
    return " & ".join(parts)


#: The story's date as the search index's month tokens take it.
_DATED = (
    f'timezone(\'UTC\', COALESCE("{Article._meta.db_table}"."publish_at", '
    f'"{Article._meta.db_table}"."created_at"))'
)
#: What the search index holds (migration 0020, whose expression this must
#: repeat for PostgreSQL to use the index): the stored vector, which the
#: model leaves undeclared so that loading a story never loads it, and a
#: token '@yyyymm' for the month of the story's date.
DOCUMENT = (
    f'("{Article._meta.db_table}"."search_vector" || array_to_tsvector('
    f"ARRAY['@' || (date_part('year', {_DATED}) * 100 + "
    f"date_part('month', {_DATED}))::integer::text]))"
)
#: The spans of months a search looks through for its newest matches, newest
#: first: this month (with the year ahead, for stories scheduled ahead),
#: then the 3, 9, 27, 81 and 243 months before; then the rest.
SPANS = (3, 9, 27, 81, 243)
AHEAD = 12


def holds(raw: str, months: str | None = None) -> RawSQL:
    """The document matches the raw query (`tsquery`), and when `months` is
    given (a tsquery of month tokens), one of those months."""
    if months is None:
        return RawSQL(
            f"{DOCUMENT} @@ to_tsquery('simple', %s)",
            (raw,),
            output_field=BooleanField(),
        )
    return RawSQL(
        f"{DOCUMENT} @@ (to_tsquery('simple', %s) && %s::tsquery)",
        (raw, months),
        output_field=BooleanField(),
    )


def month_spans(now: datetime) -> list[tuple[datetime, datetime, str]]:
    """The spans a search looks through (SPANS), newest first, each as its
    first moment, the moment after it, and a tsquery of its month tokens."""

    def moment(month: int) -> datetime:
        return datetime(month // 12, month % 12 + 1, 1, tzinfo=UTC)

    def months(first: int, end: int) -> str:
        return " | ".join(f"'@{m // 12 * 100 + m % 12 + 1}'" for m in range(first, end))

    now = now.astimezone(UTC)
    this = now.year * 12 + now.month - 1
    bounds = [(this, this + AHEAD + 1)]
    for size in SPANS:
        end = bounds[-1][0]
        bounds.append((end - size, end))
    return [(moment(a), moment(b), months(a, b)) for a, b in bounds]


def newest_matches(queryset, raw: str, count: int, also=None) -> list[int]:
    """The ids of the newest `count` stories of `queryset` (by publish_at,
    or created_at for a story never published) that match the raw query,
    or `also` (a Q or boolean expression), newest first.

    Each span of months is asked in turn, the index giving just the
    span's matches, until `count` are found: a pair of words in 30,000
    stories has its newest 200 in this month or the last, and the others
    are never read. PostgreSQL, asked for the newest of all matches, read
    the date of every one. The stories `also` names (a byline's, a few
    thousand at most) are read once, and the two lists merged."""
    dated = queryset.annotate(dated=Coalesce("publish_at", "created_at"))

    def newest(stories, wanted):
        return list(
            stories.order_by("-dated", "-pk").values_list("dated", "pk")[:wanted]
        )

    found: list[tuple] = []
    # Spans before the oldest story are left to the last query, which looks
    # at whatever the spans asked did not cover (an unpublished story older
    # than every published one among it).
    oldest = Article.objects.aggregate(oldest=Min("publish_at"))["oldest"]
    spans = [
        span
        for n, span in enumerate(month_spans(timezone.now()))
        if n == 0 or oldest is None or span[1] > oldest
    ]
    for first, end, months in spans:
        span = dated.filter(holds(raw, months), dated__gte=first, dated__lt=end)
        found += newest(span, count - len(found))
        if len(found) >= count:
            break
    else:
        rest = dated.filter(holds(raw)).exclude(
            dated__gte=spans[-1][0], dated__lt=spans[0][1]
        )
        found += newest(rest, count - len(found))
    if also is not None:
        found = sorted(set(found + newest(dated.filter(also), count)), reverse=True)
    return [pk for _, pk in found[:count]]


def one_character(word: str) -> Q:
    """A token of the stored search text begins with `word`."""
    return Q(search_text__startswith=word) | Q(search_text__contains=" " + word)


def signed_by(words: list[str]):
    """The stories signed by someone whose name is one of the words,
    newest first. The people are looked up first, by their indexed name:
    asked in one join, PostgreSQL walked every credit newest first looking
    for a name no one has."""
    people = list(
        Correspondent.objects.filter(name__in=words).values_list("pk", flat=True)
    )
    if not people:
        return Credit.objects.none().values_list("article_id", flat=True)
    return (
        Credit.objects.filter(correspondent_id__in=people, article__isnull=False)
        .order_by("-article_id")
        .values_list("article_id", flat=True)
    )


def headline_rank(words: list[str]):
    """How many of the words the headline holds: the stories that are about
    the words before the ones that mention them, read from the headline
    alone rather than from every candidate's whole text."""
    hits = [
        Case(
            When(headline__icontains=word, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    return sum(hits[1:], hits[0])


def common(matches) -> bool:
    """Whether PostgreSQL expects the matches in so many stories that their
    newest are found soonest by walking the date index from today, testing
    each story. For a word outside its statistics' commonest the estimate is
    a fixed 0.5 % of the archive (at 1,000,000 stories it walked 110,000
    stories for a name in 1,800 of them, a second), so it only decides
    whether a word is common; the others are read span by span from the
    search index (`newest_matches`)."""
    plan = json.loads(matches.values("pk").explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"] >= COMMON_MATCHES


def search(queryset, query: str):
    """Stories matching every term, or signed by a name among them: those
    with more of the words in their headline first, then newest. The same
    order on both databases."""
    words = terms(query)
    if not words:
        return queryset.none()
    ranked = queryset.defer("search_text").annotate(rank=headline_rank(words))
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed column: matching reads it and never
        # re-tokenises a story. Only the newest CANDIDATES matches (and
        # signed stories) are ordered, which keeps a common word from
        # ordering a third of the archive.
        raw = tsquery(words)
        matches = queryset.filter(holds(raw))
        if common(matches):
            newest = list(
                matches.order_by("-publish_at").values_list("pk", flat=True)[
                    :CANDIDATES
                ]
            )
        else:
            newest = newest_matches(queryset, raw, CANDIDATES)
        candidates = newest + list(signed_by(words)[:CANDIDATES])
        return ranked.filter(pk__in=candidates).order_by("-rank", "-publish_at")
    match = Q()
    for word in words:
        if len(word) == 1:
            match &= one_character(word)
            continue
        match &= (
            Q(headline__icontains=word)
            | Q(kicker__icontains=word)
            | Q(subtitle__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
        )
    return ranked.filter(match | Q(pk__in=signed_by(words))).order_by(
        "-rank", "-publish_at"
    )


def snippet(article, words: list[str], width: int = 50) -> str:
    """A piece of the story around the first match, matches marked."""
    text = " ".join(plain_text(article.body).split()) or article.summary
    lowered = text.lower()
    positions = [lowered.find(w) for w in words if lowered.find(w) >= 0]
    start = max(0, min(positions) - width // 2) if positions else 0
    piece = text[start : start + width * 2]
    html = escape(piece)
    for word in sorted(words, key=len, reverse=True):
        html = re.sub(
            re.escape(escape(word)),
            lambda m: f"<mark>{m.group(0)}</mark>",
            html,
            flags=re.IGNORECASE,
        )
    prefix = "…" if start else ""
    suffix = "…" if start + width * 2 < len(text) else ""
    return mark_safe(prefix + html + suffix)
