"""Chinese-aware search over published stories.

Chinese has no spaces between words, so the index holds both the words
jieba (rjieba) finds and every pair of adjacent Han characters: any two-
character word (工会, 维权, 光伏) and any name (林晓峰 → 林晓 晓峰) is found
however the segmenter cut the text. On PostgreSQL the tokens are a stored
`simple` tsvector column with a GIN index, written on every save
(migration 0012), so a search never re-tokenises a story, however long;
elsewhere the search falls back to substring matching, which finds the
same things more slowly.

A one-character term (工, or the A of A股) is a prefix match on the tokens,
on both databases: every character of a story begins one of its tokens
(articles.text.index_text), so it finds exactly the stories that hold it.
"""

from __future__ import annotations

import json
import re
import unicodedata

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
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


def stored_vector():
    """The stored search_vector column (migration 0012), which the model
    leaves undeclared so that loading a story never loads its vector."""
    from django.contrib.postgres.search import SearchVectorField

    return RawSQL(
        f'"{Article._meta.db_table}"."search_vector"',
        (),
        output_field=SearchVectorField(),
    )


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


def newest_first(matches, field="publish_at"):
    """How to order the matches newest first (by `field`, a date). A word in
    many stories is found soonest by walking the date index from today and
    testing each story; a rarer one by reading all its matches from the GIN
    index and sorting them. PostgreSQL makes that choice from its estimate,
    which for a word outside its statistics' commonest is a fixed 0.5 % of
    the archive, and at 1,000,000 stories it walked 110,000 stories for a
    name in 1,800 of them (a second). So its estimate only decides whether a
    word is common; for the others the date is wrapped in COALESCE, an order
    no index gives, and the GIN index is read."""
    plan = json.loads(matches.values("pk").explain(format="json"))
    estimated = plan[0]["Plan"]["Plan Rows"]
    if estimated >= COMMON_MATCHES:
        return F(field).desc()
    return Coalesce(field, "created_at").desc()


def search(queryset, query: str):
    """Stories matching every term, or signed by a name among them: those
    with more of the words in their headline first, then newest. The same
    order on both databases."""
    words = terms(query)
    if not words:
        return queryset.none()
    ranked = queryset.defer("search_text").annotate(rank=headline_rank(words))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        # The stored, GIN-indexed column: matching reads it and never
        # re-tokenises a story. Only the newest CANDIDATES matches (and
        # signed stories) are ordered, which keeps a common word from
        # ordering a third of the archive.
        ts_query = SearchQuery(tsquery(words), config="simple", search_type="raw")
        matches = queryset.annotate(document=stored_vector()).filter(document=ts_query)
        candidates = list(
            matches.order_by(newest_first(matches)).values_list("pk", flat=True)[
                :CANDIDATES
            ]
        ) + list(signed_by(words)[:CANDIDATES])
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
