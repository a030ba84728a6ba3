"""发布时间 and 首次发布时间 on the story form only for those who may publish:
a reporter or correspondent filing a story never sees (nor can post) them."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles

from .factories import UserFactory
from .workflow_helpers import change_form, make_newsroom

pytestmark = pytest.mark.django_db

PUBLISH_FIELDS = ('name="publish_at_0"', "首次发布时间", "发布时间")


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (roles.CORRESPONDENT, False),
        (roles.REPORTER, False),
        (roles.EDITOR, False),
        (roles.DESK_CHIEF, False),
        (roles.CHIEF_EDITOR, True),
    ],
)
def test_the_new_story_form_shows_publish_times_only_to_publishers(client, role, sees):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["adminform"].form
    assert ("publish_at" in form.fields) is sees
    for shown in PUBLISH_FIELDS:
        assert (shown in page) is sees, shown
    # What is left of the 发布 section still shows the story's state.
    assert "状态" in page


def test_a_publish_time_posted_by_a_reporter_is_ignored():
    people = make_newsroom()
    story = people.story("draft")
    client = Client()
    client.force_login(people.author)
    response = client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        change_form(
            story,
            headline="改过的标题",
            publish_at_0="2030-01-01",
            publish_at_1="08:00:00",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.headline == "改过的标题"
    assert story.publish_at is None


def test_the_chief_editor_still_sees_both_times_on_a_story(client):
    people = make_newsroom()
    story = people.story("draft")
    client.force_login(people.chief)
    page = client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    # A draft in no review queue is read-only to the chief editor: the times
    # are shown, as text.
    assert "<label>发布时间:</label>" in page and "<label>首次发布时间:</label>" in page
