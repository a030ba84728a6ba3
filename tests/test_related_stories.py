"""A story's related stories: the live stories of its month sharing the
most of its tags, found among each tag's stories filed just before and
after it (a bounded read of the tag's index, however large the archive)."""

import pytest
from django.db import connection
from django.utils import timezone

from articles.reader import views
from articles.reader.views import page_relations, page_story, related_stories

from .factories import ArticleFactory, PublishedArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def story(headline, *tags, days=0, **fields):
    article = PublishedArticleFactory(
        headline=headline,
        publish_at=timezone.now() - timezone.timedelta(days=10 - days),
        **fields,
    )
    article.tags.add(*tags)
    return article


def headlines_related_to(article):
    return [s.headline for s in related_stories(page_relations(page_story(article.pk)))]


def test_more_shared_tags_win_and_the_winners_are_shown_newest_first():
    story("只有工会", "工会", days=1)
    story("工会和就业", "工会", "就业", days=2)
    article = story("本稿", "工会", "就业", days=3)
    story("后来的就业稿", "就业", days=4)
    assert headlines_related_to(article) == ["后来的就业稿", "工会和就业", "只有工会"]
    # Five at most, ranked by tags shared before date.
    for n in range(5):
        story(f"又一篇{n}", "工会", "就业", days=5)
    assert headlines_related_to(article) == [f"又一篇{n}" for n in (4, 3, 2, 1, 0)]


def test_only_live_stories_of_the_same_month_are_related():
    article = story("本稿", "防汛", days=5)
    story("四十天前的防汛稿", "防汛", days=-35)
    ArticleFactory(headline="还没发布的防汛稿").tags.add("防汛")
    story("已撤下的防汛稿", "防汛", days=4, status="withdrawn")
    story("一周后的防汛稿", "防汛", days=9)
    assert headlines_related_to(article) == ["一周后的防汛稿"]


def test_only_each_tags_nearest_stories_compete(monkeypatch):
    monkeypatch.setattr(views, "RELATED_NEIGHBOURS", 2)
    far = story("最早的一篇，三个标签都有", "甲", "乙", "丙", days=0)
    near = [story(f"近邻{n}", "甲", days=1) for n in range(2)]
    article = story("本稿", "甲", "乙", "丙", days=2)
    after = [story(f"之后{n}", "甲", days=3) for n in range(2)]
    # Under 乙 and 丙 the early story is a nearest neighbour, so it competes
    # and wins; under 甲 only two stories on each side do.
    shown = headlines_related_to(article)
    assert shown[-1] == far.headline
    assert set(shown) == {s.headline for s in near + after + [far]}
    # Had it only 甲, it would be beyond the two nearest and not compete.
    article.tags.set(["甲"])
    assert far.headline not in headlines_related_to(article)


def test_a_story_without_tags_gets_the_newest_of_its_section():
    section = SectionFactory(name="社会")
    story("同版块", section=section, days=1)
    story("别的版块", section=SectionFactory(name="体育"), days=2)
    article = story("本稿", section=section, days=3)
    assert headlines_related_to(article) == ["同版块"]


def test_the_tag_index_the_neighbours_are_read_from_exists():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "taggit_taggeditem")
    assert found["taggit_tag_object_idx"]["columns"] == [
        "tag_id",
        "content_type_id",
        "object_id",
    ]
