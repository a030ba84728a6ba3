"""The story screen: the form, the workflow buttons, revisions, and the
admin actions."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import revisions, workflow
from ..models import Article, Correction, Credit
from ..reader import cache as page_cache
from ..reader import preview
from .forms import ArticleAdminForm, TransitionForm
from .import_page import import_page_view
from .inlines import (
    ArticlePhotoInline,
    CorrectionInline,
    CreditInline,
)
from .mixins import TagInputMixin


@admin.register(Article)
class ArticleAdmin(TagInputMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "kind",
        "section",
        "byline_display",
        "state_display",
        "char_count",
        "publish_at",
        "updated_at",
    ]
    list_display_links = ["headline"]
    list_filter = ["status", "stage", "kind", "section", "created_by"]
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
        (None, {"fields": ["kind", "kicker", "headline", "subtitle", "section"]}),
        (_("正文"), {"fields": ["summary", "body", "char_count", "tags"]}),
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
    actions = ["submit_selected", "publish_selected"]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "credits", queryset=Credit.objects.select_related("correspondent")
                )
            )
        )
        return workflow.visible(queryset, request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(obj, request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status in (
            Article.Status.PUBLISHED,
            Article.Status.WITHDRAWN,
        ):
            fields.append("publish_at")  # moved only by publish/reschedule
        return fields

    @admin.display(description=_("署名"))
    def byline_display(self, article):
        return article.byline()

    @admin.display(description=_("状态"), ordering="status")
    def state_display(self, article):
        if article.status == Article.Status.SUBMITTED:
            stage = workflow.stage_of(article)
            return f"{article.get_status_display()}·{stage.label}"
        if article.status == Article.Status.PUBLISHED and not article.is_live():
            return _("定时发布")
        return article.get_status_display()

    def save_model(self, request, obj, form, change):
        if change:
            # The form has checked (under a row lock) that this save is based
            # on the current version.
            obj.version = form.cleaned_data["base_version"] + 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction) and not instance.created_by_id:
                instance.created_by = request.user
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        changed = [
            str(form.fields[name].label)
            for name in form.changed_data
            if name != "base_version"
        ] + [
            str(formset.model._meta.verbose_name)
            for formset in formsets
            if formset.has_changed()
        ]
        revisions.record(article, by=request.user)
        if change:
            workflow.record_edit(article, by=request.user, changed=changed)
        page_cache.purge()

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
                "<int:pk>/workflow/",
                view(self.workflow_view),
                name="articles_article_workflow",
            ),
            path(
                "<int:pk>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:pk>/revisions/<int:version>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, pk):
        article = self.get_object(request, str(pk))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        return article

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            request.user.notifications.filter(
                article=article, read_at__isnull=True
            ).update(read_at=timezone.now())
            extra_context.update(
                transitions=workflow.available(article, request.user),
                transition_form=TransitionForm(initial={"version": article.version}),
                events=article.events.select_related("actor"),
                stage=workflow.stage_of(article),
                chain=workflow.chain(),
                edit_refusal=workflow.edit_refusal(article, request.user),
                preview_url=reverse(
                    "articles:preview", args=[preview.token_for(article)]
                ),
                revision_count=article.revisions.count(),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, pk):
        """POST one workflow step; every check is in articles.workflow."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, pk)
        form = TransitionForm(request.POST)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(change_url)
        try:
            form.run(article, request.user)
        except workflow.NotAllowed as refusal:
            return TemplateResponse(
                request,
                "admin/articles/article/refused.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("操作未执行"),
                    "message": str(refusal),
                    "article": article,
                    "opts": self.opts,
                },
                status=403,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(change_url)
        messages.success(
            request,
            _("《%(h)s》：%(action)s，现在是“%(state)s”。")
            % {
                "h": article.headline,
                "action": workflow.TRANSITIONS[form.cleaned_data["action"]].label,
                "state": self.state_display(article),
            },
        )
        return HttpResponseRedirect(change_url)

    def revisions_view(self, request, pk):
        """The story's revisions, and the per-field diff of any two."""
        article = self._article_or_404(request, pk)
        versions = list(article.revisions.select_related("created_by"))
        by_version = {revision.version: revision for revision in versions}
        comparison = None
        try:
            a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
        except ValueError:
            a = b = 0
        if a in by_version and b in by_version:
            older, newer = sorted(
                [by_version[a], by_version[b]], key=lambda r: r.version
            )
            comparison = {
                "older": older,
                "newer": newer,
                "changes": revisions.changes(older.data, newer.data),
            }
        elif len(versions) >= 2:
            a, b = versions[1].version, versions[0].version
        return TemplateResponse(
            request,
            "admin/articles/article/revisions.html",
            {
                **self.admin_site.each_context(request),
                "title": _("修订版本：%(h)s") % {"h": article.headline},
                "article": article,
                "original": article,
                "opts": self.opts,
                "versions": versions,
                "comparison": comparison,
                "a": a,
                "b": b,
                "can_restore": self.has_change_permission(request, article),
            },
        )

    def restore_view(self, request, pk, version):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied(workflow.edit_refusal(article, request.user))
        revision = get_object_or_404(article.revisions, version=version)
        before = revisions.snapshot(article)
        restored = revisions.restore(article, revision, by=request.user)
        changed = [c.label for c in revisions.changes(before, restored.data)]
        workflow.record_edit(article, by=request.user, changed=changed)
        page_cache.purge()
        messages.success(
            request,
            _("已恢复为第 %(old)d 版的内容，保存为第 %(new)d 版。")
            % {"old": version, "new": restored.version},
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    @admin.action(description=_("提交所选稿件审稿"))
    def submit_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.submit)

    @admin.action(description=_("发布所选已签发稿件"))
    def publish_selected(self, request, queryset):
        self._run_on_each(request, queryset, workflow.publish)

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
                Tag.objects.filter(name__icontains=query)
                .order_by("name")
                .values_list("name", flat=True)[:15]
            )
        return JsonResponse({"results": names})
