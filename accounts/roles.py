"""The newsroom's roles, as Django groups.

The group names are what the admin shows and what the review chain's
configuration names; the permissions each role holds are set by the data
migration `0002_roles` from the table below, and `sync_roles()` can apply
the same table again after a model gains a permission.
"""

from django.db import models

REPORTER = "记者"
CORRESPONDENT = "通讯员"
EDITOR = "编辑"
DESK_CHIEF = "部门主任"
CHIEF_EDITOR = "总编辑"

#: What an outside correspondent holds: file stories and their photos.
_CONTRIBUTE = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_credit",
    "articles.change_credit",
    "articles.delete_credit",
    "articles.view_credit",
    "articles.add_articlephoto",
    "articles.change_articlephoto",
    "articles.delete_articlephoto",
    "articles.view_articlephoto",
    "articles.add_photo",
    "articles.view_photo",
    "articles.view_section",
    "accounts.view_correspondent",
    "taggit.view_tag",
    "taggit.add_tag",
]
#: Staff who file stories may also change photos and see the units.
_FILE = _CONTRIBUTE + ["articles.change_photo", "accounts.view_organisation"]
_REVIEW = _FILE + [
    "accounts.add_correspondent",
    "accounts.change_correspondent",
    "accounts.add_organisation",
    "accounts.change_organisation",
    "articles.review_article",
    "taggit.change_tag",
]

#: role -> the model permissions ("app_label.codename") it holds, no more.
PERMISSIONS = {
    # Staff reporters file stories and may add the people they quote in bylines.
    REPORTER: _FILE + ["accounts.add_correspondent"],
    # Outside contributors file stories; they see only their own (admin rule).
    CORRESPONDENT: _CONTRIBUTE,
    EDITOR: _REVIEW,
    DESK_CHIEF: _REVIEW
    + [
        "articles.add_section",
        "articles.change_section",
        "articles.delete_photo",
    ],
    CHIEF_EDITOR: _REVIEW
    + [
        "articles.add_section",
        "articles.change_section",
        "articles.delete_section",
        "articles.delete_photo",
        "articles.publish_article",
        "articles.withdraw_article",
        "taggit.delete_tag",
    ],
}


def sync_roles(group_model, permission_model):
    """Create the role groups and give each exactly the permissions above.

    Takes the models as arguments so that data migrations can pass their
    historical models. A permission whose model a later migration creates is
    skipped here and granted by that migration calling this again; the test
    suite checks that every permission named above exists.
    """
    for name, perms in PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        query = models.Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            query |= models.Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(permission_model.objects.filter(query))


def groups_of(user) -> set[str]:
    """The names of the user's groups, read once per user object."""
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = set(user.groups.values_list("name", flat=True))
    return user._newsroom_groups


def is_outside_contributor(user) -> bool:
    """Correspondents from outside the paper (通讯员) who hold no review role."""
    return (
        not user.is_superuser
        and CORRESPONDENT in groups_of(user)
        and not user.has_perm("articles.review_article")
    )
