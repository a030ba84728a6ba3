"""Preview links for stories not yet published."""

import pytest
from django.urls import reverse

from articles.reader import preview

from .workflow_helpers import make_newsroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def test_preview_for_the_author_and_reviewers_only(people, client, settings):
    article = people.story("stage1", body="<p>尚未发布的正文</p>")
    url = reverse("articles:preview", args=[preview.token_for(article)])
    for user in (people.author, people.editor, people.chief):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "尚未发布的正文" in response.content.decode()
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
        assert response.headers["X-Robots-Tag"].startswith("noindex")
    for user in (people.outsider, people.reporter):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "token", ["nonsense", "eyJhcnRpY2xlIjoxfQ:forged:signature", "a" * 5000]
)
def test_forged_preview_links_show_nothing(people, client, token):
    client.force_login(people.chief)
    assert client.get(reverse("articles:preview", args=[token])).status_code == 404


def test_preview_links_expire(people, client, settings):
    article = people.story("draft")
    url = reverse("articles:preview", args=[preview.token_for(article)])
    client.force_login(people.author)
    assert client.get(url).status_code == 200
    settings.NEWSROOM_PREVIEW_HOURS = -1
    assert client.get(url).status_code == 404
