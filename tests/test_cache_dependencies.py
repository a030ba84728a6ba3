"""The page cache invalidates by dependency: an edit to a story makes stale
its page, the pages that show it and the lists it is in, and leaves every
other cached page fresh."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import editing, workflow
from articles.admin.photo import PhotoAdmin
from articles.reader import breaker
from articles.reader import cache as page_cache

from .factories import (
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from .workflow_helpers import make_newsroom

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("page_cache_on"),
]


@pytest.fixture
def page_cache_on():
    with override_settings(NEWSROOM_PAGE_CACHE_SECONDS=3600):
        page_cache.purge()
        yield


def day_url(moment):
    day = timezone.localtime(moment)
    return reverse(
        "articles:archive-day",
        kwargs={"year": day.year, "month": day.month, "day": day.day},
    )


def story(section, tag, person, **fields):
    article = PublishedArticleFactory(section=section, **fields)
    article.tags.add(tag)
    CreditFactory(article=article, correspondent=person, position=0)
    return article


@pytest.fixture
def desk():
    """Two stories with nothing in common (section, tag, reporter, day), and
    the addresses of the pages each is on."""
    people = make_newsroom()
    city, culture = SectionFactory(name="城事"), SectionFactory(name="文化")
    lin, zhou = CorrespondentFactory(name="林晓"), CorrespondentFactory(name="周桐")
    edited = story(city, "防汛", lin, headline="暴雨后的抢修进展")
    other = story(
        culture,
        "非遗",
        zhou,
        headline="老街上的剪纸课",
        publish_at=timezone.now() - timezone.timedelta(days=40),
    )
    other.first_published_at = other.publish_at
    other.save(update_fields=["first_published_at"])

    def pages(article, tag):
        return {
            "story": article.get_absolute_url(),
            "section": article.section.get_absolute_url(),
            "section feed": reverse(
                "articles:section-rss", args=[article.section.slug]
            ),
            "tag": reverse("articles:tag", args=[tag]),
            "tag feed": reverse("articles:tag-rss", args=[tag]),
            "person": article.credits.get().correspondent.get_absolute_url(),
            "archive day": day_url(article.publish_at),
        }

    return {
        "people": people,
        "edited": edited,
        "other": other,
        "edited pages": pages(edited, "防汛"),
        "other pages": pages(other, "非遗"),
        "lists": {
            "home": "/",
            "feed": reverse("articles:feed-rss"),
            "sitemap": reverse("sitemap"),
            "news sitemap": reverse("news-sitemap"),
            "archive": reverse("articles:archive"),
            "search": reverse("articles:search") + "?q=抢修",
        },
    }


def warm(client, urls):
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name
        assert client.get(url)["X-Newsroom-Cache"] == "hit", name


def states(client, urls):
    return {name: client.get(url)["X-Newsroom-Cache"] for name, url in urls.items()}


def edit(article, by, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        editing.save_edit(
            article, by=by, base_version=article.version, fields=list(fields)
        )


def test_an_edit_makes_stale_only_the_pages_that_show_the_story(client, desk):
    warm(client, {**desk["edited pages"], **desk["other pages"], **desk["lists"]})

    edit(desk["edited"], desk["people"].chief, headline="暴雨后的抢修全部完成")

    assert states(client, desk["edited pages"]) == dict.fromkeys(
        desk["edited pages"], "miss"
    )
    assert states(client, desk["lists"]) == dict.fromkeys(desk["lists"], "miss")
    # Another section, tag, person and day, and the other story's own page,
    # are still served from the cache.
    assert states(client, desk["other pages"]) == dict.fromkeys(
        desk["other pages"], "hit"
    )
    page = client.get(desk["edited pages"]["story"]).content.decode()
    assert "暴雨后的抢修全部完成" in page


def test_a_draft_edit_changes_no_page_readers_see(client, desk):
    draft = desk["people"].story("draft", headline="还在写的稿件")
    urls = {**desk["edited pages"], **desk["other pages"], **desk["lists"]}
    warm(client, urls)

    edit(draft, desk["people"].author, headline="还在写的稿件（二稿）")

    assert states(client, urls) == dict.fromkeys(urls, "hit")


def test_a_story_moved_to_another_section_leaves_the_old_sections_page(client, desk):
    moved, old, new = desk["edited"], desk["edited"].section, desk["other"].section
    urls = {"old": old.get_absolute_url(), "new": new.get_absolute_url()}
    warm(client, urls)

    edit(moved, desk["people"].chief, section=new)

    assert states(client, urls) == {"old": "miss", "new": "miss"}
    assert moved.headline not in client.get(urls["old"]).content.decode()
    assert moved.headline in client.get(urls["new"]).content.decode()


def test_a_withdrawal_and_a_correction_follow_the_same_dependencies(client, desk):
    chief = desk["people"].chief
    warm(client, {**desk["edited pages"], **desk["other pages"]})
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.withdraw(desk["edited"], by=chief, reason="数字有误")
    assert client.get(desk["edited pages"]["story"]).status_code == 410
    assert desk["edited"].headline not in client.get("/").content.decode()
    assert states(client, desk["other pages"]) == dict.fromkeys(
        desk["other pages"], "hit"
    )


def test_a_page_made_while_an_edit_commits_is_not_kept_as_fresh():
    """The edit is compared with when the page was begun, so a page made
    from the rows before a commit is made again after it."""
    article = PublishedArticleFactory()

    def view(request):
        PublishedArticleFactory._meta.model.objects.get(pk=article.pk)
        page_cache.purge_stories([article.pk])  # the edit commits meanwhile
        return HttpResponse("读到的是改前的稿件")

    cached = page_cache.cache_page(view)
    request = RequestFactory().get("/while-editing/")
    request.LANGUAGE_CODE = "zh-hans"
    assert cached(request)["X-Newsroom-Cache"] == "miss"
    assert cached(request)["X-Newsroom-Cache"] == "miss"


def test_a_page_that_names_no_list_depends_on_every_story():
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("某个列表")

    cached = page_cache.cache_page(view)
    request = RequestFactory().get("/unnamed-list/")
    request.LANGUAGE_CODE = "zh-hans"
    cached(request), cached(request)
    assert len(calls) == 1
    page_cache.purge_stories([PublishedArticleFactory().pk])
    assert cached(request)["X-Newsroom-Cache"] == "miss"


def test_a_photo_change_makes_stale_only_the_stories_that_show_it(client, desk):
    photo = PhotoFactory(caption="抢修现场")
    ArticlePhotoFactory(article=desk["edited"], photo=photo, position=0)
    stories = {
        "with photo": desk["edited"].get_absolute_url(),
        "without": desk["other"].get_absolute_url(),
    }
    warm(client, stories)
    photo.caption = "抢修现场（夜间）"
    photo.save(update_fields=["caption"])
    # What the photo admin does after its commit.
    assert PhotoAdmin.purge_after_save is page_cache.purging_photo_stories
    PhotoAdmin.purge_after_save(photo)()
    assert states(client, stories) == {"with photo": "miss", "without": "hit"}
    assert "抢修现场（夜间）" in client.get(stories["with photo"]).content.decode()


def test_a_scheduled_story_going_live_leaves_other_story_pages_cached(
    client, desk, monkeypatch
):
    people = desk["people"]
    scheduled = people.story("approved", headline="零点发布的通知")
    at = timezone.now() + timezone.timedelta(minutes=30)
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.publish(scheduled, by=people.chief, at=at)
    other = desk["other pages"]["story"]
    warm(client, {"home": "/", "other": other})
    assert "零点发布的通知" not in client.get("/").content.decode()

    later = at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "零点发布的通知" in client.get("/").content.decode()
    assert client.get(other)["X-Newsroom-Cache"] == "hit"
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_lost_schedule_note_still_shows_a_story_that_went_live(
    client, desk, monkeypatch
):
    """With the noted moment gone from the cache, what went live within a
    page's lifetime is marked changed: no cached list misses it."""
    from django.core.cache import cache

    people = desk["people"]
    scheduled = people.story("approved", headline="午间上线的快讯")
    at = timezone.now() + timezone.timedelta(minutes=2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.publish(scheduled, by=people.chief, at=at)
    warm(client, {"home": "/"})
    cache.delete(page_cache.NEXT_SCHEDULED)
    later = at + timezone.timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "午间上线的快讯" in client.get("/").content.decode()


def test_a_story_purge_that_did_not_reach_the_cache_becomes_a_whole_purge(
    client, desk, monkeypatch
):
    warm(client, desk["other pages"])
    monkeypatch.setattr(breaker, "set_many", lambda values, timeout: False)
    monkeypatch.setattr(page_cache, "purge_pages", SimpleNamespace(enqueue=list))
    page_cache.purge_stories([desk["edited"].pk])
    monkeypatch.undo()
    # The next page request delivers it, as a new generation.
    assert states(client, desk["other pages"]) == dict.fromkeys(
        desk["other pages"], "miss"
    )


def test_a_hit_on_the_home_page_reads_a_few_marks_however_many_stories_it_shows(
    client, monkeypatch
):
    # Every story readers can see marks `home` when it changes, so the home
    # page depends on that list, not on each of its stories.
    for n in range(30):
        PublishedArticleFactory(headline=f"首页稿件{n}")
    assert client.get("/")["X-Newsroom-Cache"] == "miss"
    read = []
    get_many = breaker.get_many

    def counting(keys):
        read.extend(keys)
        return get_many(keys)

    monkeypatch.setattr(breaker, "get_many", counting)
    hit = client.get("/")
    assert hit["X-Newsroom-Cache"] == "hit"
    assert not [key for key in read if ":story:" in key]
    assert len(read) <= 8, read


def test_a_hit_answers_with_the_etag_of_the_page_it_stored(client):
    article = PublishedArticleFactory()
    miss = client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    assert (miss["X-Newsroom-Cache"], hit["X-Newsroom-Cache"]) == ("miss", "hit")
    assert miss["ETag"] and hit["ETag"] == miss["ETag"]
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=hit["ETag"])
    assert again.status_code == 304


def test_a_story_page_depends_on_the_related_stories_it_shows_not_on_every_candidate(
    client,
):
    people = make_newsroom()
    when = timezone.now() - timezone.timedelta(days=5)
    others = []
    for n in range(8):
        other = PublishedArticleFactory(
            headline=f"同标签稿件{n}", publish_at=when + timezone.timedelta(hours=n)
        )
        other.tags.add("防汛", *(["抢修"] if n < 5 else []))
        others.append(other)
    article = PublishedArticleFactory(publish_at=when + timezone.timedelta(days=1))
    article.tags.add("防汛", "抢修")
    url = article.get_absolute_url()
    page = client.get(url).content.decode()
    shown = [o for o in others if o.headline in page]
    unshown = [o for o in others if o.headline not in page]
    assert len(shown) == 5 and len(unshown) == 3
    assert client.get(url)["X-Newsroom-Cache"] == "hit"
    # An edit to a candidate the page does not show leaves it cached...
    edit(unshown[0], people.chief, headline="没有显示的候选稿件改了标题")
    assert client.get(url)["X-Newsroom-Cache"] == "hit"
    # ...and one to a related story it shows makes it again.
    edit(shown[0], people.chief, headline="显示着的相关稿件改了标题")
    page = client.get(url)
    assert page["X-Newsroom-Cache"] == "miss"
    assert "显示着的相关稿件改了标题" in page.content.decode()
