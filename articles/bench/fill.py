"""Filling the bench database fast: stories written by articles.bench.corpus
in worker processes, sent to PostgreSQL with COPY, a chunk per transaction,
with their byline credits and taggit rows.

Every row is what the product would have written: published, live since its
publish_at (spread over the last three years, ids rising with time), the
body as the sanitiser keeps it, char_count and search_text as Article.save()
makes them; PostgreSQL itself fills the generated search_vector column.

A large fill drops the GIN indexes of the story table first and builds them
once at the end, which is several times faster than updating them row by
row. Which indexes were dropped is noted in a table of the bench database
(bench_dropped_index), so that a fill that was killed has them rebuilt by
the next run."""

from __future__ import annotations

import collections
import io
import multiprocessing
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Correspondent, Organisation
from articles.models import Article, Section
from articles.text import count_characters, index_text

from . import corpus

CHUNK = 2000
YEARS = 3
#: Fills of more stories than this drop the GIN indexes and rebuild them.
REBUILD_INDEXES_FROM = 50_000
ARTICLE_COLUMNS = (
    "id",
    "kind",
    "kicker",
    "headline",
    "subtitle",
    "summary",
    "body",
    "status",
    "publish_at",
    "first_published_at",
    "created_at",
    "updated_at",
    "version",
    "char_count",
    "section_id",
    "import_key",
    "search_text",
    "spike_reason",
    "original_author",
    "original_title",
    "original_url",
    "source",
    "source_name",
)
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class FillError(Exception):
    """The bench database cannot be filled; the message says why, in Chinese."""


def _field(value) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    # str.translate with a dict is slow on long texts; most need nothing.
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_ESCAPES)
    return text


def _line(values) -> str:
    return "\t".join(_field(v) for v in values) + "\n"


# What the worker processes need, set in the parent before they fork.
_plan: dict = {}


def _write_chunk(index: int) -> tuple[int, str, str, str]:
    """Stories of one chunk as COPY text: articles, credits, tagged items."""
    plan = _plan
    writer = corpus.Writer((plan["seed"], index))
    first = index * CHUNK
    last = min(first + CHUNK, plan["count"])
    articles, credits, tagged = io.StringIO(), io.StringIO(), io.StringIO()
    step = plan["span"] / plan["count"]
    for k in range(first, last):
        when = plan["start"] + step * (k + writer.rng.random())
        story = writer.story(timezone.localtime(when).date())
        body = story.body
        article_id = plan["first_id"] + k
        column = story.section.is_column
        articles.write(
            _line(
                (
                    article_id,
                    "column" if column else "story",
                    story.kicker,
                    story.headline,
                    story.subtitle,
                    story.summary,
                    body,
                    "published",
                    when.isoformat(),
                    when.isoformat(),
                    (when - timedelta(hours=2)).isoformat(),
                    when.isoformat(),
                    1,
                    count_characters(body),
                    plan["sections"][story.section.slug],
                    "",
                    index_text(
                        story.kicker,
                        story.headline,
                        story.subtitle,
                        story.summary,
                        story.plain,
                    ),
                    "",
                    "",
                    "",
                    "",
                    "own",
                    "",
                )
            )
        )
        for position, (person, role) in enumerate(story.credits):
            credits.write(
                _line((article_id, plan["people"][person.name], role, position))
            )
        for tag in story.tags:
            tagged.write(_line((article_id, plan["content_type"], plan["tags"][tag])))
    return last - first, articles.getvalue(), credits.getvalue(), tagged.getvalue()


def _in_order(pool, chunks, ahead: int):
    """The chunks' rows in order, written at most `ahead` chunks before the
    COPY takes them: a chunk is tens of megabytes of text, and the writers
    are faster than PostgreSQL."""
    waiting = collections.deque()
    for index in chunks:
        waiting.append(pool.apply_async(_write_chunk, (index,)))
        if len(waiting) >= ahead:
            yield waiting.popleft().get()
    while waiting:
        yield waiting.popleft().get()


def _copy(cursor, table: str, columns, data: str) -> None:
    cursor.copy_expert(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(data)
    )


def _check_columns() -> None:
    """A column added since this was written, required and without a
    default, would make every COPY fail: say so plainly instead."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'articles_article' AND is_nullable = 'NO' "
            "AND column_default IS NULL AND is_generated = 'NEVER' "
            "AND identity_generation IS NULL"
        )
        required = {row[0] for row in cursor.fetchall()}
    if missing := sorted(required - set(ARTICLE_COLUMNS)):
        raise FillError(
            "稿件表有写入程序不认识的必填列："
            + "、".join(missing)
            + "。请在 articles/bench/fill.py 的 ARTICLE_COLUMNS 中补上。"
        )


def _reference_rows(vocabulary: corpus.Vocabulary) -> dict:
    """Sections, tags and people, made once and found again by later fills."""
    sections = {}
    for order, section in enumerate(vocabulary.sections):
        row, _ = Section.objects.get_or_create(
            slug=section.slug,
            defaults={
                "name": section.name,
                "order": order,
                "is_column": section.is_column,
            },
        )
        sections[section.slug] = row.pk
    existing = dict(Tag.objects.values_list("name", "pk"))
    Tag.objects.bulk_create(
        [Tag(name=name, slug=name) for name in vocabulary.tags if name not in existing]
    )
    tags = dict(Tag.objects.filter(name__in=vocabulary.tags).values_list("name", "pk"))
    people = {}
    for person in vocabulary.people:
        affiliation = None
        if person.affiliation:
            affiliation, _ = Organisation.objects.get_or_create(name=person.affiliation)
        row, _ = Correspondent.objects.get_or_create(
            slug=person.name,
            defaults={
                "name": person.name,
                "kind": person.kind,
                "affiliation": affiliation,
            },
        )
        people[person.name] = row.pk
    return {"sections": sections, "tags": tags, "people": people}


def _gin_indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'articles_article' AND indexdef LIKE '%USING gin%'"
        )
        return cursor.fetchall()


def restore_dropped_indexes(out=None) -> float:
    """Build again the indexes a fill dropped (also after a killed fill).
    Returns the seconds it took."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dropped_index "
            "(name text PRIMARY KEY, definition text NOT NULL)"
        )
        cursor.execute("SELECT name, definition FROM bench_dropped_index")
        dropped = cursor.fetchall()
        if not dropped:
            return 0.0
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in dropped:
            if out:
                out(f"  重建索引 {name} …")
            definition = definition.replace(
                "CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1
            )
            cursor.execute(definition)
            cursor.execute("DELETE FROM bench_dropped_index WHERE name = %s", [name])
        cursor.execute("RESET maintenance_work_mem")
    return time.monotonic() - started


def _drop_gin_indexes(out) -> None:
    with connection.cursor() as cursor:
        for name, definition in _gin_indexes():
            out(f"  暂时删除索引 {name}，写完后重建")
            cursor.execute(
                "INSERT INTO bench_dropped_index (name, definition) VALUES (%s, %s) "
                "ON CONFLICT (name) DO NOTHING",
                [name, definition],
            )
            cursor.execute(f'DROP INDEX "{name}"')


def fill(wanted: int, *, out, seed: int = 42, workers: int = 2) -> dict | None:
    """Add published stories until there are `wanted`; `out` prints a line.
    Returns the timings, or None when there were enough already."""
    if connection.vendor != "postgresql":
        raise FillError("写入测试稿件需要 PostgreSQL。")
    _check_columns()
    restore_dropped_indexes(out)
    have = Article.objects.published().count()
    if have >= wanted:
        out(f"已有 {have:,} 篇已发布稿件，不再写入。")
        return None
    count = wanted - have
    out(f"写入 {count:,} 篇稿件（已有 {have:,} 篇）……")
    started = time.monotonic()
    vocabulary = corpus.vocabulary()
    now = timezone.now().replace(microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM articles_article")
        first_id = cursor.fetchone()[0] + 1
    _plan.clear()
    _plan.update(
        _reference_rows(vocabulary),
        seed=(seed, first_id),
        count=count,
        first_id=first_id,
        start=now - timedelta(days=365 * YEARS),
        span=timedelta(days=365 * YEARS) - timedelta(minutes=5),
        content_type=ContentType.objects.get_for_model(Article).pk,
    )
    if count >= REBUILD_INDEXES_FROM:
        _drop_gin_indexes(out)
    chunks = range((count + CHUNK - 1) // CHUNK)
    written = 0
    # The workers fork with this process's connection; it is closed first so
    # that no child ever touches it.
    connection.close()
    context = multiprocessing.get_context("fork")
    copy_seconds = 0.0
    try:
        with context.Pool(workers) as pool:
            for n, articles, credits, tagged in _in_order(pool, chunks, workers + 1):
                copy_started = time.monotonic()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    _copy(cursor, "articles_article", ARTICLE_COLUMNS, articles)
                    _copy(
                        cursor,
                        "articles_credit",
                        ("article_id", "correspondent_id", "role", "position"),
                        credits,
                    )
                    _copy(
                        cursor,
                        "taggit_taggeditem",
                        ("object_id", "content_type_id", "tag_id"),
                        tagged,
                    )
                copy_seconds += time.monotonic() - copy_started
                written += n
                elapsed = time.monotonic() - started
                out(
                    f"  已写入 {written:,} / {count:,} 篇，{elapsed:.0f} 秒，"
                    f"{written / elapsed:.0f} 篇/秒"
                )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM articles_article))"
            )
        index_seconds = restore_dropped_indexes(out)
    analyse_started = time.monotonic()
    with connection.cursor() as cursor:
        for table in ("articles_article", "articles_credit", "taggit_taggeditem"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return {
        "count": count,
        "seconds": time.monotonic() - started,
        "copy_seconds": copy_seconds,
        "index_seconds": index_seconds,
        "analyse_seconds": time.monotonic() - analyse_started,
    }


def describe(timings: dict) -> str:
    return (
        f"写入完成：{timings['count']:,} 篇，用时 {timings['seconds']:.0f} 秒"
        f"（COPY {timings['copy_seconds']:.0f} 秒，重建索引 "
        f"{timings['index_seconds']:.0f} 秒，VACUUM ANALYZE "
        f"{timings['analyse_seconds']:.0f} 秒；其余为生成文字，与 COPY 并行）。"
    )
