"""Behaviour shared by the newsroom's admin screens."""

from django.contrib.admin.options import ActionLocation
from django.db import transaction
from django.db.models import Q
from taggit.models import Tag

from accounts import roles

from ..models import Article, Photo
from ..reader import cache as page_cache
from ..tagging import TagField
from ..widgets import AutocompleteKnownValues, TagSuggestWidget


class PurgesPagesMixin:
    """Readers' pages show this model: any change makes them stale, all of
    them unless `purge_after_save(obj)` gives the purge for this object."""

    purge_after_save = None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.purge_after_save is None:
            transaction.on_commit(page_cache.purge)
        else:
            transaction.on_commit(self.purge_after_save(obj))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(page_cache.purge)


class AutocompleteMixin:
    """The autocomplete fields use AutocompleteKnownValues, so a refused
    save with a hostile value shows the form again instead of a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteKnownValues(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TagInputMixin:
    """Tags typed as Chinese editors type them, with suggestions."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return db_field.formfield(
                form_class=TagField, widget=TagSuggestWidget(), required=False
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def suggestable_tags(self, request):
        """The tags suggested as the user types. Where the role's policy says
        "seen", only tags readers already see and those on the user's own
        stories: a suggestion must not spell out an embargoed story's
        subject."""
        policy = roles.policy_for(request.user)
        if policy.tags == "all":
            return Tag.objects.all()
        own = policy.screen(Article._meta.label_lower).rows or (lambda user: Q())
        return Tag.objects.filter(
            Q(article__in=Article.objects.published())
            | Q(article__in=Article.objects.filter(own(request.user)))
        ).distinct()


class RolePolicyMixin:
    """Every admin screen asks accounts.roles.policy_for() what this user
    sees of it: which rows, which fields and columns, which filters and
    actions. The policy table is the one place that decides; screens only
    apply it."""

    def role_screen(self, request) -> roles.Screen:
        return roles.policy_for(request.user).screen(self.model._meta.label_lower)

    def rows_for(self, request, queryset):
        """`queryset` narrowed to the rows this user may open."""
        rows = self.role_screen(request).rows
        if rows is None:
            return queryset
        return queryset.filter(
            pk__in=queryset.model._default_manager.filter(rows(request.user)).values(
                "pk"
            )
        )

    def get_queryset(self, request):
        return self.rows_for(request, super().get_queryset(request))

    def get_list_display(self, request):
        hidden = self.role_screen(request).fields
        return [f for f in super().get_list_display(request) if f not in hidden]

    def get_list_filter(self, request):
        hidden = self.role_screen(request).filters
        return [
            f for f in super().get_list_filter(request) if _filter_name(f) not in hidden
        ]

    def get_fieldsets(self, request, obj=None):
        # The form is built from these fieldsets, so a hidden field is neither
        # shown nor accepted from a POST.
        hidden = self.role_screen(request).fields
        fieldsets = []
        for name, opts in super().get_fieldsets(request, obj):
            fields = [f for f in opts["fields"] if _field_names(f).isdisjoint(hidden)]
            if fields:
                fieldsets.append((name, {**opts, "fields": fields}))
        return fieldsets

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        hidden = self.role_screen(request).actions
        for name in list(actions):
            needs = roles.ACTION_PERMISSIONS.get(name)
            if name in hidden or (needs and not request.user.has_perm(needs)):
                del actions[name]
        return actions


def _filter_name(list_filter):
    """A list_filter entry's field name ("created_by", ("user", Filter)), or
    a SimpleListFilter's parameter name."""
    if isinstance(list_filter, (list, tuple)):
        list_filter = list_filter[0]
    return getattr(list_filter, "parameter_name", list_filter)


def _field_names(entry):
    """A fieldset entry is a name or a tuple of names shown on one line."""
    return set(entry) if isinstance(entry, (list, tuple)) else {entry}


def choosable_photos(user):
    """The photos a story's photo row may name: the library this user sees,
    and photos already on stories they see (saving a story an editor
    illustrated keeps its photos). A forged id outside it is refused like a
    deleted photo."""
    policy = roles.policy_for(user)
    photo_rows = policy.screen(Photo._meta.label_lower).rows
    if photo_rows is None:
        return Photo.objects.all()
    story_rows = policy.screen(Article._meta.label_lower).rows or (lambda user: Q())
    return Photo.objects.filter(
        photo_rows(user) | Q(uses__article__in=Article.objects.filter(story_rows(user)))
    ).distinct()
