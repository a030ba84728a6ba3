"""Notifications and mail when a story reaches someone in the 三审 chain."""

import pytest
from django.core import mail
from django.urls import reverse

from articles import workflow
from articles.models import Notification

from .workflow_helpers import make_newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def test_reviewers_are_notified_and_mailed_when_a_story_reaches_them(people, settings):
    settings.NEWSROOM_SEND_EMAIL = True
    article = people.story("draft")
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            workflow.submit(article, by=people.author)
    note = Notification.objects.get(recipient=people.editor)
    assert "等待您初审" in note.message
    assert [m.to for m in mail.outbox] == [["e@x.cn"]]


def test_the_author_hears_when_a_story_is_sent_back(people):
    article = people.story("stage1")
    workflow.send_back(article, by=people.editor, reason="请补充采访对象的职务。")
    note = Notification.objects.get(recipient=people.author)
    assert "请补充采访对象的职务。" in note.message


def test_no_mail_without_a_mail_server(people, settings):
    settings.NEWSROOM_SEND_EMAIL = False
    from django.test import TestCase

    article = people.story("draft")
    with TestCase.captureOnCommitCallbacks(execute=True):
        workflow.submit(article, by=people.author)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=people.editor).exists()


def test_opening_a_story_marks_its_notifications_read(people, client):
    article = people.story("stage1")
    client.force_login(people.editor)
    client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert not people.editor.notifications.filter(read_at__isnull=True).exists()
