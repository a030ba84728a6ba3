"""The front page's screens (首页编排, 专题): where the night editor sets
the 头条, the 焦点图 and each section's 置顶, and keeps the 专题.

Who may curate is who may publish (`articles.publish_article`): the front
page is a publishing decision, made by whoever holds the night's sign-off.
Every change purges the reader's cached pages (PurgesPagesMixin)."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Placement, Topic
from ..widgets import AutocompleteKnownValues
from .mixins import AutocompleteMixin, PurgesPagesMixin, RolePolicyMixin

CURATE = "articles.publish_article"


class CuratorsOnlyMixin:
    """The screen is the publishers' own, whatever model permissions say."""

    def _curator(self, request):
        return request.user.is_active and request.user.has_perm(CURATE)

    def has_module_permission(self, request):
        return self._curator(request)

    def has_view_permission(self, request, obj=None):
        return self._curator(request)

    def has_add_permission(self, request):
        return self._curator(request)

    def has_change_permission(self, request, obj=None):
        return self._curator(request)

    def has_delete_permission(self, request, obj=None):
        return self._curator(request)


class ActiveFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("生效中")), ("no", _("已到期"))]

    def queryset(self, request, queryset):
        active = Placement.objects.active()
        if self.value() == "yes":
            return queryset.filter(pk__in=active.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


@admin.register(Placement)
class PlacementAdmin(
    CuratorsOnlyMixin,
    RolePolicyMixin,
    PurgesPagesMixin,
    AutocompleteMixin,
    admin.ModelAdmin,
):
    list_display = [
        "kind",
        "article",
        "section",
        "position",
        "expires_at",
        "state",
        "has_photo",
    ]
    list_filter = ["kind", ActiveFilter, "section"]
    list_select_related = ["article", "section"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    fields = ["kind", "article", "section", "position", "expires_at"]
    radio_fields = {"kind": admin.HORIZONTAL}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "kind" in form.base_fields:
            # Said on the form rather than in the model: it is the rule
            # the night editor needs at the moment of choosing.
            form.base_fields["kind"].help_text = _(
                "头条只有一条，设置新头条会替换当前头条；焦点图最多 5 张，"
                "稿件须配有图片；栏目置顶排在该栏目区块的最前面。"
            )
        return form

    @admin.display(description=_("状态"))
    def state(self, obj):
        if obj.expires_at and obj.expires_at <= timezone.now():
            return _("已到期")
        if not obj.article.is_live():
            return _("稿件未上线")
        return _("生效中")

    @admin.display(description=_("配图"), boolean=True)
    def has_photo(self, obj):
        return bool(obj.article.article_photos.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("article__article_photos")


class AutocompleteKnownValuesMultiple(
    AutocompleteKnownValues, AutocompleteSelectMultiple
):
    """The stories' autocomplete shown again after a refused save: values
    that are no story id are dropped, not looked up (a 500)."""


@admin.register(Topic)
class TopicAdmin(
    CuratorsOnlyMixin,
    RolePolicyMixin,
    PurgesPagesMixin,
    AutocompleteMixin,
    admin.ModelAdmin,
):
    list_display = ["title", "slug", "on_home", "order", "story_count", "page_link"]
    list_editable = ["on_home", "order"]
    search_fields = ["title", "slug", "intro"]
    autocomplete_fields = ["stories", "lead_photo"]
    fields = ["title", "slug", "intro", "lead_photo", "stories", "on_home", "order"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "stories":
            kwargs["widget"] = AutocompleteKnownValuesMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("稿件数"), ordering="story_total")
    def story_count(self, obj):
        return obj.story_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_total=Count("stories"))

    @admin.display(description=_("专题页"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("查看"))
