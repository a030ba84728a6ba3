"""Behaviour shared by the newsroom's admin screens."""

from django.db import transaction

from ..reader import cache as page_cache
from ..tagging import TagField
from ..widgets import TagSuggestWidget


class PurgesPagesMixin:
    """Readers' pages show this model: any change makes them stale."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(page_cache.purge)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(page_cache.purge)


class TagInputMixin:
    """Tags typed as Chinese editors type them, with suggestions."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return db_field.formfield(
                form_class=TagField, widget=TagSuggestWidget(), required=False
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
