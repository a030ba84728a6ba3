"""Chinese search over live stories: two-character words and names, ranking,
marking, and bad input."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.reader import search

from .factories import (
    ArticleFactory,
    CreditFactory,
    PublishedArticleFactory,
)
from .reader_helpers import NOT_LIVE, section_of_stories_by_one_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("word", ["工会", "维权", "光伏", "程立言", "蒋梦柯"])
def test_search_finds_two_character_words_and_names(client, word):
    article = PublishedArticleFactory(
        headline="直溪小镇推动产业发展",
        body="<p>金坛区不断将创新理念融入光伏产业，工会帮助职工维权。</p>",
    )
    CreditFactory(article=article, correspondent__name="程立言")
    CreditFactory(article=article, correspondent__name="蒋梦柯", role="correspondent")
    PublishedArticleFactory(headline="无关的稿件", body="<p>天气晴朗。</p>")
    response = client.get(reverse("articles:search"), {"q": word})
    page = response.content.decode()
    assert "直溪小镇推动产业发展" in page, word
    assert "无关的稿件" not in page


def test_search_ranks_headline_matches_first_and_marks_matches(client):
    PublishedArticleFactory(headline="一篇普通稿件", body="<p>文中提到工会。</p>")
    PublishedArticleFactory(
        headline="工会服务站开放",
        body="<p>工会服务站今天开放。</p>",
        publish_at=timezone.now() - timezone.timedelta(days=5),
    )
    page = client.get(reverse("articles:search"), {"q": "工会"}).content.decode()
    assert page.index("工会服务站开放") < page.index("一篇普通稿件")
    assert "<mark>工会</mark>" in page


def test_more_of_the_words_in_the_headline_rank_higher_then_newest(client):
    def story(headline, days):
        PublishedArticleFactory(
            headline=headline,
            body="<p>工会组织职工参加光伏培训。</p>",
            publish_at=timezone.now() - timezone.timedelta(days=days),
        )

    story("今天的稿件", 0)
    story("光伏培训开班", 3)
    story("工会办起光伏培训", 9)
    story("工会走访企业", 1)
    page = client.get(reverse("articles:search"), {"q": "工会 光伏"}).content.decode()
    order = ["工会办起光伏培训", "工会走访企业", "光伏培训开班", "今天的稿件"]
    assert sorted(order, key=page.index) == order


def test_a_word_that_is_no_ones_name_finds_by_text_alone(client):
    CreditFactory(
        article=PublishedArticleFactory(headline="署名稿件"), correspondent__name="林晓"
    )
    PublishedArticleFactory(headline="文中提到林晓峰", body="<p>林晓峰说。</p>")
    page = client.get(reverse("articles:search"), {"q": "林晓峰"}).content.decode()
    assert "文中提到林晓峰" in page and "署名稿件" not in page
    page = client.get(reverse("articles:search"), {"q": "林晓"}).content.decode()
    assert "署名稿件" in page and "文中提到林晓峰" in page


@pytest.mark.parametrize("label", list(NOT_LIVE))
def test_search_never_finds_what_is_not_live(client, label):
    ArticleFactory(headline="光伏秘密稿件", **NOT_LIVE[label])
    page = client.get(reverse("articles:search"), {"q": "光伏"}).content.decode()
    assert "光伏秘密稿件" not in page


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles_article; --",
        '" OR 1=1 --',
        "工会' & '维权",
        "x" * 10000,
        "工" * 10000,
        "\x00\x01\x1f工会\x7f",
        "！！！，，，。。。",
        "&|!():*<>",
        "",
        "   ",
    ],
)
def test_bad_search_input_is_a_clean_result_never_a_500(client, query):
    PublishedArticleFactory(headline="工会新闻")
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert Article.objects.count() == 1


def test_every_naughty_string_as_a_search(client, blns):
    PublishedArticleFactory(headline="工会新闻")
    for text in blns:
        assert client.get(reverse("articles:search"), {"q": text}).status_code == 200


@pytest.mark.parametrize("n", [1, 30])
@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_search_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, n
):
    section_of_stories_by_one_person(n)
    # On PostgreSQL a word in few stories is looked for in each span of
    # months (search.newest_matches), a fixed number of small reads.
    spans = len(search.SPANS) + 1
    with django_assert_max_num_queries(8 + spans):
        assert client.get(reverse("articles:search"), {"q": "测试"}).status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the date walk and the GIN read are PostgreSQL's two plans",
)
@pytest.mark.parametrize("common", [True, False])
def test_both_ways_of_finding_the_newest_matches_give_the_same_order(
    client, monkeypatch, common
):
    from articles.reader import search

    monkeypatch.setattr(search, "COMMON_MATCHES", 0 if common else 10**9)
    for days in (3, 1, 7):
        PublishedArticleFactory(
            headline=f"{days}天前的光伏稿件",
            publish_at=timezone.now() - timezone.timedelta(days=days),
        )
    page = client.get(reverse("articles:search"), {"q": "光伏"}).content.decode()
    order = ["1天前的光伏稿件", "3天前的光伏稿件", "7天前的光伏稿件"]
    assert sorted(order, key=page.index) == order
