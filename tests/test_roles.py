"""Roles are groups made by a data migration, each with the permissions it
needs and no more."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_with_exactly_its_permissions():
    for name, perms in roles.PERMISSIONS.items():
        group = Group.objects.get(name=name)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert held == set(perms), name


def test_every_named_permission_exists():
    for perms in roles.PERMISSIONS.values():
        for perm in perms:
            app_label, codename = perm.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), perm


@pytest.mark.parametrize(
    ("role", "perm", "holds"),
    [
        (roles.REPORTER, "articles.add_article", True),
        (roles.REPORTER, "articles.review_article", False),
        (roles.REPORTER, "articles.publish_article", False),
        (roles.REPORTER, "articles.delete_article", False),
        (roles.CORRESPONDENT, "articles.add_article", True),
        (roles.CORRESPONDENT, "articles.change_photo", False),
        (roles.CORRESPONDENT, "accounts.add_correspondent", False),
        (roles.EDITOR, "articles.review_article", True),
        (roles.EDITOR, "articles.publish_article", False),
        (roles.EDITOR, "articles.change_section", False),
        (roles.DESK_CHIEF, "articles.change_section", True),
        (roles.DESK_CHIEF, "articles.publish_article", False),
        (roles.CHIEF_EDITOR, "articles.publish_article", True),
        (roles.CHIEF_EDITOR, "articles.withdraw_article", True),
        (roles.CHIEF_EDITOR, "accounts.change_user", False),
        (roles.CHIEF_EDITOR, "accounts.change_desk", True),
        (roles.DESK_CHIEF, "accounts.change_desk", False),
        (roles.NIGHT_EDITOR, "articles.publish_article", True),
        (roles.NIGHT_EDITOR, "articles.review_article", True),
        (roles.NIGHT_EDITOR, "articles.withdraw_article", False),
        (roles.NIGHT_EDITOR, "accounts.change_desk", False),
    ],
)
def test_role_permissions(role_user, role, perm, holds):
    assert role_user(role).has_perm(perm) is holds


def test_sync_roles_is_repeatable():
    roles.sync_roles(Group, Permission)
    roles.sync_roles(Group, Permission)
    assert Group.objects.filter(name__in=roles.PERMISSIONS).count() == len(
        roles.PERMISSIONS
    )


def test_an_outside_correspondent_is_one_without_a_review_role(role_user, superuser):
    outsider = role_user(roles.CORRESPONDENT)
    assert roles.is_outside_contributor(outsider)
    for insider in (role_user(roles.REPORTER), role_user(roles.EDITOR), superuser):
        assert not roles.is_outside_contributor(insider)
    both = role_user(roles.CORRESPONDENT)
    both.groups.add(Group.objects.get(name=roles.EDITOR))
    assert not roles.is_outside_contributor(both)


def test_stories_visible_to_an_outside_correspondent_are_their_own(role_user):
    from articles.models import Article

    from .factories import ArticleFactory, CreditFactory

    outsider = role_user(roles.CORRESPONDENT)
    filed = ArticleFactory(created_by=outsider)
    credited = ArticleFactory()
    CreditFactory(article=credited, correspondent__user=outsider)
    CreditFactory(article=credited, correspondent__name="另一位署名人")
    others = ArticleFactory()
    assert set(Article.objects.visible_to(outsider)) == {filed, credited}
    assert Article.objects.visible_to(outsider).count() == 2  # each once
    assert set(Article.objects.visible_to(role_user(roles.EDITOR))) == {
        filed,
        credited,
        others,
    }
