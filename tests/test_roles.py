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
    ],
)
def test_role_permissions(role_user, role, perm, holds):
    assert role_user(role).has_perm(perm) is holds


def test_sync_roles_is_repeatable():
    roles.sync_roles(Group, Permission)
    roles.sync_roles(Group, Permission)
    assert Group.objects.filter(name__in=roles.PERMISSIONS).count() == 5
