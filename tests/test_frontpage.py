"""The curated front page: the night editor's rules for the 头条, 焦点图 and
置顶, what the home page falls back on when nothing is curated, the 专题
pages, who may curate, and a query count that does not grow."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from articles.models import Placement, Topic
from articles.reader import cache as page_cache
from articles.reader import frontpage

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

HEADLINE, FOCUS, PINNED = (
    Placement.Kind.HEADLINE,
    Placement.Kind.FOCUS,
    Placement.Kind.PINNED,
)


def hours_ago(n):
    return timezone.now() - timezone.timedelta(hours=n)


def story(headline, *, photo=False, hours=1, **kwargs):
    article = PublishedArticleFactory(
        headline=headline, publish_at=hours_ago(hours), **kwargs
    )
    if photo:
        ArticlePhotoFactory(article=article, photo=PhotoFactory(alt_text=headline))
    return article


def place(kind, article, **kwargs):
    placement = Placement(kind=kind, article=article, **kwargs)
    placement.full_clean()
    placement.save()
    return placement


def refusal(kind, article, **kwargs):
    with pytest.raises(ValidationError) as caught:
        place(kind, article, **kwargs)
    return " ".join(m for ms in caught.value.message_dict.values() for m in ms)


# ---------------------------------------------------------------- the rules


def test_a_headline_must_be_live():
    assert "已发布" in refusal(HEADLINE, ArticleFactory(status="draft"))
    scheduled = PublishedArticleFactory(
        publish_at=timezone.now() + timezone.timedelta(hours=2)
    )
    assert "发布时间已到" in refusal(HEADLINE, scheduled)
    assert not Placement.objects.exists()


def test_a_focus_story_must_have_a_ready_photo():
    bare = story("没有配图的稿件")
    assert "图片" in refusal(FOCUS, bare)
    processing = story("图片还在处理的稿件")
    ArticlePhotoFactory(article=processing, photo=PhotoFactory(status="processing"))
    assert "图片" in refusal(FOCUS, processing)
    place(FOCUS, story("有图的稿件", photo=True))
    assert Placement.objects.count() == 1


def test_at_most_five_focus_stories_at_once():
    for i in range(5):
        place(FOCUS, story(f"焦点{i}", photo=True))
    assert "最多 5 张" in refusal(FOCUS, story("第六张", photo=True))
    # An expired one no longer counts.
    first = Placement.objects.filter(kind=FOCUS).first()
    Placement.objects.filter(pk=first.pk).update(expires_at=hours_ago(1))
    place(FOCUS, story("第六张补上", photo=True))


def test_pinned_needs_its_own_section_and_others_none():
    yaowen, bendi = SectionFactory(name="要闻"), SectionFactory(name="本地新闻")
    article = story("要闻稿件", section=yaowen)
    assert "选一个栏目" in refusal(PINNED, article)
    assert "不属于所选栏目" in refusal(PINNED, article, section=bendi)
    assert "请留空" in refusal(HEADLINE, article, section=yaowen)
    place(PINNED, article, section=yaowen)


def test_an_expiry_in_the_past_is_refused():
    assert "将来" in refusal(HEADLINE, story("稿件"), expires_at=hours_ago(1))


def test_a_new_headline_takes_the_place_of_the_old_one():
    old = place(HEADLINE, story("昨晚的头条", photo=True))
    new = place(HEADLINE, story("今晚的头条", photo=True))
    old.refresh_from_db()
    assert not old.is_active and new.is_active
    assert list(Placement.objects.active().filter(kind=HEADLINE)) == [new]


# ------------------------------------------------------- blocks and fallbacks


def test_nothing_curated_the_newest_story_with_a_photo_leads():
    story("最新但没有图", hours=1)
    pictured = story("稍早有图的稿件", photo=True, hours=2)
    for i in range(3):
        story(f"更早有图{i}", photo=True, hours=3 + i)
    page = frontpage.build()
    assert page.headline == pictured
    assert page.headline.lead_photo is not None
    assert len(page.focus) == 3 and pictured not in page.focus
    assert [s.headline for s in page.latest][0] == "最新但没有图"


def test_without_any_photo_the_newest_story_leads_and_no_focus():
    story("较早", hours=3)
    newest = story("最新", hours=1)
    page = frontpage.build()
    assert page.headline == newest and page.focus == []


def test_curated_blocks_come_first_and_leads_are_not_repeated():
    section = SectionFactory(name="要闻")
    chosen = story("编排的头条", photo=True, hours=5, section=section)
    focus = [
        story(f"焦点{i}", photo=True, hours=6 + i, section=section) for i in (1, 2)
    ]
    newer = [
        story(f"新稿{i}", photo=True, hours=1 + i * 0.1, section=section)
        for i in range(3)
    ]
    place(HEADLINE, chosen)
    for f in focus:
        place(FOCUS, f)
    page = frontpage.build()
    assert page.headline == chosen
    # Two curated, topped up to three by the newest story with a photo.
    assert page.focus[:2] == focus and page.focus[2] == newer[0]
    leads = page.lead_ids
    assert leads.isdisjoint(s.pk for s in page.latest)
    for _section, stories in page.section_blocks:
        assert leads.isdisjoint(s.pk for s in stories)


def test_an_expired_headline_drops_out_by_itself():
    fallback = story("有图的新稿", photo=True, hours=1)
    chosen = story("限时头条", photo=True, hours=4)
    placement = place(
        HEADLINE, chosen, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert frontpage.build().headline == chosen
    later = timezone.now() + timezone.timedelta(hours=2)
    assert frontpage.build(now=later).headline == fallback
    assert not Placement.objects.active(later).filter(pk=placement.pk).exists()


def test_a_headline_whose_story_was_withdrawn_drops_out():
    chosen = story("后来撤回的头条", photo=True, hours=3)
    other = story("另一篇有图稿件", photo=True, hours=4)
    place(HEADLINE, chosen)
    chosen.status = "withdrawn"
    chosen.save()
    assert frontpage.build().headline == other


def test_pinned_stories_head_their_section_block():
    section = SectionFactory(name="本地新闻")
    old = story("置顶的旧稿", hours=48, section=section)
    for i in range(6):
        story(f"本地新稿{i}", hours=1 + i, section=section)
    # Leads taken elsewhere so the section's stories are all free.
    story("别处的头条", photo=True, hours=0.5)
    place(PINNED, old, section=section)
    page = frontpage.build()
    ((_section, stories),) = [b for b in page.section_blocks if b[0] == section]
    assert stories[0] == old and stories[0].pinned
    assert len(stories) == frontpage.PER_SECTION


# ------------------------------------------------------------------ the page


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_home_page_shows_the_curated_headline_with_its_photo(client):
    chosen = story("市总工会发布春季招聘会日程", photo=True, hours=6)
    story("更新的稿件", photo=True, hours=1)
    place(HEADLINE, chosen)
    page = client.get("/").content.decode()
    lead = page[page.index('class="front-lead') : page.index('id="latest-title"')]
    assert "市总工会发布春季招聘会日程" in lead
    photo = chosen.article_photos.get().photo
    assert f"/photos/{photo.pk}/" in lead and 'alt="市总工会发布春季招聘会日程"' in lead
    # Once as a link: not again in 焦点图, 最新 or a section block.
    assert page.count(">市总工会发布春季招聘会日程</a>") == 1


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_other_page_numbers_of_the_home_page_are_not_found(client):
    story("稿件")
    assert client.get("/", {"page": "1"}).status_code == 200
    assert client.get("/", {"page": "2"}).status_code == 404


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_every_reader_page_has_the_section_bar_and_breadcrumbs(client):
    section = SectionFactory(name="维权课堂", slug="weiquan")
    article = story("以案说法：加班费怎么算", section=section)
    yesterday = timezone.localtime() - timezone.timedelta(days=1)
    article.publish_at = yesterday.replace(hour=9, minute=5)
    article.save()
    for url in (article.get_absolute_url(), section.get_absolute_url(), "/search/"):
        page = client.get(url).content.decode()
        assert 'class="section-nav"' in page and 'href="/section/weiquan/"' in page
        assert 'class="crumbs"' in page, url
    detail = client.get(article.get_absolute_url()).content.decode()
    assert "09:05" in detail  # the time of day, not only the date


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_a_topic_page_lists_its_live_stories(client):
    topic = Topic.objects.create(title="聚焦春风行动", slug="chunfeng", intro="导语")
    live, draft = story("招聘会现场"), ArticleFactory(headline="还在改的稿子")
    topic.stories.add(live, draft)
    page = client.get("/topic/chunfeng/").content.decode()
    assert "聚焦春风行动" in page and "招聘会现场" in page
    assert "还在改的稿子" not in page
    assert client.get("/topic/none-such/").status_code == 404
    home = client.get("/").content.decode()
    assert 'href="/topic/chunfeng/"' in home and "1 篇稿件" in home


def home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_the_home_page_query_count_does_not_grow(client):
    """Each block costs a fixed number of queries: the count with one
    section, a few stories and one of each placement equals the count with
    eight sections, 80 stories with photos, five 焦点图, a 置顶 in each
    section and four 专题."""

    def newsroom(sections, per_section):
        made = []
        for s in range(sections):
            section = SectionFactory()
            for i in range(per_section):
                made.append(
                    story(f"稿件{s}-{i}", photo=True, hours=s + i, section=section)
                )
            place(PINNED, made[-1], section=section)
        return made

    small = newsroom(1, 6)
    place(HEADLINE, small[0])
    place(FOCUS, small[1])
    Topic.objects.create(title="专题", slug="t0").stories.add(small[2])
    baseline = home_queries(client)

    Placement.objects.all().delete()
    big = newsroom(8, 10)
    place(HEADLINE, big[5])
    for s in big[10:15]:
        place(FOCUS, s)
    for t in range(1, 5):
        Topic.objects.create(title=f"专题{t}", slug=f"t{t}").stories.add(*big[:20])
    grown = home_queries(client)
    print(f"home page queries: {baseline} small, {grown} large")
    assert grown == baseline
    assert baseline <= 10


# ------------------------------------------------------------- the admin


def test_only_those_who_may_publish_curate(client, role_user):
    url = reverse("admin:articles_placement_add")
    for role, status in [
        (roles.REPORTER, 403),
        (roles.EDITOR, 403),
        (roles.DESK_CHIEF, 403),
        (roles.NIGHT_EDITOR, 200),
        (roles.CHIEF_EDITOR, 200),
    ]:
        client.force_login(role_user(role))
        assert client.get(url).status_code == status, role
        assert client.get(reverse("admin:articles_topic_add")).status_code == status


def test_the_admin_refuses_a_focus_story_without_a_photo_in_chinese(client, role_user):
    client.force_login(role_user(roles.CHIEF_EDITOR))
    bare = story("没有图的稿件")
    response = client.post(
        reverse("admin:articles_placement_add"),
        {
            "kind": "focus",
            "article": bare.pk,
            "position": "0",
            "expires_at_0": "",
            "expires_at_1": "",
        },
    )
    assert response.status_code == 200
    assert "焦点图稿件必须配有可用的图片。" in response.content.decode()
    assert not Placement.objects.exists()
    response = client.post(
        reverse("admin:articles_placement_add"),
        {"kind": "headline", "article": "不是编号", "position": "-3"},
    )
    assert response.status_code == 200 and not Placement.objects.exists()


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=300)
def test_curation_purges_the_cached_home_page(
    client, role_user, django_capture_on_commit_callbacks
):
    chosen = story("夜班定下的头条", photo=True, hours=8)
    story("较新的图片稿", photo=True, hours=1)
    page_cache.purge()
    assert (
        "夜班定下的头条"
        not in client.get("/").content.decode().split('id="latest-title"')[0]
    )
    client.force_login(role_user(roles.CHIEF_EDITOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_placement_add"),
            {"kind": "headline", "article": chosen.pk, "position": "0"},
        )
    assert response.status_code == 302
    client.logout()
    lead = client.get("/").content.decode().split('id="latest-title"')[0]
    assert "夜班定下的头条" in lead


# ------------------------------------------------------------------ the demo


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_the_demo_newsroom_has_a_curated_front_page_and_a_topic(client):
    from io import StringIO

    from django.core.management import call_command

    from articles.demo import frontpage as demo_front

    for _ in range(2):  # idempotent: nothing placed twice
        call_command("demo", "--password", "demo-password-1", stdout=StringIO())
    active = Placement.objects.active()
    assert active.get(kind=HEADLINE).article.headline == demo_front.HEADLINE
    assert active.filter(kind=FOCUS).count() == len(demo_front.FOCUS)
    assert active.filter(kind=PINNED).count() == 1
    topic = Topic.objects.get(slug=demo_front.TOPIC["slug"])
    assert topic.lead_photo and topic.stories.count() == 4
    page = client.get("/").content.decode()
    lead = page[page.index('class="front-lead') : page.index('id="latest-title"')]
    assert demo_front.HEADLINE in lead and "<img" in lead
    assert topic.title in page
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_the_topic_form_refuses_bad_input_in_chinese(client, role_user):
    Topic.objects.create(title="已有的专题", slug="chunfeng")
    client.force_login(role_user(roles.CHIEF_EDITOR))
    url = reverse("admin:articles_topic_add")
    base = {"title": "聚焦春风行动", "slug": "chunfeng-2", "order": "100"}
    for bad, expected in [
        ({"title": ""}, "这个字段是必填项。"),
        ({"slug": "春风 行动"}, "字母"),
        ({"slug": "chunfeng"}, "已存在"),
        ({"stories": ["不是编号"]}, "不是"),
    ]:
        response = client.post(url, {**base, **bad})
        assert response.status_code == 200, bad
        assert expected in response.content.decode(), bad
    assert Topic.objects.count() == 1
    response = client.post(url, base)
    assert response.status_code == 302 and Topic.objects.count() == 2


@override_settings(NEWSROOM_PAGE_CACHE_SECONDS=0)
def test_lists_give_todays_stories_their_time_and_older_ones_their_date(client):
    now = timezone.localtime()
    today = story("今天的稿件")
    today.publish_at = now.replace(hour=0, minute=0, second=0)
    today.save()
    older = story("三天前的稿件")
    older.publish_at = (now - timezone.timedelta(days=3)).replace(hour=8, minute=30)
    older.save()
    story("头条用的图片稿", photo=True, hours=0.1)
    page = client.get("/").content.decode()
    latest = page[page.index('id="latest-title"') :]
    assert ">00:00</time> <a" in latest
    assert f">{older.publish_at.month}月{older.publish_at.day}日</time> <a" in latest
