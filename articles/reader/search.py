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

import re
import unicodedata

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Article, Credit
from ..text import HAN_RUN, LATIN, bigrams, plain_text

MAX_QUERY = 64
CANDIDATES = 200


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


def _tsquery(words: list[str]) -> str:
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


def search(queryset, query: str):
    """Stories matching every term, best first, then newest."""
    words = terms(query)
    if not words:
        return queryset.none()
    # A byline name matches as a whole: 林晓峰 finds the stories he signed.
    named = Credit.objects.filter(
        article__isnull=False, correspondent__name__in=words
    ).values("article_id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # The stored, GIN-indexed column: matching and ranking read it and
        # never re-tokenise a story. Only the newest CANDIDATES are ranked,
        # which keeps a common word from ranking a third of the archive.
        vector = stored_vector()
        ts_query = SearchQuery(_tsquery(words), config="simple", search_type="raw")
        # The signed stories' ids first (none for a word that is no one's
        # name): as a subquery, PostgreSQL joined the credits with every
        # story, 1.8 s at a million stories.
        signed = named.values_list("article_id", flat=True).order_by("-article_id")
        signed = list(signed[:CANDIDATES])
        candidates = list(
            queryset.annotate(document=vector)
            .filter(document=ts_query)
            .order_by("-publish_at")
            .values_list("pk", flat=True)[:CANDIDATES]
        ) + list(queryset.filter(pk__in=signed).values_list("pk", flat=True))
        return (
            queryset.filter(pk__in=candidates)
            .annotate(rank=SearchRank(vector, ts_query))
            .order_by("-rank", "-publish_at")
        )
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
    headline_hit = Q()
    for word in words:
        headline_hit |= Q(headline__icontains=word)
    return (
        queryset.filter(match | Q(pk__in=named))
        .annotate(
            rank=Case(
                When(headline_hit, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "-publish_at")
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
