"""The pieces a reader's page prints by the dozen, made without the slow
general path: addresses (articles/addresses.py) and times
(`time_tag`, `short_time`). Each must print exactly what the general path
prints, and refuse what it refuses."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation

from articles.addresses import address
from articles.models import Article, Section

from .factories import PublishedArticleFactory, SectionFactory

# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize("pk", [1, 42, 987654321987, 10**18 - 1])
def test_a_story_address_is_what_reverse_gives(pk):
    assert Article(pk=pk).get_absolute_url() == reverse(
        "articles:detail", kwargs={"pk": pk}
    )


@pytest.mark.parametrize("slug", ["yaowen", "a-b_c9", "987654321987"])
def test_a_section_address_is_what_reverse_gives(slug):
    assert Section(slug=slug).get_absolute_url() == reverse(
        "articles:section", kwargs={"slug": slug}
    )


def test_addresses_follow_the_script_prefix():
    # Served under /news/, as behind a proxy that mounts the site there.
    first = Article(pk=7).get_absolute_url()
    set_script_prefix("/news/")
    try:
        assert Article(pk=7).get_absolute_url() == "/news/article/7/"
        assert Section(slug="yaowen").get_absolute_url() == "/news/section/yaowen/"
    finally:
        clear_script_prefix()
    assert Article(pk=7).get_absolute_url() == first == "/article/7/"


@pytest.mark.parametrize("pk", [None, -1, 10**18, True, "7/../admin"])
def test_a_story_address_refuses_what_reverse_refuses(pk):
    with pytest.raises(NoReverseMatch):
        address("articles:detail", "pk", pk)


@pytest.mark.parametrize("slug", ["", "要闻", "a/b", "a b", "a.b"])
def test_a_section_address_refuses_what_reverse_refuses(slug):
    with pytest.raises(NoReverseMatch):
        address("articles:section", "slug", slug)


# -------------------------------------------------------------------- times

MOMENTS = [
    datetime(2026, 1, 5, 1, 2, tzinfo=UTC),  # 9:02 in Shanghai, a Monday
    datetime(2026, 12, 31, 16, 30, 5, tzinfo=UTC),  # past midnight: next year
    datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=UTC),
]
FORMATS = [
    "n月j日 H:i",
    "Y年n月j日 H:i",
    "Y年n月j日 l H:i",
    "Y-m-d",
    "H:i",
    "n月j日",
    # Letters and escapes left to the date filter itself.
    "D, d M Y P",
    r"\Y Y \n",
]


def render(source, **context):
    return Template("{% load newsroom %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("format_string", FORMATS)
def test_time_tag_prints_what_the_date_filter_prints(language, moment, format_string):
    with translation.override(language):
        fast = render("{% time_tag moment f %}", moment=moment, f=format_string)
        slow = render(
            "<time datetime=\"{{ moment|date:'c' }}\">{{ moment|date:f }}</time>",
            moment=moment,
            f=format_string,
        )
    assert fast == slow


def test_time_tag_prints_in_the_sites_time_zone_and_nothing_for_no_moment():
    moment = datetime(2026, 1, 5, 1, 2, tzinfo=UTC)
    assert render('{% time_tag moment "Y年n月j日 l H:i" %}', moment=moment) == (
        '<time datetime="2026-01-05T09:02:00+08:00">2026年1月5日 星期一 09:02</time>'
    )
    assert render('{% time_tag moment "H:i" %}', moment=None) == ""


@override_settings(USE_TZ=False)
def test_time_tag_leaves_a_naive_moment_as_it_is():
    moment = datetime(2026, 1, 5, 1, 2)
    assert render('{% time_tag moment "H:i" %}', moment=moment) == (
        '<time datetime="2026-01-05T01:02:00">01:02</time>'
    )


def test_short_time_is_the_time_today_and_the_date_before():
    moment = timezone.make_aware(datetime(2026, 3, 8, 7, 5))
    today = render('{% short_time moment "20260308" %}', moment=moment)
    earlier = render('{% short_time moment "20260309" %}', moment=moment)
    assert today == '<time datetime="2026-03-08T07:05:00+08:00">07:05</time>'
    assert earlier == '<time datetime="2026-03-08T07:05:00+08:00">3月8日</time>'
    assert render('{% short_time moment "20260308" %}', moment=None) == ""


# ------------------------------------------------------------ the section bar


def test_section_links_mark_the_current_section_and_escape_names():
    sections = [
        Section(pk=1, slug="yaowen", name="要闻"),
        Section(pk=2, slug="a-b", name="<b>&"),
    ]
    html = render(
        "{% section_links sections current %}", sections=sections, current=sections[1]
    )
    assert html == (
        '<a href="/section/yaowen/">要闻</a>'
        '<a href="/section/a-b/" aria-current="page">&lt;b&gt;&amp;</a>'
    )
    # Outside a section (home, search), none is marked.
    assert "aria-current" not in render(
        "{% section_links sections %}", sections=sections
    )
    assert "aria-current" not in render(
        "{% section_links sections missing %}", sections=sections
    )


@pytest.mark.django_db
def test_a_story_page_marks_its_section_in_the_bar(client):
    here, other = SectionFactory(name="城事"), SectionFactory(name="文化")
    page = client.get(PublishedArticleFactory(section=here).get_absolute_url())
    nav = page.content.decode().split('<nav class="section-nav"')[1].split("</nav>")[0]
    assert f'<a href="{here.get_absolute_url()}" aria-current="page">城事</a>' in nav
    assert f'<a href="{other.get_absolute_url()}">文化</a>' in nav
