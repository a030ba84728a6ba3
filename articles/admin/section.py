"""The sections screen."""

from django.contrib import admin

from ..models import Section
from .mixins import PurgesPagesMixin, RolePolicyMixin


@admin.register(Section)
class SectionAdmin(RolePolicyMixin, PurgesPagesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_column"]
    list_editable = ["order"]
    list_filter = ["is_column"]
    search_fields = ["name", "slug", "description"]
