"""The whole role × state × transition matrix, through the workflow functions
and through crafted admin requests: every allowed step works, every other is
refused and changes nothing."""

import itertools

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article

from .workflow_helpers import (
    ACTORS,
    ALLOWED,
    MAY_EDIT,
    STATES,
    frozen,
    make_newsroom,
    run,
    step_form,
)

pytestmark = pytest.mark.django_db

# The steps people take from the review panel (resubmit, taken by an edit
# after sign-off, has its own walk in test_workflow.py).
TRANSITIONS = [t.name for t in workflow.TRANSITIONS.values() if t.by_hand]
MATRIX = list(itertools.product(ACTORS, STATES, TRANSITIONS))


@pytest.mark.parametrize(("actor", "state", "transition"), MATRIX)
def test_matrix_through_workflow_functions(actor, state, transition):
    people = make_newsroom()
    article = people.story(state)
    user = getattr(people, actor)
    before = frozen(article)
    if (actor, state, transition) in ALLOWED:
        run(transition, article, user)
        after = frozen(article)
        assert after[0:3] != before[0:3] or transition == "reschedule"
        assert after[4] == before[4] + 1  # exactly one log row
        event = article.events.last()
        assert (event.actor, event.action) == (user, transition)
    else:
        with pytest.raises(workflow.NotAllowed) as refusal:
            run(transition, article, user)
        assert str(refusal.value)  # a reason a person can act on
        assert frozen(article) == before


def _post_transition(client, article, transition):
    """Press the review panel's button for `transition` on the story's
    change form, with an opinion typed and the content unchanged."""
    extra = {}
    if transition == "reschedule":
        extra = {"workflow-at_0": "2099-01-01", "workflow-at_1": "08:00"}
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        step_form(article, transition, "理由", **extra),
    )


@pytest.mark.parametrize(("actor", "state", "transition"), MATRIX)
def test_matrix_through_admin_requests(client, actor, state, transition):
    people = make_newsroom()
    article = people.story(state)
    client.force_login(getattr(people, actor))
    before = frozen(article)
    response = _post_transition(client, article, transition)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    if (actor, state, transition) in ALLOWED:
        assert response.status_code == 302 and response.url == change_url
        assert frozen(article)[4] == before[4] + 1
        assert article.events.last().action == transition
    else:
        # Refused: a 403, the admin's "no such story" redirect for a story
        # this person may not see, or the story's page with the refusal.
        assert response.status_code in (302, 403), response.status_code
        if response.status_code == 302 and response.url == change_url:
            page = client.get(change_url).content.decode()
            assert "没有执行" in page, (actor, state, transition)
        else:
            assert response.status_code == 403 or response.url == "/admin/"
        assert frozen(article) == before


@pytest.mark.parametrize(("actor", "state"), list(itertools.product(ACTORS, STATES)))
def test_who_may_edit_what_when(actor, state):
    people = make_newsroom()
    article = people.story(state)
    assert workflow.can_edit(article, getattr(people, actor)) is (
        (actor, state) in MAY_EDIT
    )


@pytest.mark.parametrize(("actor", "state"), list(itertools.product(ACTORS, STATES)))
def test_admin_edit_post_is_refused_unless_allowed(client, actor, state):
    people = make_newsroom()
    article = people.story(state)
    client.force_login(getattr(people, actor))
    before = (frozen(article), article.headline)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {
            "kind": article.kind,
            "headline": "被篡改的标题",
            "body": "<p>正文</p>",
            "base_version": article.version,
            "status": "published",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "article_photos-TOTAL_FORMS": "0",
            "article_photos-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        },
    )
    article.refresh_from_db()
    if (actor, state) in MAY_EDIT:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert article.headline == "被篡改的标题"
        # The status field in the POST is ignored: only the workflow moves it.
        assert article.status != "published" or state in ("published", "scheduled")
    else:
        # 403, or for a story the user may not even see, the admin's 404-like
        # redirect to its front page ("no such object").
        assert response.status_code in (403, 404) or response.url == "/admin/"
        assert (frozen(article), article.headline) == before


def test_buttons_are_exactly_the_allowed_transitions(client):
    people = make_newsroom()
    for state in STATES:
        article = people.story(state)
        for actor in ACTORS:
            user = getattr(people, actor)
            shown = {t.name for t in workflow.available(article, user)}
            expected = {t for (a, s, t) in ALLOWED if a == actor and s == state}
            assert shown == expected, (actor, state)
            client.force_login(user)
            response = client.get(
                reverse("admin:articles_article_change", args=[article.pk])
            )
            if response.status_code == 200:
                page = response.content.decode()
                for name in workflow.TRANSITIONS:
                    button = f'name="_workflow" value="{name}"'
                    assert (button in page) is (name in expected), (actor, state, name)


def test_outside_correspondent_cannot_see_others_unpublished_work(client):
    people = make_newsroom()
    article = people.story("stage1")
    client.force_login(people.outsider)
    assert (
        client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).status_code
        == 302  # the admin's "no such story" redirect
    )
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert article.headline not in listing
    before = frozen(article)
    assert _post_transition(client, article, "approve").url == "/admin/"
    assert frozen(article) == before


def test_outside_correspondent_works_on_their_own_story(client):
    people = make_newsroom()
    mine = Article.objects.create(headline="通讯员来稿", created_by=people.outsider)
    client.force_login(people.outsider)
    assert (
        client.get(reverse("admin:articles_article_change", args=[mine.pk])).status_code
        == 200
    )
    assert _post_transition(client, mine, "submit").status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.stage) == ("submitted", 1)
