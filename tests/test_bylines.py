"""Bylines in the story form: order set by the rows' order (dragging), never
by typed numbers; positions saved consecutive; new rows last; the "+" person
popup from a byline row starts with the kind the row's role names."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Correspondent
from articles.models import Credit

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
)
from .workflow_helpers import change_form


@pytest.fixture
def reporter(client, role_user):
    user = role_user(roles.REPORTER)
    client.force_login(user)
    return user


def post_byline(client, article, rows, *, initial=0):
    """rows: (credit or None, correspondent, role, posted position, delete)."""
    data = change_form(
        article,
        **{
            "credits-TOTAL_FORMS": str(len(rows)),
            "credits-INITIAL_FORMS": str(initial),
        },
    )
    for index, (credit, person, role, position, delete) in enumerate(rows):
        prefix = f"credits-{index}-"
        data[prefix + "id"] = str(credit.pk) if credit else ""
        data[prefix + "article"] = str(article.pk)
        data[prefix + "correspondent"] = str(person.pk) if person else ""
        data[prefix + "role"] = role
        data[prefix + "position"] = position
        if delete:
            data[prefix + "DELETE"] = "on"
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    return [
        (c.correspondent.name, c.position)
        for c in Credit.objects.filter(article=article).order_by("position", "pk")
    ]


@pytest.fixture
def story_with_three(reporter):
    article = ArticleFactory(created_by=reporter)
    people = [
        CorrespondentFactory(name=name) for name in ("蒋梦柯", "邵一帆", "程立言")
    ]
    credits = [
        CreditFactory(article=article, correspondent=person, position=n, role="")
        for n, person in enumerate(people, start=1)
    ]
    return article, people, credits


def test_dragged_order_is_saved_as_consecutive_positions(client, story_with_three):
    article, people, credits = story_with_three
    # The script wrote 1…n in the order the rows now stand: 程立言 dragged first.
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", "2", False),
            (credits[1], people[1], "", "3", False),
            (credits[2], people[2], "", "1", False),
        ],
        initial=3,
    )
    assert saved == [("程立言", 1), ("蒋梦柯", 2), ("邵一帆", 3)]


def test_positions_close_up_when_a_row_is_deleted(client, story_with_three):
    article, people, credits = story_with_three
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", "1", True),
            (credits[1], people[1], "", "2", False),  # unchanged rows move up
            (credits[2], people[2], "", "3", False),
        ],
        initial=3,
    )
    assert saved == [("邵一帆", 1), ("程立言", 2)]


def test_gaps_and_ties_in_posted_positions_come_out_consecutive(
    client, story_with_three
):
    article, people, credits = story_with_three
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", "40", False),
            (credits[1], people[1], "", "7", False),
            (credits[2], people[2], "", "7", False),  # a tie keeps row order
        ],
        initial=3,
    )
    assert saved == [("邵一帆", 1), ("程立言", 2), ("蒋梦柯", 3)]


def test_a_new_row_without_a_position_goes_last(client, story_with_three):
    article, people, credits = story_with_three
    newcomer = CorrespondentFactory(name="柯国栋")
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", "5", False),
            (credits[1], people[1], "", "6", False),
            (credits[2], people[2], "", "7", False),
            (None, newcomer, "correspondent", "", False),  # no script ran
        ],
        initial=3,
    )
    assert saved == [("蒋梦柯", 1), ("邵一帆", 2), ("程立言", 3), ("柯国栋", 4)]


def test_a_new_row_dragged_to_the_top_comes_first(client, story_with_three):
    article, people, credits = story_with_three
    newcomer = CorrespondentFactory(name="柯国栋")
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", "2", False),
            (credits[1], people[1], "", "3", False),
            (credits[2], people[2], "", "4", False),
            (None, newcomer, "correspondent", "1", False),
        ],
        initial=3,
    )
    assert saved == [("柯国栋", 1), ("蒋梦柯", 2), ("邵一帆", 3), ("程立言", 4)]


def test_a_blank_extra_row_is_ignored(client, story_with_three):
    article, people, credits = story_with_three
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", "1", False),
            (credits[1], people[1], "", "2", False),
            (credits[2], people[2], "", "3", False),
            (None, None, "reporter", "", False),  # as offered: 记者, nobody
        ],
        initial=3,
    )
    assert len(saved) == 3


@pytest.mark.parametrize("position", ["-1", "abc", "99999", "1.5", "1e3"])
def test_a_forged_position_counts_as_no_place_and_goes_last(
    client, story_with_three, position
):
    article, people, credits = story_with_three
    saved = post_byline(
        client,
        article,
        [
            (credits[0], people[0], "", position, False),
            (credits[1], people[1], "", "2", False),
            (credits[2], people[2], "", "3", False),
        ],
        initial=3,
    )
    assert saved == [("邵一帆", 1), ("程立言", 2), ("蒋梦柯", 3)]


def test_the_story_form_has_no_typed_position(client, story_with_three):
    article, _, _ = story_with_three
    page = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert 'type="hidden" name="credits-0-position"' in page
    assert 'type="number" name="credits-0-position"' not in page
    assert "nr-order__handle" in page and "上移一位" in page and "下移一位" in page
    assert "js/inline-order.js" in page and "js/byline-popup.js" in page


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ({"role": "correspondent"}, Correspondent.Kind.CORRESPONDENT),
        ({"role": "reporter"}, Correspondent.Kind.STAFF),
        ({"role": "photo"}, Correspondent.Kind.PHOTOGRAPHER),
        ({"role": "special_writer"}, Correspondent.Kind.CONTRIBUTOR),
        ({"role": ""}, Correspondent.Kind.STAFF),  # the model's default
        ({"role": "nonsense"}, Correspondent.Kind.STAFF),
        ({"kind": "organisation", "role": "reporter"}, "organisation"),
        ({"kind": "nonsense"}, Correspondent.Kind.STAFF),
    ],
)
def test_person_popup_starts_with_the_kind_of_the_rows_role(
    client, reporter, query, kind
):
    response = client.get(
        reverse("admin:accounts_correspondent_add"),
        {"_to_field": "id", "_popup": "1", **query},
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["kind"].value() == kind
    assert f'<option value="{kind}" selected>' in response.content.decode()


def test_person_added_from_the_popup_is_saved_with_that_kind(client, reporter):
    response = client.post(
        reverse("admin:accounts_correspondent_add")
        + "?_to_field=id&_popup=1&role=correspondent",
        {
            "name": "陆鸣",
            "kind": "correspondent",
            "is_active": "on",
            "slug": "",
            "bio": "",
            "phone": "",
            "email": "",
            "notes": "",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200  # the popup's closing page
    assert Correspondent.objects.get(name="陆鸣").kind == "correspondent"


def selected_role(html, prefix):
    """The option selected in the role <select> named `prefix`-role."""
    select = re.search(
        rf'<select name="{re.escape(prefix)}-role".*?</select>', html, re.S
    ).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


@pytest.mark.parametrize(
    ("role", "default"),
    [(roles.REPORTER, "reporter"), (roles.CORRESPONDENT, "correspondent")],
)
def test_a_new_byline_row_starts_with_the_filers_role(client, role_user, role, default):
    user = role_user(role)
    client.force_login(user)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert selected_role(html, "credits-0") == default  # the extra row
    assert selected_role(html, "credits-__prefix__") == default  # "add another"
    article = ArticleFactory(created_by=user)
    CreditFactory(article=article, role="", correspondent=CorrespondentFactory())
    html = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert selected_role(html, "credits-0") == ""  # saved as it was
    assert selected_role(html, "credits-1") == default


def test_a_new_credit_row_on_a_photo_starts_as_its_photographer(client, role_user):
    client.force_login(role_user(roles.CHIEF_EDITOR))
    photo = PhotoFactory()
    html = client.get(
        reverse("admin:articles_photo_change", args=[photo.pk])
    ).content.decode()
    assert selected_role(html, "credits-__prefix__") == "photo"


def test_an_untouched_new_row_is_not_saved_and_a_named_one_keeps_its_role(
    client, reporter
):
    article = ArticleFactory(created_by=reporter)
    person = CorrespondentFactory(name="林晓峰")
    saved = post_byline(
        client,
        article,
        [(None, person, "reporter", "1", False), (None, None, "reporter", "", False)],
    )
    assert saved == [("林晓峰", 1)]
    assert Credit.objects.get(article=article).role == "reporter"
