"""A photo used by a signed-off or published story changes only through the
chain (articles.photo_changes): refused in Chinese for people without the
publish permission, allowed and recorded for those with it, on the photo and
on every story that uses it. A per-story caption is a story edit."""

import html

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.models import ArticleEvent, ArticlePhoto, Photo

from . import images as files
from .factories import (
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
)
from .workflow_helpers import change_form, make_newsroom

pytestmark = pytest.mark.django_db

OLD_CAPTION = "11月21日，焊工决赛现场。"
NEW_CAPTION = "11月22日，焊工决赛颁奖现场。"
REFUSAL = "只有有发布权限的人（总编辑）可以修改"


@pytest.fixture
def people():
    return make_newsroom()


def story_with_photo(people, state, **photo_fields):
    article = people.story(state)
    photo = PhotoFactory(caption=OLD_CAPTION, **photo_fields)
    ArticlePhotoFactory(article=article, photo=photo, position=1)
    return article, photo


def photo_form(photo, **overrides):
    """The photo's change form as a browser posts it, its credits as they
    stand, unchanged unless `overrides` say otherwise."""
    credits = list(photo.credits.order_by("position", "pk"))
    data = {
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "taken_at_0": "",
        "taken_at_1": "",
        "focal_x": "" if photo.focal_x is None else str(photo.focal_x),
        "focal_y": "" if photo.focal_y is None else str(photo.focal_y),
        "tags": "",
        "credits-TOTAL_FORMS": str(len(credits)),
        "credits-INITIAL_FORMS": str(len(credits)),
    }
    for index, credit in enumerate(credits):
        data.update(
            {
                f"credits-{index}-id": str(credit.pk),
                f"credits-{index}-photo": str(photo.pk),
                f"credits-{index}-position": str(index + 1),
                f"credits-{index}-role": credit.role,
                f"credits-{index}-correspondent": str(credit.correspondent_id),
            }
        )
    data.update(overrides)
    return data


def post_photo(client, user, photo, **overrides):
    client.force_login(user)
    return client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo_form(photo, **overrides),
    )


def public_page(client, article):
    client.logout()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def as_saved(photo):
    fresh = Photo.objects.get(pk=photo.pk)
    return (
        fresh.caption,
        fresh.alt_text,
        fresh.image.name,
        fresh.checksum,
        list(fresh.credits.values_list("correspondent_id", "role", "position")),
    )


# ------------------------------------------------------------------ refused


@pytest.mark.parametrize("who", ["reporter", "author", "editor", "desk"])
@pytest.mark.parametrize("state", ["approved", "scheduled", "published"])
def test_a_caption_change_of_a_signed_off_storys_photo_is_refused(
    client, people, who, state
):
    article, photo = story_with_photo(people, state)
    before, events = as_saved(photo), article.events.count()

    response = post_photo(client, getattr(people, who), photo, caption=NEW_CAPTION)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert REFUSAL in page and f"《{article.headline}》" in page
    assert NEW_CAPTION in page  # what was typed is still on the form
    assert as_saved(photo) == before
    assert article.events.count() == events
    assert not LogEntry.objects.filter(object_id=str(photo.pk)).exists()


def test_the_public_page_keeps_the_caption_when_a_reporter_is_refused(client, people):
    article, photo = story_with_photo(people, "published")
    assert OLD_CAPTION in public_page(client, article)

    post_photo(client, people.reporter, photo, caption=NEW_CAPTION)

    page = public_page(client, article)
    assert OLD_CAPTION in page and NEW_CAPTION not in page


@pytest.mark.parametrize(
    "change",
    [
        {"alt_text": "焊工举起奖杯"},
        {"image": "new file"},
        {"caption": NEW_CAPTION, "alt_text": "焊工举起奖杯", "tags": "焊工"},
    ],
    ids=["alt-text", "image", "several"],
)
def test_every_thing_readers_see_of_the_photo_is_guarded(client, people, change):
    article, photo = story_with_photo(people, "published")
    before = as_saved(photo)
    if change.get("image"):
        change = {"image": files.upload(files.jpeg(colour=(0, 90, 200)), "new.jpg")}

    response = post_photo(client, people.editor, photo, **change)

    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    assert as_saved(photo) == before


def test_the_photographers_credit_is_guarded_too(client, people):
    article, photo = story_with_photo(people, "published")
    CreditFactory(photo=photo, correspondent=CorrespondentFactory(), role="photo")
    someone_else = CorrespondentFactory(name="苏文杰")
    before = as_saved(photo)

    response = post_photo(
        client,
        people.reporter,
        photo,
        **{"credits-0-correspondent": str(someone_else.pk)},
    )

    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    assert as_saved(photo) == before


# ------------------------------------------------------------------ allowed


def test_the_chief_editor_changes_it_and_it_is_recorded_everywhere(client, people):
    article, photo = story_with_photo(people, "published")
    draft = people.story("draft")
    ArticlePhotoFactory(article=draft, photo=photo)

    response = post_photo(client, people.chief, photo, caption=NEW_CAPTION)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Photo.objects.get(pk=photo.pk).caption == NEW_CAPTION
    assert NEW_CAPTION in public_page(client, article)
    # On each story using it: a row in its timeline, with before and after.
    for story in (article, draft):
        event = story.events.get(action="photo_change")
        assert event.actor == people.chief
        assert event.from_status == event.to_status == story.status
        assert OLD_CAPTION in event.comment and NEW_CAPTION in event.comment
    # On the photo: its admin history says the same.
    entry = LogEntry.objects.get(object_id=str(photo.pk))
    assert entry.user == people.chief
    assert OLD_CAPTION in entry.get_change_message()
    assert NEW_CAPTION in entry.get_change_message()
    # The status did not move: the change is recorded, not sent back.
    article.refresh_from_db()
    assert article.status == "published"


def test_the_change_shows_in_the_storys_timeline_and_the_photos_history(client, people):
    article, photo = story_with_photo(people, "published")
    post_photo(client, people.chief, photo, caption=NEW_CAPTION)

    story_page = html.unescape(
        client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).content.decode()
    )
    timeline = story_page.split('id="nr-timeline-title"', 1)[1]
    assert "图片库中修改本稿图片" in timeline and NEW_CAPTION in timeline
    history = html.unescape(
        client.get(
            reverse("admin:articles_photo_history", args=[photo.pk])
        ).content.decode()
    )
    assert f"图片说明：“{OLD_CAPTION}”→“{NEW_CAPTION}”" in history


@pytest.mark.parametrize("state", ["draft", "stage1", "returned", "withdrawn"])
def test_a_photo_of_unsigned_or_withdrawn_stories_is_anyones_to_fix_and_recorded(
    client, people, state
):
    article, photo = story_with_photo(people, state)

    response = post_photo(client, people.reporter, photo, caption=NEW_CAPTION)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Photo.objects.get(pk=photo.pk).caption == NEW_CAPTION
    assert NEW_CAPTION in article.events.get(action="photo_change").comment


def test_a_spiked_storys_photo_is_not_guarded(client, people):
    article, photo = story_with_photo(people, "draft")
    from articles import editing

    editing.spike(article, by=people.author)
    response = post_photo(client, people.reporter, photo, caption=NEW_CAPTION)
    assert response.status_code == 302


def test_the_focal_point_and_tags_stay_open_and_are_recorded(client, people):
    article, photo = story_with_photo(people, "published")

    response = post_photo(
        client, people.reporter, photo, focal_x="0.3", focal_y="0.6", tags="焊工"
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    fresh = Photo.objects.get(pk=photo.pk)
    assert (fresh.focal_x, fresh.focal_y) == (0.3, 0.6)
    comment = article.events.get(action="photo_change").comment
    assert "焦点" in comment and "标签" in comment


def test_saving_a_live_storys_photo_unchanged_is_not_refused_nor_logged(client, people):
    article, photo = story_with_photo(people, "published")
    CreditFactory(photo=photo, correspondent=CorrespondentFactory(), role="photo")
    events = article.events.count()

    response = post_photo(client, people.reporter, photo)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert article.events.count() == events


def test_the_photo_page_warns_before_anyone_types(client, people):
    article, photo = story_with_photo(people, "published")
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    client.force_login(people.reporter)
    page = html.unescape(client.get(url).content.decode())
    assert REFUSAL in page and f"《{article.headline}》" in page
    client.force_login(people.chief)
    page = html.unescape(client.get(url).content.decode())
    assert "记入这些稿件的流转记录" in page


# ------------------------------------------------- a story's own caption


def story_caption_form(article, use, caption):
    return change_form(
        article,
        **{
            "article_photos-TOTAL_FORMS": "1",
            "article_photos-INITIAL_FORMS": "1",
            "article_photos-0-id": str(use.pk),
            "article_photos-0-article": str(article.pk),
            "article_photos-0-photo": str(use.photo_id),
            "article_photos-0-caption": caption,
            "article_photos-0-position": "1",
        },
    )


def test_a_per_story_caption_is_a_story_edit_kept_in_its_revisions(client, people):
    article, photo = story_with_photo(people, "published")
    use = ArticlePhoto.objects.get(article=article)
    revisions = article.revisions.count()
    client.force_login(people.chief)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        story_caption_form(article, use, "本稿专用的说明。"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert article.revisions.count() == revisions + 1
    latest = article.revisions.first()
    assert latest.data["photos"][0]["caption"] == "本稿专用的说明。"
    assert latest.created_by == people.chief
    event = article.events.last()
    assert event.action == "edit_published" and "图片" in event.comment
    assert "本稿专用的说明。" in public_page(client, article)


def test_a_reporters_per_story_caption_on_a_live_story_is_refused(client, people):
    article, photo = story_with_photo(people, "published")
    use = ArticlePhoto.objects.get(article=article)
    events, revisions = article.events.count(), article.revisions.count()
    client.force_login(people.reporter)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        story_caption_form(article, use, "本稿专用的说明。"),
    )

    assert response.status_code in (200, 403)
    use.refresh_from_db()
    assert use.caption == ""
    assert (article.events.count(), article.revisions.count()) == (events, revisions)


# ----------------------------------------------- no side door by uploading


def test_uploading_the_same_file_again_never_changes_the_photo_in_use(client, people):
    article, photo = story_with_photo(people, "published")
    before, events = as_saved(photo), ArticleEvent.objects.count()
    data = photo.image.open("rb").read()
    client.force_login(people.reporter)

    chooser = client.post(
        reverse("admin:articles_photo_chooser_upload"),
        {"image": files.upload(data, "again.jpg"), "caption": NEW_CAPTION},
    )
    bulk = client.post(
        reverse("admin:articles_photo_upload"),
        {"files": [files.upload(data, "again.jpg")], "caption": NEW_CAPTION},
    )

    assert chooser.json()["duplicate"]["id"] == photo.pk
    assert bulk.status_code == 200
    assert as_saved(photo) == before
    assert Photo.objects.count() == 1
    assert ArticleEvent.objects.count() == events
