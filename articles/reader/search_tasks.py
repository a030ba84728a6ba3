"""Rebuilding the search index in the background (`manage.py
rebuild_search` enqueues it).

Every save keeps a story's search_text current, and PostgreSQL derives the
stored search_vector from it (migration 0012). A rebuild is for when the
rule that makes the text changes (articles.text.index_text) or rows were
written around the model: it works out search_text again for every story,
in batches, and writes only the rows whose text changed — search_text
alone, so no status or content is touched."""

from __future__ import annotations

from background.retries import background_task

from ..models import Article
from ..text import index_text, plain_text

BATCH = 500


def rebuild(batch_size: int = BATCH) -> dict:
    """Recompute search_text, `batch_size` stories at a time (keyset by
    primary key, so a million stories never sit in memory at once)."""
    seen = changed = 0
    last = 0
    fields = ["pk", "kicker", "headline", "subtitle", "summary", "body", "search_text"]
    while True:
        rows = list(
            Article.objects.filter(pk__gt=last)
            .order_by("pk")
            .only(*fields)[:batch_size]
        )
        if not rows:
            break
        stale = []
        for article in rows:
            text = index_text(
                article.kicker,
                article.headline,
                article.subtitle,
                article.summary,
                plain_text(article.body),
            )
            if text != article.search_text:
                article.search_text = text
                stale.append(article)
        Article.objects.bulk_update(stale, ["search_text"])
        seen += len(rows)
        changed += len(stale)
        last = rows[-1].pk
    return {"stories": seen, "changed": changed}


@background_task
def rebuild_search_index(batch_size: int = BATCH) -> dict:
    return rebuild(batch_size)
