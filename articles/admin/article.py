"""The story screen: the form, the workflow buttons, revisions, and the
admin actions."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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

from .. import editing, revisions, spike, workflow
from ..models import Article, ArticlePhoto, Correction, Credit
from ..reader import preview
from .corrections import correction_urls
from .forms import ArticleAdminForm, TransitionForm
from .import_page import import_page_view
from .inlines import (
    ArticlePhotoInline,
    CorrectionInline,
    CreditInline,
)
from .mixins import TagInputMixin
from .story_list import SpikedFilter, StateFilter, StoryChangeList, spike_view

#: The name of the review panel's buttons in the story's change form.
WORKFLOW_BUTTON = "_workflow"


def _typed_key(article):
    return f"newsroom-workflow-typed-{article.pk}"


def _timeline(article):
    events = list(article.events.select_related("actor", "revision"))
    for event in events:
        event.step = workflow.step_label(event)
    return events


def _label_of(buttons, value):
    return next((str(b.label) for b in buttons if b.value == value), "")


@admin.register(Article)
class ArticleAdmin(TagInputMixin, admin.ModelAdmin):
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
    list_filter = [StateFilter, SpikedFilter, "kind", "section", "created_by"]
    ordering = ["-updated_at", "-pk"]
    list_per_page = 50
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
            "admin/js/calendar.js",
            "admin/js/admin/DateTimeShortcuts.js",
        ]

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

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted from the newsroom's screens: a story nobody
        # will run is spiked (废稿) and can be restored.
        return False

    def has_restore_permission(self, request):
        """For the admin action that restores 废稿: editors only."""
        return spike.is_editor(request.user)

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def changelist_view(self, request, extra_context=None):
        # The nav sidebar would take a fifth of a 1280 px screen from the
        # headlines.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
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
        if request.user.has_perm("articles.publish_article"):
            return fieldsets
        hidden = {"publish_at", "first_published_at"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

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
            if isinstance(instance, Correction) and not instance.created_by_id:
                instance.created_by = request.user
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
            also_changed=[  # e.g. a 更正 added, which no snapshot holds
                formset.model._meta.verbose_name
                for formset in formsets
                if formset.model not in (Credit, ArticlePhoto) and formset.has_changed()
            ],
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

    def _article_or_404(self, request, pk):
        article = self.get_object(request, str(pk))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        return article

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if article is not None:
            request.user.notifications.filter(
                article=article, read_at__isnull=True
            ).update(read_at=timezone.now())
            extra_context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    # The review panel is part of the change form: its buttons post the form
    # with `_workflow=<step>`. The content is saved first through the normal
    # path (validation, version check, revision), then the step is taken, in
    # the same transaction; a refused save takes no step.

    def _workflow_context(self, request, article):
        transitions = workflow.available(article, request.user)
        buttons = workflow.buttons(article, transitions)
        pressed = request.POST.get(WORKFLOW_BUTTON) if request.method == "POST" else ""
        if pressed:
            # The save was refused: the page comes back with what was typed.
            form = TransitionForm(request.POST)
        else:
            future = article.publish_at and article.publish_at > timezone.now()
            form = TransitionForm(
                request.session.pop(_typed_key(article), None),
                initial={
                    "version": article.version,
                    "at": article.publish_at if future else None,
                },
            )
        names = {t.name for t in transitions}
        return {
            "transitions": transitions,
            "workflow_buttons": buttons,
            "workflow_asks_time": bool(names & {"publish", "reschedule"}),
            "workflow_submit_only": names == {"submit"},
            "transition_form": form,
            "workflow_pressed": _label_of(buttons, pressed),
            "events": _timeline(article),
            "stage": workflow.stage_of(article),
            "state_label": workflow.state_label(article),
            "sent_back": workflow.sent_back(article),
            "chain": workflow.chain(),
            "edit_refusal": workflow.edit_refusal(article, request.user),
            "preview_url": reverse(
                "articles:preview", args=[preview.token_for(article)]
            ),
            "revision_count": article.revisions.count(),
        }

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and WORKFLOW_BUTTON in request.POST:
            article = self.get_object(request, unquote(object_id))
            if (
                article is not None
                and self.has_view_permission(request, article)
                and not self.has_change_permission(request, article)
            ):
                # May take a step but not edit (a superuser publishing what
                # the chain approved): nothing to save, only the step.
                with transaction.atomic():
                    return self._take_step(request, article, saved=None)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if WORKFLOW_BUTTON not in request.POST:
            return super().response_change(request, obj)
        return self._take_step(
            request, obj, saved=getattr(request, "_newsroom_revision", None)
        )

    def _take_step(self, request, article, *, saved):
        """Take the step the pressed button names, after the content (if it
        changed) was saved as revision `saved`. A refusal is shown on the
        story's page and the opinion typed stays in its box."""
        pressed = request.POST.get(WORKFLOW_BUTTON, "")
        buttons = workflow.buttons(article, list(workflow.TRANSITIONS.values()))
        label = _label_of(buttons, pressed) or pressed
        form = TransitionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            if saved is None:
                form.check_version(article)
            form.run(article, request.user, pressed)
        except (workflow.NotAllowed, ValidationError) as refusal:
            reasons = (
                refusal.messages
                if isinstance(refusal, ValidationError)
                else [str(refusal)]
            )
            for reason in reasons:
                messages.error(
                    request,
                    _("“%(step)s”没有执行：%(reason)s")
                    % {"step": label, "reason": reason},
                )
            if saved is not None:
                messages.warning(
                    request,
                    _("您对稿件的修改已经保存（第 %(n)d 版）。") % {"n": saved.number},
                )
            request.session[_typed_key(article)] = {
                key: request.POST.get(key, "")
                for key in ("workflow-comment", "workflow-at_0", "workflow-at_1")
            }
        else:
            if saved is not None:
                messages.success(
                    request, _("修改已保存（第 %(n)d 版）。") % {"n": saved.number}
                )
            messages.success(
                request,
                _("《%(h)s》：%(step)s，现在是“%(state)s”。")
                % {
                    "h": article.headline,
                    "step": label,
                    "state": workflow.state_label(article),
                },
            )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def revisions_view(self, request, pk):
        """The story's revisions with the steps taken on each (who signed
        which text), and the per-field diff of any two."""
        article = self._article_or_404(request, pk)
        versions = list(article.revisions.select_related("created_by"))
        by_number = {revision.number: revision for revision in versions}
        for revision in versions:
            revision.steps = []
        for event in article.events.filter(revision__isnull=False).select_related(
            "actor"
        ):
            if event.revision_id and event.action in workflow.TRANSITIONS:
                for revision in versions:
                    if revision.pk == event.revision_id:
                        event.label = workflow.step_label(event)
                        revision.steps.append(event)
        comparison = None
        try:
            a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
        except ValueError:
            a = b = 0
        if a in by_number and b in by_number:
            older, newer = sorted([by_number[a], by_number[b]], key=lambda r: r.number)
            comparison = {
                "older": older,
                "newer": newer,
                "changes": revisions.changes(older.data, newer.data),
            }
        elif len(versions) >= 2:
            a, b = versions[1].number, versions[0].number
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

    def restore_view(self, request, pk, number):
        """Restore a revision's content as a new revision, through the
        editing service: refused if the story changed since the revisions
        page was opened (the version it posts)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied(workflow.edit_refusal(article, request.user))
        revision = get_object_or_404(article.revisions, number=number)
        revisions_url = reverse("admin:articles_article_revisions", args=[pk])
        try:
            base = int(request.POST.get("version") or article.version)
        except ValueError:
            messages.error(
                request, _("恢复未成功：页面缺少版本信息，请刷新页面后再试。")
            )
            return HttpResponseRedirect(revisions_url)
        try:
            saved = editing.restore_revision(
                article, revision, by=request.user, base_version=base
            )
        except editing.Stale as stale:
            messages.error(
                request,
                _(
                    "恢复未成功：您打开修订版本页之后，稿件已被改动（见下）。"
                    "看过后如仍要恢复，请再点一次“恢复此版本”。"
                ),
            )
            for line in stale.messages[1:]:
                messages.warning(request, line)
            return HttpResponseRedirect(revisions_url)
        except workflow.NotAllowed as refusal:
            messages.error(request, _("恢复未成功：%(r)s") % {"r": refusal})
            return HttpResponseRedirect(revisions_url)
        if saved.revision is None:
            messages.info(
                request,
                _("稿件现在的内容与第 %(n)d 版相同，不需要恢复。") % {"n": number},
            )
        else:
            messages.success(
                request,
                _("已恢复为第 %(old)d 版的内容，保存为第 %(new)d 版。")
                % {"old": number, "new": saved.revision.number},
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
                Tag.objects.filter(name__icontains=query)
                .order_by("name")
                .values_list("name", flat=True)[:15]
            )
        return JsonResponse({"results": names})
