"""Who else has a story open, kept in the database (no Redis needed), and
taking a story over with a note. The version check that refuses a stale
save is unchanged and has its own tests (test_editing.py, and the browser
journey test_journey_two_tabs.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import presence
from articles.models import EditingSession

from .factories import UserFactory
from .workflow_helpers import make_newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


@pytest.fixture
def story(people):
    return people.story("stage1")


@pytest.fixture
def second_editor(people):
    from accounts import roles

    return UserFactory(
        username="lin", first_name="晓峰", last_name="林", role=roles.EDITOR
    )


def ping(client, story, key=""):
    url = reverse("admin:articles_article_presence", args=[story.pk])
    return client.post(url, {"key": key})


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def test_opening_a_story_shows_who_else_has_it_open(
    people, story, second_editor, client, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }  # no cache at all: presence lives in the database
    client.force_login(second_editor)
    client.get(change_url(story))
    opened = EditingSession.objects.get(user=second_editor)
    opened.opened_at = timezone.now() - timezone.timedelta(minutes=3, seconds=5)
    opened.save()

    client.force_login(people.editor)
    page = client.get(change_url(story)).content.decode()
    assert "林晓峰 正在编辑，3 分钟前" in page
    key = EditingSession.objects.get(user=people.editor).key
    answer = ping(client, story, key).json()
    assert answer["key"] == key
    assert [o["text"] for o in answer["others"]] == ["林晓峰 正在编辑，3 分钟前"]
    assert answer["taken_over"] is None


def test_a_page_not_heard_from_for_a_minute_is_gone(people, story, second_editor):
    session = presence.ping(story, user=second_editor, key=presence.new_key())
    assert presence.others(story, user=people.editor) == [session]
    session.last_seen_at = timezone.now() - presence.PRESENT_FOR
    session.save()
    assert presence.others(story, user=people.editor) == []
    # A day later it is cleared when someone next opens the story.
    session.last_seen_at = timezone.now() - presence.FORGET_AFTER
    session.save()
    presence.open_page(story, user=people.editor)
    assert not EditingSession.objects.filter(pk=session.pk).exists()


def test_one_person_with_two_tabs_shows_once_and_not_to_themselves(
    people, story, second_editor
):
    presence.ping(story, user=second_editor, key=presence.new_key())
    presence.ping(story, user=second_editor, key=presence.new_key())
    assert [s.user for s in presence.others(story, user=people.editor)] == [
        second_editor
    ]
    assert presence.others(story, user=second_editor) == []


def test_a_key_of_someone_elses_page_does_not_touch_their_session(
    people, story, second_editor, client
):
    theirs = presence.ping(story, user=second_editor, key=presence.new_key())
    client.force_login(people.editor)
    answer = ping(client, story, theirs.key).json()
    assert answer["key"] != theirs.key
    assert EditingSession.objects.get(pk=theirs.pk).user == second_editor
    made_up = ping(client, story, "x" * 64).json()  # not a key this site makes
    assert len(made_up["key"]) == 32


def test_taking_over_leaves_a_note_the_other_page_shows(
    people, story, second_editor, client
):
    mine = presence.ping(story, user=people.editor, key=presence.new_key())
    client.force_login(second_editor)
    url = reverse("admin:articles_article_take_over", args=[story.pk])
    response = client.post(url, {"note": "版面要提前，我来改标题。"})
    assert response.status_code == 200 and response.json()["taken"] == 1

    client.force_login(people.editor)
    answer = ping(client, story, mine.key).json()
    assert answer["taken_over"]["text"].startswith("林晓峰 接手了这篇稿件")
    assert answer["taken_over"]["note"] == "版面要提前，我来改标题。"
    # The one who took it over is not shown as "editing" to themselves, and
    # the page taken over is no longer shown to them as editing either.
    client.force_login(second_editor)
    assert ping(client, story).json()["others"] == []


@pytest.mark.parametrize(
    ("note", "error"),
    [("字" * 301, "留言最多 300 字，现在是 301 字。")],
)
def test_bad_take_overs_are_refused(people, story, second_editor, client, note, error):
    client.force_login(second_editor)
    url = reverse("admin:articles_article_take_over", args=[story.pk])
    # Nobody else there: nothing to take over.
    response = client.post(url, {"note": "我来"})
    assert response.status_code == 400
    assert response.json()["error"] == "现在没有别人打开这篇稿件，不需要接手。"
    presence.ping(story, user=people.editor, key=presence.new_key())
    response = client.post(url, {"note": note})
    assert response.status_code == 400 and response.json()["error"] == error
    assert not EditingSession.objects.filter(taken_over_by__isnull=False).exists()


def test_only_someone_who_may_edit_the_story_takes_it_over(people, story, client):
    presence.ping(story, user=people.editor, key=presence.new_key())
    url = reverse("admin:articles_article_take_over", args=[story.pk])
    client.force_login(people.author)  # at 初审 only its signers may edit
    response = client.post(url, {"note": "还给我"})
    assert response.status_code == 403
    assert "不能接手" in response.json()["error"]
    # Nor does a reader-only page count as editing.
    assert ping(client, story).json()["key"] is None
    assert not EditingSession.objects.filter(user=people.author).exists()


def test_a_correspondent_learns_nothing_of_anothers_story(people, story, client):
    client.force_login(people.outsider)
    assert ping(client, story).status_code == 404
    url = reverse("admin:articles_article_take_over", args=[story.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    assert client.get(url).status_code == 405


def test_leaving_ends_ones_own_session_only(people, story, second_editor, client):
    theirs = presence.ping(story, user=second_editor, key=presence.new_key())
    client.force_login(people.editor)
    url = reverse("admin:articles_article_leave", args=[story.pk])
    client.post(url, {"key": theirs.key})
    assert [s.user for s in presence.others(story, user=people.editor)] == [
        second_editor
    ]
    client.force_login(second_editor)
    client.post(url, {"key": theirs.key})
    assert presence.others(story, user=people.editor) == []


def test_a_save_from_a_page_taken_over_is_refused_once_and_keeps_the_text(
    people, story, second_editor, client
):
    """The page's script disables its buttons; posted anyway, the save is
    refused with the note, and the form comes back with what was typed. A
    second press (from the page that came back) saves."""
    from .workflow_helpers import change_form

    client.force_login(people.editor)
    page = client.get(change_url(story))
    key = page.context["presence_key"]
    presence.take_over(story, by=second_editor, note="我来改标题")
    data = change_form(story, headline="被接手后仍然保存的标题", _presence=key)
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "林晓峰 已接手这篇稿件，这次没有保存。对方留言：我来改标题。" in html
    assert "被接手后仍然保存的标题" in html  # still in its box
    story.refresh_from_db()
    assert story.headline != "被接手后仍然保存的标题"
    data["_presence"] = response.context["presence_key"]
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "被接手后仍然保存的标题"
