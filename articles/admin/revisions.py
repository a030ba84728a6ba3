"""The story's revisions page and restoring an earlier revision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import editing, revisions, workflow
from .pages import story_page


class RevisionsMixin:
    """ArticleAdmin's 修订版本 page and its 恢复此版本 button."""

    def _article_or_404(self, request, pk):
        article = self.get_object(request, str(pk))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        return article

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
        return story_page(
            self,
            request,
            article,
            "admin/articles/article/revisions.html",
            _("修订版本：%(h)s") % {"h": article.headline},
            versions=versions,
            comparison=comparison,
            a=a,
            b=b,
            can_restore=self.has_change_permission(request, article),
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
