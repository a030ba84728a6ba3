"""The admin at a million stories: the story list, its filters, search and
pages, the dashboard and the story page never count the whole stories
table; counts are capped (articles/admin/story_list.py), and any page
number gives a page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from articles.admin.story_list import CappedPaginator
from articles.models import Article
from articles.reader.search import month_spans
from articles.templatetags.story_list import periods

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

TABLE = Article._meta.db_table


@pytest.fixture
def editor(client, role_user):
    user = role_user(roles.EDITOR)
    client.force_login(user)
    return user


@pytest.fixture
def stories(editor):
    section = SectionFactory()
    made = [
        ArticleFactory(
            headline=f"职工服务站第{n}篇", section=section, created_by=editor
        )
        for n in range(5)
    ]
    CreditFactory(article=made[0], correspondent=CorrespondentFactory(name="林晓峰"))
    Article.objects.filter(pk=made[1].pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now()
    )
    return made


def unbounded_counts(queries):
    """The captured queries that count rows of the stories table without a
    LIMIT inside: a COUNT over the whole (filtered) table. COUNT(...)
    FILTER, as the facets send, counts too."""
    found = []
    for query in queries:
        sql = query["sql"]
        if f'"{TABLE}"' not in sql or not re.search(r"\bCOUNT\(", sql, re.I):
            continue
        if not re.search(r"\bLIMIT\b", sql, re.I):
            found.append(sql)
    return found


def changelist_url(query=""):
    return reverse("admin:articles_article_changelist") + query


#: The story list plain, on page 2, with each filter, searched, with the
#: facets asked for (they are off) and "show all".
LISTS = [
    "",
    "?p=2",
    "?state=draft",
    "?state=scheduled",
    "?state=published",
    "?spiked=1",
    "?kind__exact=brief",
    "?section__id__exact=1",
    "?desk__isnull=True",
    "?created_by__id__exact=1",
    "?publish_at__year=2026",
    "?q=职工",
    "?q=林晓峰",
    "?q=职工&state=draft",
    "?_facets=True",
    "?all=",
]


def test_the_story_list_never_counts_the_whole_table(client, stories):
    for query in LISTS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(changelist_url(query))
        assert response.status_code == 200, query
        assert unbounded_counts(captured.captured_queries) == [], query
        # The counts it does send are over a LIMITed subquery.
        assert any(
            "COUNT(" in q["sql"].upper() and "LIMIT" in q["sql"].upper()
            for q in captured.captured_queries
        ), query


def test_the_dashboard_and_the_story_page_never_count_the_whole_table(client, stories):
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_change", args=[stories[0].pk]),
    ]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert unbounded_counts(captured.captured_queries) == [], url


def test_the_search_finds_headlines_and_byline_names(client, stories):
    found = client.get(changelist_url("?q=林晓峰")).context["cl"].result_list
    assert [a.pk for a in found] == [stories[0].pk]
    found = client.get(changelist_url("?q=职工服务站")).context["cl"]
    assert found.result_count == 5
    assert client.get(changelist_url("?q=不存在")).context["cl"].result_count == 0


def test_counts_and_pages_are_exact_under_the_cap(client, stories, monkeypatch):
    monkeypatch.setattr("articles.admin.article.ArticleAdmin.list_per_page", 2)
    response = client.get(changelist_url("?p=2"))
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.capped, cl.paginator.num_pages) == (
        5,
        False,
        3,
    )
    page = response.content.decode()
    assert "共 5 篇稿件" in page
    assert "1,000+" not in page
    links = re.findall(r'<a role="button" href="\?p=(\d)">', page)
    assert links == ["1", "3"]  # and 2, the page shown, without a link
    assert len(cl.result_list) == 2


def test_beyond_the_cap_the_list_says_so_and_stops(client, stories, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr("articles.admin.article.ArticleAdmin.list_per_page", 2)
    response = client.get(changelist_url())
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.capped, cl.paginator.num_pages) == (
        3,
        True,
        2,
    )
    page = response.content.decode()
    assert "共 3+ 篇稿件" in page
    assert "只列出最新的 3+ 篇" in page
    # No "show all" (it would list every story) and no "select all 3".
    assert not cl.can_show_all and 'class="showall"' not in page
    assert "Select all" not in page and "选择全部" not in page
    assert len(client.get(changelist_url("?all=")).context["cl"].result_list) == 2
    # The search's "N found (M in all)" is capped alike.
    searched = client.get(changelist_url("?q=林晓峰")).content.decode()
    assert "找到 1 篇" in searched and "共 3+ 篇" in searched


def test_a_bad_page_number_shows_a_page(client, stories, monkeypatch):
    monkeypatch.setattr("articles.admin.article.ArticleAdmin.list_per_page", 2)
    for asked, shown, warned in [
        ("?p=abc", 1, False),
        ("?p=", 1, False),
        ("?p=99999", 3, True),
        ("?p=0", 1, True),
        ("?p=-4", 1, True),
        ("?p=99999999999999999999999", 3, True),
    ]:
        response = client.get(changelist_url(asked), follow=True)
        assert response.status_code == 200, asked
        cl = response.context["cl"]
        assert cl.page_num == shown, asked
        assert len(cl.result_list) == (1 if shown == 3 else 2), asked
        page = response.content.decode()
        assert (f"这里显示的是第 {shown} 页" in page) is warned, asked


def test_the_date_hierarchy_lists_the_periods_holding_stories(client, stories):
    tz = timezone.get_current_timezone()
    for article, moment in zip(
        stories,
        [
            timezone.datetime(2019, 3, 5, 1, 0, tzinfo=tz),
            timezone.datetime(2019, 3, 31, 23, 30, tzinfo=tz),
            timezone.datetime(2021, 12, 31, 23, 59, tzinfo=tz),
            timezone.datetime(2024, 2, 29, 12, 0, tzinfo=tz),
            None,
        ],
        strict=True,
    ):
        Article.objects.filter(pk=article.pk).update(publish_at=moment)
    in_play = Article.objects.in_play()
    assert [p.year for p in periods(in_play, "publish_at", "year")] == [
        2019,
        2021,
        2024,
    ]
    year = in_play.filter(publish_at__year=2019)
    assert [p.month for p in periods(year, "publish_at", "month")] == [3]
    month = year.filter(publish_at__month=3)
    assert [p.day for p in periods(month, "publish_at", "day")] == [5, 31]
    page = client.get(changelist_url()).content.decode()
    assert "?publish_at__year=2021" in page and "?publish_at__year=2020" not in page
    response = client.get(changelist_url("?publish_at__year=2019"))
    page = response.content.decode()
    assert "publish_at__month=3" in page and "publish_at__month=4" not in page
    # Browsing by date lists in publish order, newest first.
    listed = [a.pk for a in response.context["cl"].result_list]
    assert listed == [stories[1].pk, stories[0].pk]


def test_a_search_needs_every_word_in_the_text_or_the_byline(client, editor):
    both = ArticleFactory(headline="防汛物资运抵河堤", created_by=editor)
    ArticleFactory(headline="防汛演练今日举行", created_by=editor)
    signed = ArticleFactory(headline="河堤加固完成", created_by=editor)
    CreditFactory(article=signed, correspondent=CorrespondentFactory(name="周防汛"))
    ArticleFactory(headline="老街剪纸", created_by=editor).credits.create(
        correspondent=CorrespondentFactory(name="吴防汛"), position=0
    )

    found = client.get(changelist_url("?q=防汛 河堤")).context["cl"].result_list
    # 防汛 and 河堤 in the headline, or 防汛 in the byline and 河堤 in the
    # headline; neither the story without 河堤 nor the one without it
    # anywhere but a byline that holds only 防汛.
    assert {story.pk for story in found} == {both.pk, signed.pk}


def test_a_search_past_the_cap_lists_the_newest_matches(client, stories, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr("articles.admin.article.ArticleAdmin.list_per_page", 2)
    # Newest by date and newest edited alike (years apart, so that on
    # PostgreSQL they fall in different spans of the search's month tokens).
    for n, story in enumerate(stories):
        Article.objects.filter(pk=story.pk).update(
            updated_at=timezone.now() - timezone.timedelta(hours=n),
            publish_at=timezone.now() - timezone.timedelta(days=400 * n),
        )
    response = client.get(changelist_url("?q=职工服务站"))
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.capped) == (3, True)
    assert [story.pk for story in cl.result_list] == [stories[0].pk, stories[1].pk]
    assert "只列出最新的 3+ 篇" in response.content.decode()
    last = client.get(changelist_url("?q=职工服务站&p=2")).context["cl"]
    assert [story.pk for story in last.result_list] == [stories[2].pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector is PostgreSQL's"
)
def test_the_search_vector_is_read_once_per_list(client, stories):
    # The count, the page and the date hierarchy work from the matches'
    # ids, not each from the search vector (seconds at a million stories):
    # the index is read once, span of months by span, and never after.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(changelist_url("?q=职工服务站"))
    assert response.context["cl"].result_count == 5
    sql = [q["sql"] for q in captured.captured_queries]
    reads = [n for n, query in enumerate(sql) if "@@" in query]
    spans = len(month_spans(timezone.now())) + 1  # and the months before them
    assert reads == list(range(reads[0], reads[-1] + 1)) and len(reads) <= spans
    assert "LIMIT 1001" in sql[reads[0]]


def test_a_searched_lists_date_hierarchy_comes_from_its_stories(
    client, stories, monkeypatch
):
    # Several pages of matches: the periods come from the matches' dates,
    # in the site's time zone (23:30 on 31 March is March, not April).
    monkeypatch.setattr("articles.admin.article.ArticleAdmin.list_per_page", 2)
    tz = timezone.get_current_timezone()
    moments = [
        timezone.datetime(2019, 3, 5, 1, 0, tzinfo=tz),
        timezone.datetime(2019, 3, 31, 23, 30, tzinfo=tz),
        timezone.datetime(2021, 12, 31, 23, 59, tzinfo=tz),
        timezone.datetime(2024, 2, 29, 12, 0, tzinfo=tz),
        None,
    ]
    for article, moment in zip(stories, moments, strict=True):
        Article.objects.filter(pk=article.pk).update(publish_at=moment)
    page = client.get(changelist_url("?q=职工服务站")).content.decode()
    years = sorted(set(re.findall(r"publish_at__year=(\d+)", page)))
    assert years == ["2019", "2021", "2024"]
    page = client.get(changelist_url("?q=职工服务站&publish_at__year=2019"))
    assert re.findall(r"publish_at__month=(\d+)", page.content.decode()) == ["3"]
    page = client.get(
        changelist_url("?q=职工服务站&publish_at__year=2019&publish_at__month=3")
    ).content.decode()
    assert sorted(set(re.findall(r"publish_at__day=(\d+)", page))) == ["31", "5"]
