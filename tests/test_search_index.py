"""The search index: one-character queries the same on SQLite and PostgreSQL,
kept current by every save, and on PostgreSQL a stored, GIN-indexed vector
that a search reads instead of tokenising stories at query time.

Run on both databases: `DATABASE_URL=postgres://… pytest tests/test_search_index.py`."""

import random
import re
from datetime import UTC

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from articles import editing
from articles.models import Article
from articles.reader import search
from articles.reader.views import published_stories

from .factories import ArticleFactory, PublishedArticleFactory, UserFactory
from .reader_helpers import NOT_LIVE

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"
)


def found(query):
    return set(
        search.search(published_stories(), query).values_list("headline", flat=True)
    )


def test_a_one_character_query_finds_every_story_holding_the_character(client):
    PublishedArticleFactory(headline="零件加工", body="<p>车间里忙着加工。</p>")
    PublishedArticleFactory(headline="一字成句", body="<p>甲，工，乙。</p>")
    PublishedArticleFactory(headline="工会服务站开放", body="<p>今天开放。</p>")
    PublishedArticleFactory(
        headline="道路改造", kicker="夜间施工", body="<p>请绕行。</p>"
    )
    PublishedArticleFactory(headline="天气晴朗", body="<p>气温回升。</p>")
    ArticleFactory(headline="未发的工作稿", **NOT_LIVE["draft"])
    assert found("工") == {"零件加工", "一字成句", "工会服务站开放", "道路改造"}
    html = client.get(reverse("articles:search"), {"q": "工"}).content.decode()
    assert "道路改造" in html and "天气晴朗" not in html


def test_one_character_terms_combine_with_words_and_latin_letters():
    PublishedArticleFactory(headline="A股收盘上涨", body="<p>沪指上涨。</p>")
    PublishedArticleFactory(headline="银行网点", body="<p>bank 服务升级。</p>")
    PublishedArticleFactory(headline="苹果丰收", body="<p>apple 出口。</p>")
    PublishedArticleFactory(headline="工会维权", body="<p>股东大会。</p>")
    assert found("a") == {"A股收盘上涨", "苹果丰收"}
    assert found("a 股") == {"A股收盘上涨"}
    assert found("股 维权") == {"工会维权"}
    assert found("维权 工") == {"工会维权"}


def test_an_edit_through_the_editing_service_updates_what_search_finds():
    editor = UserFactory(role=roles.EDITOR)
    story = ArticleFactory(
        headline="光伏电站并网", body="<p>光伏项目投产。</p>", created_by=editor
    )
    story.headline, story.body = "风电场开工", "<p>风电项目开工。</p>"
    editing.save_edit(
        story, by=editor, base_version=story.version, fields=["headline", "body"]
    )
    story.refresh_from_db()
    assert "风电" in story.search_text and "光伏" not in story.search_text
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector @@ to_tsquery('simple', '风电'), "
                "search_vector @@ to_tsquery('simple', '光伏') "
                "FROM articles_article WHERE id = %s",
                [story.pk],
            )
            assert cursor.fetchone() == (True, False)


def huge_body(characters):
    """Varied Han text: nearly every adjacent pair is a token of its own,
    the densest a story's index can be."""
    rng = random.Random(7)
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    text = "".join(rng.choice(alphabet) for _ in range(characters))
    return "".join(f"<p>{text[i : i + 500]}。</p>" for i in range(0, len(text), 500))


@on_postgresql
@pytest.mark.parametrize("query", ["工会", "工"])
def test_a_search_reads_the_stored_vector_through_its_gin_index(query):
    PublishedArticleFactory(headline="工会服务站开放")
    with CaptureQueriesContext(connection) as queries:
        assert found(query) == {"工会服务站开放"}
    # The candidates query: the one that matches the vector (after the
    # EXPLAIN that asks how common the words are).
    (matching,) = [
        q["sql"]
        for q in queries.captured_queries
        if "@@" in q["sql"] and not q["sql"].startswith("EXPLAIN")
    ][:1]
    assert search.DOCUMENT in matching
    assert not re.search(r"(?<!array_)to_tsvector", matching)
    with connection.cursor() as cursor:
        # A table this small is read whole, or walked by date; forbidding
        # that shows the GIN index answers the match (on a large archive
        # the planner picks it for a rare word unasked).
        cursor.execute("SET LOCAL enable_seqscan = off")
        months = search.month_spans(timezone.now())[0][2]
        cursor.execute(
            f"EXPLAIN SELECT id FROM articles_article WHERE {search.DOCUMENT} "
            "@@ (to_tsquery('simple', %s) && %s::tsquery)",
            [search.tsquery([query]), months],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on articles_article_search_dated" in plan, plan


@on_postgresql
def test_a_huge_story_saves_and_stays_out_of_the_query_time_work():
    # 200,000 varied characters tokenise to more than a tsvector may hold
    # (1 MB); the stored column keeps the first part, so the save succeeds.
    huge = PublishedArticleFactory(
        headline="特大篇幅的调查报告", body=huge_body(200_000)
    )
    PublishedArticleFactory(headline="调查组进驻工地")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT length(search_text), pg_column_size(search_vector) "
            "FROM articles_article WHERE id = %s",
            [huge.pk],
        )
        text_length, vector_bytes = cursor.fetchone()
    assert text_length > 500_000 and vector_bytes < 1_048_576
    # Tokenising the whole text, as searches did at query time, cannot even
    # be done: the vector would pass PostgreSQL's 1 MB limit.
    with pytest.raises(DatabaseError, match="too long for tsvector"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT to_tsvector('simple', search_text) "
                "FROM articles_article WHERE id = %s",
                [huge.pk],
            )
    with CaptureQueriesContext(connection) as queries:
        assert found("调查") == {"特大篇幅的调查报告", "调查组进驻工地"}
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    # No story's text is tokenised: the only tsvector made at query time is
    # a month's token (search.DOCUMENT).
    assert not re.search(r"(?<!array_)to_tsvector", sql) and "search_text" not in sql


def test_the_month_spans_run_back_from_the_year_ahead_without_a_gap():
    spans = search.month_spans(timezone.datetime(2026, 12, 15, 3, 0, tzinfo=UTC))
    first, end, months = spans[0]
    # This month and the twelve ahead, in UTC, across the turn of the year.
    assert (first, end) == (
        timezone.datetime(2026, 12, 1, tzinfo=UTC),
        timezone.datetime(2028, 1, 1, tzinfo=UTC),
    )
    assert months.split(" | ")[:2] == ["'@202612'", "'@202701'"]
    assert months.split(" | ")[-1] == "'@202712'"
    assert spans[1][2] == "'@202609' | '@202610' | '@202611'"
    assert [len(m.split(" | ")) for _, _, m in spans] == [13, *search.SPANS]
    for (newer_first, _, _), (_, older_end, _) in zip(spans, spans[1:], strict=False):
        assert older_end == newer_first


@on_postgresql
@pytest.mark.parametrize("count", [1, 3, 5, 8])
def test_the_newest_matches_come_span_by_span_in_date_order(count):
    # Stories months and decades apart, one scheduled ahead, one unpublished
    # (dated by when it was filed), one published just after midnight in
    # the site's time zone (the month before, in UTC), and one that does not
    # match: the spans give what sorting every match by date gives.
    now = timezone.now()
    dates = [
        now + timezone.timedelta(days=40),
        now - timezone.timedelta(days=2),
        now - timezone.timedelta(days=100),
        now - timezone.timedelta(days=365 * 5),
        timezone.datetime(1987, 6, 1, 9, 0, tzinfo=UTC),
    ]
    stories = [
        PublishedArticleFactory(headline=f"防汛简报{n}", publish_at=when)
        for n, when in enumerate(dates)
    ]
    stories.append(ArticleFactory(headline="防汛草稿"))
    # Never published, and filed before any story was published: the spans
    # stop at the oldest publication, and the last query still finds it.
    old_draft = ArticleFactory(headline="防汛旧稿")
    Article.objects.filter(pk=old_draft.pk).update(
        created_at=timezone.datetime(1980, 1, 2, tzinfo=UTC)
    )
    old_draft.refresh_from_db()
    stories.append(old_draft)
    midnight = timezone.datetime(
        now.year - 1, 3, 1, 0, 30, tzinfo=timezone.get_current_timezone()
    )
    stories.append(PublishedArticleFactory(headline="防汛月初", publish_at=midnight))
    PublishedArticleFactory(headline="抗旱简报", publish_at=now)

    def dated(story):
        return story.publish_at or story.created_at

    expected = [s.pk for s in sorted(stories, key=dated, reverse=True)][:count]
    raw = search.tsquery(["防汛"])
    assert search.newest_matches(Article.objects.all(), raw, count) == expected
    live = published_stories()
    assert (
        search.newest_matches(live, raw, count)
        == [
            s.pk
            for s in sorted(stories, key=dated, reverse=True)
            if s.status == Article.Status.PUBLISHED and s.publish_at <= now
        ][:count]
    )


@on_postgresql
def test_a_story_moves_to_its_new_month_when_its_date_changes():
    story = PublishedArticleFactory(
        headline="防汛简报",
        publish_at=timezone.datetime(2001, 1, 5, tzinfo=UTC),
    )
    PublishedArticleFactory(
        headline="防汛通知", publish_at=timezone.now() - timezone.timedelta(days=1)
    )
    raw = search.tsquery(["防汛"])
    assert search.newest_matches(Article.objects.all(), raw, 1) != [story.pk]
    story.publish_at = timezone.now() - timezone.timedelta(minutes=5)
    story.save(update_fields=["publish_at"])
    assert search.newest_matches(Article.objects.all(), raw, 1) == [story.pk]


@on_postgresql
def test_an_unpublished_story_older_than_every_publication_is_still_found():
    # Every story published this week: only this month's span is asked,
    # and the last query, over all the rest, finds the 2020 draft.
    published = PublishedArticleFactory(headline="防汛简报")
    draft = ArticleFactory(headline="防汛草稿")
    Article.objects.filter(pk=draft.pk).update(
        created_at=timezone.datetime(2020, 5, 1, tzinfo=UTC)
    )
    raw = search.tsquery(["防汛"])
    found = search.newest_matches(Article.objects.all(), raw, 5)
    assert found == [published.pk, draft.pk]


@on_postgresql
@pytest.mark.parametrize("count", [2, 4, 10])
def test_the_stories_named_beside_the_words_merge_in_date_order(count):
    # The admin's search: stories holding the words, and stories a byline
    # names (`also`), the newest of both, each once.
    from articles.models import Credit

    from .factories import CreditFactory

    now = timezone.now()
    days = {"防汛简报": 1, "署名稿": 2, "防汛署名稿": 3}
    days |= {"防汛旧闻": 400, "旧署名稿": 800}
    stories = {
        headline: PublishedArticleFactory(
            headline=headline, publish_at=now - timezone.timedelta(days=ago)
        )
        for headline, ago in days.items()
    }
    reporter = CreditFactory(article=stories["署名稿"]).correspondent
    for headline in ("防汛署名稿", "旧署名稿"):
        CreditFactory(article=stories[headline], correspondent=reporter)
    signed = Q(pk__in=Credit.objects.filter(correspondent=reporter).values("article"))
    found = search.newest_matches(
        Article.objects.all(), search.tsquery(["防汛"]), count, also=signed
    )
    newest = sorted(days, key=days.get)
    assert found == [stories[headline].pk for headline in newest][:count]
