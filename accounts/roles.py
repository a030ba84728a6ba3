"""The newsroom's roles, as Django groups.

The group names are what the admin shows and what the review chain's
configuration names; the permissions each role holds are set by the data
migration `0002_roles` from the table below, and `sync_roles()` can apply
the same table again after a model gains a permission.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

REPORTER = "记者"
CORRESPONDENT = "通讯员"
EDITOR = "编辑"
DESK_CHIEF = "部门主任"
CHIEF_EDITOR = "总编辑"
FINANCE = "财务"
NIGHT_EDITOR = "值班总编"

#: Roles that see every desk's stories: the desk scope of a review stage
#: (`复审:部门主任@desk`) does not narrow what they sign or are shown.
ALL_DESKS = frozenset({CHIEF_EDITOR, NIGHT_EDITOR})

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
    "taggit.add_tag",
    # Planning (选题): whoever files proposes topics; what they may change
    # on one is articles.planning's rule (proposer while 报题, the desk's
    # chiefs after). Nobody deletes one: a refused topic stays, with why.
    "articles.add_planitem",
    "articles.change_planitem",
    "articles.view_planitem",
]
#: Staff who file stories may also change photos, see the units and the tag
#: list (an outside correspondent types tags and gets suggestions, no list).
_FILE = _CONTRIBUTE + [
    "articles.change_photo",
    "accounts.view_organisation",
    "taggit.view_tag",
]
_REVIEW = _FILE + [
    "accounts.add_correspondent",
    "accounts.change_correspondent",
    "accounts.add_organisation",
    "accounts.change_organisation",
    "articles.review_article",
    "taggit.change_tag",
    "articles.view_sensitiveword",
    # The printed paper's editions and pages (版面), with their 热区.
    "articles.add_edition",
    "articles.change_edition",
    "articles.view_edition",
    "articles.add_page",
    "articles.change_page",
    "articles.view_page",
]
#: Who keeps the sensitive-word lexicon (敏感词库): the desk chiefs and the
#: chief editor.
_LEXICON = [
    "articles.add_sensitiveword",
    "articles.change_sensitiveword",
    "articles.delete_sensitiveword",
]

#: Who keeps the desks (部门) and their people.
_DESKS = [
    "accounts.add_desk",
    "accounts.change_desk",
    "accounts.delete_desk",
    "accounts.view_desk",
]

#: Fees (fees app): whoever files sees their own fees and statements (the
#: screens show others' to those who adjust or pay them only); editors adjust
#: fees with a reason; 财务 keeps the rate tables and pays the statements.
_OWN_FEES = ["fees.view_fee", "fees.view_statement"]
_ADJUST_FEES = [
    "fees.view_fee",
    "fees.adjust_fee",
    "fees.view_feeadjustment",
    "fees.view_ratetable",
]
_PAY_FEES = [
    "fees.view_fee",
    "fees.view_feeadjustment",
    "fees.view_statement",
    "fees.change_statement",
    "fees.view_ratetable",
    "fees.add_ratetable",
    "fees.change_ratetable",
    "accounts.view_correspondent",
    "accounts.view_organisation",
]

#: role -> the model permissions ("app_label.codename") it holds, no more.
PERMISSIONS = {
    # Staff reporters file stories and may add the people they quote in bylines.
    REPORTER: _FILE + _OWN_FEES + ["accounts.add_correspondent"],
    # Outside contributors file stories; they see only their own (admin rule).
    CORRESPONDENT: _CONTRIBUTE + _OWN_FEES,
    EDITOR: _REVIEW + _ADJUST_FEES,
    DESK_CHIEF: _REVIEW
    + _ADJUST_FEES
    + _LEXICON
    + [
        "articles.add_section",
        "articles.change_section",
        "articles.delete_photo",
        "accounts.view_desk",
    ],
    CHIEF_EDITOR: _REVIEW
    + _ADJUST_FEES
    + _LEXICON
    + _DESKS
    + [
        "articles.add_section",
        "articles.change_section",
        "articles.delete_section",
        "articles.delete_photo",
        "articles.delete_edition",
        "articles.delete_page",
        "articles.publish_article",
        "articles.withdraw_article",
        "taggit.delete_tag",
    ],
    # The night editor (值班总编) closes the day: signs any desk's story at
    # the stages their groups sign, and publishes; the desks and the
    # sections stay with the chief editor.
    NIGHT_EDITOR: _REVIEW
    + [
        "articles.delete_photo",
        "articles.publish_article",
        "accounts.view_desk",
    ],
    # 财务 (finance): rate tables, fees and monthly statements, nothing else.
    FINANCE: _PAY_FEES,
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


def sees_all_desks(user) -> bool:
    """The chief editor and the night editor: every desk is theirs."""
    return user.is_superuser or bool(ALL_DESKS & groups_of(user))


def is_outside_contributor(user) -> bool:
    """Correspondents from outside the paper (通讯员) who hold no review role."""
    return (
        not user.is_superuser
        and CORRESPONDENT in groups_of(user)
        and not user.has_perm("articles.review_article")
    )


# ------------------------------------------------ what each role sees

#: The dashboard's panels (articles.workflow.dashboard), in page order.
PANELS = ("notifications", "awaiting", "mine", "to_publish", "scheduled", "recent")

#: List actions that need a permission whoever holds the role: nobody is
#: offered a button that can only be refused.
ACTION_PERMISSIONS = {"publish_selected": "articles.publish_article"}


@dataclass(frozen=True)
class Screen:
    """What a role sees of one model's admin screens (list, form, search).

    `rows(user)` is the Q of the rows the user may open, None for all of
    them; `fields` are left out of the form and the list's columns; `filters`
    are left out of the list's filters; `actions` out of its actions.
    """

    rows: object = None
    fields: frozenset = frozenset()
    filters: frozenset = frozenset()
    actions: frozenset = frozenset()


@dataclass(frozen=True)
class Policy:
    """What a kind of user sees in the admin, beyond model permissions.

    `screens` maps a model label ("articles.article") to its Screen (absent:
    the whole screen); `panels` are the dashboard panels shown; `pages` the
    custom admin pages opened (beyond what their own permission checks);
    `tags` is "all" or "seen": tag suggestions from every tag, or only from
    tags readers can already see and the user's own stories.
    """

    screens: dict = field(default_factory=dict)
    panels: tuple = PANELS
    pages: frozenset = frozenset({"import"})
    tags: str = "all"

    def screen(self, label: str) -> Screen:
        return self.screens.get(label, Screen())


def _own_stories(user) -> Q:
    """Stories the user filed or a byline of which names them."""
    return Q(created_by=user) | Q(credits__correspondent__user=user)


#: Staff: every row and field their model permissions give.
STAFF = Policy()

#: Outside correspondents (通讯员) see their own world: their stories, the
#: photos they uploaded, and the public fields of the people on their own
#: bylines. No staff names (创建人), no import, no publish, no other desk's
#: queue, no embargoed headlines (定时发布).
OUTSIDE = Policy(
    screens={
        "articles.article": Screen(
            rows=_own_stories,
            # The desk is the newsroom's: their story stays on their own.
            fields=frozenset({"created_by", "responsible_editor", "desk"}),
            filters=frozenset({"created_by", "desk"}),
            actions=frozenset({"publish_selected"}),
        ),
        "articles.photo": Screen(
            rows=lambda user: Q(uploaded_by=user),
            fields=frozenset({"uploaded_by"}),
        ),
        "accounts.correspondent": Screen(
            rows=lambda user: (
                Q(user=user)
                | Q(credits__article__created_by=user)
                | Q(credits__article__credits__correspondent__user=user)
            ),
            fields=frozenset(
                {"phone", "email", "notes", "user", "is_active", "needs_check"}
            ),
            filters=frozenset({"affiliation", "is_active", "needs_check"}),
        ),
        # Topics they proposed or were sent to write, not the paper's plan.
        "articles.planitem": Screen(
            rows=lambda user: Q(proposed_by=user) | Q(assignees=user),
            filters=frozenset({"desk"}),
        ),
    },
    panels=("notifications", "mine"),
    pages=frozenset(),
    tags="seen",
)

#: role -> its policy. A user holding a review role besides 通讯员 is staff.
POLICIES = {
    REPORTER: STAFF,
    CORRESPONDENT: OUTSIDE,
    EDITOR: STAFF,
    DESK_CHIEF: STAFF,
    CHIEF_EDITOR: STAFF,
    NIGHT_EDITOR: STAFF,
    FINANCE: STAFF,
}


def policy_for(user) -> Policy:
    """The one policy the admin consults for this user."""
    return POLICIES[CORRESPONDENT] if is_outside_contributor(user) else STAFF


def may_link_accounts(user) -> bool:
    """Who may tie a login account to a 署名人 record (Correspondent.user):
    those who manage accounts. Anyone else could make a byline speak for
    the chief editor, or gain their stories' author rights."""
    return user.has_perm("accounts.change_user")
