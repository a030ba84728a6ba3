"""The story screen: the form, its URLs and the admin actions. The review
panel is in review.py, the revisions page in revisions.py."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import editing, spike, workflow
from ..models import Article, Credit
from . import desk_choice
from .corrections import correction_urls
from .forms import ArticleAdminForm
from .import_page import import_page_view, may_import
from .inlines import (
    ArticlePhotoInline,
    CorrectionInline,
    CreditInline,
)
from .mixins import AutocompleteMixin, RolePolicyMixin, TagInputMixin
from .planning import FromPlanMixin
from .review import ReviewPanelMixin
from .revisions import RevisionsMixin
from .story_list import (
    CappedPaginator,
    SpikedFilter,
    StateFilter,
    StoryChangeList,
    StorySearchMixin,
    spike_view,
)
from .talk import TalkPanelMixin


@admin.register(Article)
class ArticleAdmin(
    AutocompleteMixin,
    RolePolicyMixin,
    FromPlanMixin,
    TalkPanelMixin,
    ReviewPanelMixin,
    RevisionsMixin,
    TagInputMixin,
    StorySearchMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    # The story list: headlines first and wide, newest edits on top, no
    # nav sidebar (articles/admin/story_list.py).
    list_display = [
        "headline",
        "section",
        "byline_display",
        "state_display",
        "char_count",
        "updated_at",
    ]
    list_display_links = ["headline"]
    list_filter = [StateFilter, SpikedFilter, "kind", "section", "desk", "created_by"]
    ordering = ["-updated_at", "-pk"]
    list_per_page = 50
    # Never a COUNT(*) over every story (articles/admin/story_list.py).
    paginator = CappedPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_select_related = ["section"]
    search_fields = [
        "headline",
        "kicker",
        "subtitle",
        "summary",
        "credits__correspondent__name",
    ]
    search_help_text = _("按标题、摘要或署名人搜索")
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section"]
    readonly_fields = [
        "state_display",
        "char_count",
        "version",
        "created_by",
        "first_published_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "kicker", "headline", "subtitle", "section", "desk"]},
        ),
        (_("正文"), {"fields": ["summary", "body", "char_count", "tags"]}),
        (
            _("来源"),
            {
                "fields": [
                    "source",
                    "source_name",
                    "original_author",
                    "original_title",
                    "original_url",
                    "responsible_editor",
                ],
                "description": _(
                    "转载稿件须注明转载来源和原标题，否则不能审签。"
                    "读者页面显示“来源”和“责任编辑”。"
                ),
            },
        ),
        (
            _("见报"),
            {
                "fields": ["page", "page_position"],
                "description": _(
                    "稿件印在哪一期哪一版；读者页面显示“见报：日期 版次 版名”。"
                ),
            },
        ),
        (
            _("发布"),
            {"fields": ["state_display", "publish_at", "first_published_at"]},
        ),
        (
            _("记录"),
            {
                "classes": ["collapse"],
                "fields": ["created_by", "created_at", "updated_at", "version"],
            },
        ),
        (None, {"classes": ["hidden"], "fields": ["base_version"]}),
    ]
    inlines = [CreditInline, ArticlePhotoInline, CorrectionInline]
    actions = [
        "submit_selected",
        "publish_selected",
        "spike_selected",
        "restore_selected",
    ]

    class Media:
        # The review panel's 发布时间 (TransitionForm.at) has the admin's date
        # and time pickers even when the form has no date field of its own.
        js = [
            "js/char-count.js",
            # Keeps a copy of what is typed in this browser, offered back
            # after a save that failed (a 500, 413 or 503, or a closed tab).
            "js/draft-keeper.js",
            "admin/js/calendar.js",
            "admin/js/admin/DateTimeShortcuts.js",
        ]

    def get_queryset(self, request):
        # Which stories this user sees is the role policy's (RolePolicyMixin).
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "credits", queryset=Credit.objects.select_related("correspondent")
                )
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form = desk_choice.for_user(form, request.user, obj)
        return form if obj is not None else self.with_plan_desk(request, form)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted from the newsroom's screens: a story nobody
        # will run is spiked (废稿) and can be restored.
        return False

    def has_restore_permission(self, request):
        """For the admin action that restores 废稿: editors only."""
        return spike.is_editor(request.user)

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def get_ordering(self, request):
        # Browsing by date lists that year, month or day in publish order,
        # which the publish_at index reads directly (newest edits first would
        # walk every story edited since).
        prefix = f"{self.date_hierarchy}__"
        if any(key.startswith(prefix) for key in request.GET):
            return ["-publish_at", "-pk"]
        return super().get_ordering(request)

    def changelist_view(self, request, extra_context=None):
        # The nav sidebar would take a fifth of a 1280 px screen from the
        # headlines.
        extra_context = {
            "is_nav_sidebar_enabled": False,
            "may_import": may_import(self, request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status in (
            Article.Status.APPROVED,
            Article.Status.PUBLISHED,
            Article.Status.WITHDRAWN,
        ):
            # Set by the review panel's 立即发布 / 定时发布 / 更改发布时间 (one
            # time field, not two), moved only by publish/reschedule.
            fields.append("publish_at")
        return fields

    def get_fieldsets(self, request, obj=None):
        # 发布时间 and 首次发布时间 are for those who may publish: a reporter or
        # correspondent could never use them (nor post them: the form is built
        # from these fieldsets).
        fieldsets = super().get_fieldsets(request, obj)
        swap = {}
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the body as a reader sees it, not its HTML source.
            swap["body"] = "body_text"
        if not request.user.has_perm("articles.publish_article"):
            swap.update(publish_at=None, first_published_at=None)
        if not request.user.has_perm("articles.review_article"):
            # Placing a story on a page (版面) is the editors' work.
            swap.update(page=None, page_position=None)
        if not swap:
            return fieldsets
        swapped = [
            (name, {**opts, "fields": [swap.get(f, f) for f in opts["fields"]]})
            for name, opts in fieldsets
        ]
        # A fieldset left with nothing in it (见报 for a reporter) goes too.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f]})
            for name, opts in swapped
            if any(opts["fields"])
        ]

    @admin.display(description=_("正文"))
    def body_text(self, article):
        # Sanitised again here (as on every save), so only safe markup shows.
        body = Article._meta.get_field("body").sanitize(article.body or "")
        return mark_safe(f'<div class="nr-body-text">{body}</div>')

    @admin.display(description=_("署名"))
    def byline_display(self, article):
        return article.byline()

    @admin.display(description=_("状态"), ordering="status")
    def state_display(self, article):
        if article.spiked_at is not None:
            return _("废稿")
        return workflow.state_label(article)

    def save_model(self, request, obj, form, change):
        # Saved by save_related through the editing service, with its byline,
        # photos and tags, as one edit.
        if not change:
            obj.created_by = request.user

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()

    def save_related(self, request, form, formsets, change):
        article = form.instance

        def related():
            super(ArticleAdmin, self).save_related(request, form, formsets, change)

        if not change:
            request._newsroom_revision = editing.create(
                article, by=request.user, related=related
            )
            return
        # What changed is judged on the story as readers and editors see it
        # (its revision snapshot), not on raw form data: rows renumbered in
        # the same order are no change. A save that changes nothing keeps no
        # new version and no new revision (a reviewer signing as it stands).
        saved = editing.save_edit(
            article,
            by=request.user,
            base_version=form.cleaned_data["base_version"],
            fields=[name for name in form.fields if name in editing.CONTENT_FIELDS],
            related=related,
        )
        if saved.revision is None:
            for formset in formsets:  # nothing for the admin's history to list
                formset.new_objects, formset.changed_objects = [], []
                formset.deleted_objects = []
        request._newsroom_revision = saved.revision

    # ----------------------------------------------------------- workflow

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "tags/suggest/",
                view(self.tag_suggest_view),
                name="articles_tag_suggest",
            ),
            path(
                "import/",
                view(partial(import_page_view, self)),
                name="articles_article_import",
            ),
            path(
                "<int:pk>/spike/",
                view(partial(spike_view, self, action="spike")),
                name="articles_article_spike",
            ),
            path(
                "<int:pk>/unspike/",
                view(partial(spike_view, self, action="restore")),
                name="articles_article_unspike",
            ),
            path(
                "<int:pk>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:pk>/revisions/<int:number>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *correction_urls(self),
            *super().get_urls(),
        ]

    @admin.action(description=_("提交所选稿件审稿"))
    def submit_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.submit)

    @admin.action(description=_("发布所选已签发稿件"))
    def publish_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.publish)

    @admin.action(description=_("把所选稿件作为废稿"))
    def spike_selected(self, request, queryset):
        self._run_on_each(request, queryset, spike.spike)

    @admin.action(description=_("恢复所选废稿"), permissions=["restore"])
    def restore_selected(self, request, queryset):
        self._run_on_each(request, queryset, spike.restore)

    def _run_on_each(self, request, queryset, step):
        done, refused = 0, []
        for article in queryset:
            try:
                step(article, by=request.user)
                done += 1
            except workflow.NotAllowed as refusal:
                refused.append(f"《{article.headline}》：{refusal}")
        if done:
            messages.success(request, _("已处理 %(n)d 篇稿件。") % {"n": done})
        for line in refused:
            messages.warning(request, line)

    def tag_suggest_view(self, request):
        """Existing tag names containing what the editor is typing."""
        query = request.GET.get("q", "").strip()[:100]
        names = []
        if query:
            names = list(
                self.suggestable_tags(request)
                .filter(name__icontains=query)
                .order_by("name")
                .values_list("name", flat=True)[:15]
            )
        return JsonResponse({"results": names})
