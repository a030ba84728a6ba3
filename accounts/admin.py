from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from articles.admin.mixins import (
    AutocompleteMixin,
    PurgesPagesMixin,
    RolePolicyMixin,
)

from . import roles
from .merge import confirm_people, merge_into
from .models import Correspondent, Desk, Organisation, User
from .two_factor_admin import reset_two_factor


@admin.register(User)
class UserAdmin(RolePolicyMixin, BaseUserAdmin):
    list_display = ["username", "__str__", "email", "role_names", "is_active"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    actions = [reset_two_factor]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("角色"))
    def role_names(self, user):
        return "、".join(group.name for group in user.groups.all())


@admin.register(Organisation)
class OrganisationAdmin(RolePolicyMixin, admin.ModelAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


@admin.register(Desk)
class DeskAdmin(RolePolicyMixin, admin.ModelAdmin):
    """The desks (部门) and their people: the chief editor keeps them."""

    list_display = ["name", "chief_names", "member_count", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    filter_horizontal = ["chiefs", "members"]
    fields = ["name", "order", "chiefs", "members"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("chiefs", "members")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "chiefs":
            # Leading a desk is not a role: who signs a 部门主任@desk stage
            # is a chief of the story's desk who is also in that group.
            kwargs["help_text"] = _(
                "可以有多位。部门范围的审稿环节（如“复审:部门主任@desk”）由本部门"
                "主任中属于“部门主任”角色的人审签。"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("部门主任"))
    def chief_names(self, desk):
        return "、".join(str(user) for user in desk.chiefs.all()) or "—"

    @admin.display(description=_("成员人数"))
    def member_count(self, desk):
        return len(desk.members.all())


@admin.register(Correspondent)
class CorrespondentAdmin(
    AutocompleteMixin, RolePolicyMixin, PurgesPagesMixin, admin.ModelAdmin
):
    list_display = ["name", "kind", "affiliation", "user", "is_active", "needs_check"]
    list_filter = ["needs_check", "kind", "is_active", "affiliation"]
    actions = [confirm_people, merge_into]
    list_select_related = ["affiliation", "user"]
    search_fields = ["name", "slug", "affiliation__name", "affiliation__short_name"]
    autocomplete_fields = ["affiliation", "user"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "kind",
                    "affiliation",
                    "user",
                    "is_active",
                    "needs_check",
                ]
            },
        ),
        (_("公开信息"), {"fields": ["slug", "bio"]}),
        (_("联系方式（仅内部可见）"), {"fields": ["phone", "email", "notes"]}),
    ]

    #: The kind of person a byline role names, for the "+" beside a byline
    #: row: a person added from a 通讯员 row is a 通讯员, and so on
    #: (static/js/byline-popup.js passes the row's role as ?role=).
    KIND_FOR_ROLE = {
        "reporter": Correspondent.Kind.STAFF,
        "correspondent": Correspondent.Kind.CORRESPONDENT,
        "photo": Correspondent.Kind.PHOTOGRAPHER,
        "text_photo": Correspondent.Kind.STAFF,
        "special": Correspondent.Kind.CONTRIBUTOR,
        "special_writer": Correspondent.Kind.CONTRIBUTOR,
        "intern": Correspondent.Kind.STAFF,
    }

    def rows_for(self, request, queryset):
        if _is_byline_lookup(request):
            # Filing a story means finding anyone to put in its byline: the
            # lookup answers with names and units only (str()), so it is
            # not narrowed to the people on the user's own bylines.
            return queryset
        return super().rows_for(request, queryset)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not roles.may_link_accounts(request.user):
            # Shown, not posted: a login account given to a byline record
            # gains author rights on every story that byline names.
            fields.append("user")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = self.KIND_FOR_ROLE.get(request.GET.get("role", ""))
        if kind and "kind" not in request.GET:
            initial["kind"] = kind
        if initial.get("kind") not in Correspondent.Kind.values:
            initial.pop("kind", None)  # an unknown ?kind= falls back to the default
        return initial


def _is_byline_lookup(request) -> bool:
    """The admin's autocomplete for the person of a byline row (a story's
    or a photo's Credit.correspondent)."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("app_label") == "articles"
        and request.GET.get("model_name") == "credit"
        and request.GET.get("field_name") == "correspondent"
    )
