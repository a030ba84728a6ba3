"""The tag list: taggit's screen, under the newsroom's role policy and with
its merge page guarded.

taggit's own merge page (merge-tags/) checks only that the user is staff,
yet it re-points every story's and photo's tags, live ones included; here
it, and the action that leads to it, need the permission to change tags
(编辑 and up). Adding a bare tag is tag maintenance too: filing a story
makes the tags it names without this screen.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag

from .mixins import RolePolicyMixin

admin.site.unregister(Tag)


@admin.register(Tag)
class NewsroomTagAdmin(RolePolicyMixin, TagAdmin):
    actions = ["render_tag_form"]

    def has_add_permission(self, request):
        return self.has_change_permission(request)

    @admin.action(description=_("合并所选标签"), permissions=["change"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST" and not _chosen_tags_exist(request):
            # taggit would look up '' or a tag merged meanwhile: a 500.
            self.message_user(
                request, _("请先在标签列表中选择要合并的标签。"), messages.WARNING
            )
            return redirect("admin:taggit_tag_changelist")
        return super().merge_tags_view(request)


def _chosen_tags_exist(request) -> bool:
    """The tags the merge action put in the session, all still there."""
    chosen = request.session.get("selected_tag_ids", "").split(",")
    if not all(pk.isdigit() for pk in chosen):
        return False
    return Tag.objects.filter(pk__in=chosen).count() == len(set(chosen))
