"""The story screen's side panel: editorial comments, and who else has the
story open (presence, take-over).

Both talk to the server outside the story's own form: the panel's forms sit
in the page's sidebar, not inside the change form (a form cannot hold
another), and the page's script sends them with fetch, so nothing typed in
the story is lost. Without script the comment forms post and come back to
the story. Every view opens the story through the admin's own queryset, so
a correspondent reaches only the threads of their own stories."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import comments, presence
from ..models import Comment
from ..models.talk import QUOTE_LENGTH, TEXT_LENGTH

#: Sent by the panel's script: answer with the panel, not a redirect.
PANEL_HEADER = "X-Newsroom-Panel"
#: The page's presence key, posted with the story's form (presence.html).
PRESENCE_FIELD = "_presence"


class CommentForm(forms.Form):
    # Lengths are checked by articles.comments, with the count in the error;
    # the maxlength here only stops a browser from taking far more.
    text = forms.CharField(
        label=_("评论"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LENGTH}),
    )
    quote = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"maxlength": QUOTE_LENGTH})
    )


class TalkPanelMixin:
    """ArticleAdmin's comments and presence: context for the change form and
    the URLs the panel's script calls."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_view_permission(request, article):
            extra_context.update(self._talk_context(request, article))
            # The panel takes the right of the screen; the model list on
            # the left would leave the story's form too narrow at 1280 px.
            extra_context.setdefault("is_nav_sidebar_enabled", False)
            if self.has_change_permission(request, article):
                # A key for this page; its first ping (now, for a page
                # being opened) makes the session others see.
                extra_context["presence_key"] = (
                    presence.open_page(article, user=request.user)
                    if request.method == "GET"
                    else presence.new_key()
                )
            extra_context["presence_others"] = self._others(request, article)
            extra_context["presence_poll"] = presence.poll_seconds()
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or request.method != "POST":
            return form
        taken = presence.taken_from(
            request.POST.get(PRESENCE_FIELD, "")[:64], user=request.user, article=obj
        )
        if taken is None:
            return form
        # Saved from a page another editor took over (its script did not
        # stop it): refused once, with everything typed kept on the form.
        # The page that comes back is a new one, so a second press saves,
        # if the version check allows.
        refusal = _(
            "%(who)s 已接手这篇稿件，这次没有保存。%(note)s"
            "您的修改还在下面；确实要保存，请先和对方商量，再按一次保存。"
        ) % {
            "who": taken.by,
            "note": _("对方留言：%(note)s。") % {"note": taken.note}
            if taken.note
            else "",
        }

        class TakenOverForm(form):
            def clean(self):
                super().clean()  # the fields' own errors show too
                raise ValidationError(refusal, code="taken_over")

        return TakenOverForm

    def _talk_context(self, request, article, **extra):
        threads = comments.threads(article)
        for thread in threads:
            thread.may_resolve = comments.may_resolve(thread, request.user)
        return {
            "original": article,
            "talk_threads": threads,
            "talk_open": sum(1 for t in threads if t.resolved_at is None),
            "talk_form": extra.pop("talk_form", None) or CommentForm(),
            **extra,
        }

    def _others(self, request, article):
        return [
            {
                "name": str(s.user),
                "ago": presence.ago(s.opened_at),
                "text": _("%(who)s 正在编辑，%(ago)s")
                % {"who": s.user, "ago": presence.ago(s.opened_at)},
            }
            for s in presence.others(article, user=request.user)
        ]

    # ------------------------------------------------------------- URLs

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/comments/",
                view(require_POST(self.comment_view)),
                name="articles_article_comment",
            ),
            path(
                "<int:pk>/comments/<int:comment_id>/<str:action>/",
                view(require_POST(self.comment_action_view)),
                name="articles_article_comment_action",
            ),
            path(
                "<int:pk>/presence/",
                view(require_POST(self.presence_view)),
                name="articles_article_presence",
            ),
            path(
                "<int:pk>/presence/take-over/",
                view(require_POST(self.take_over_view)),
                name="articles_article_take_over",
            ),
            path(
                "<int:pk>/presence/leave/",
                view(require_POST(self.leave_view)),
                name="articles_article_leave",
            ),
            *super().get_urls(),
        ]

    def _story(self, request, pk):
        """The story, if this user may open it; 404 otherwise, as for a
        story that does not exist (a correspondent learns nothing)."""
        article = self.get_object(request, str(pk))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        return article

    def _answer(self, request, article, *, error=None, talk_form=None, status=200):
        """The panel again for the script; for a plain post, back to the
        story with the outcome as a message."""
        if request.headers.get(PANEL_HEADER):
            context = self._talk_context(
                request, article, talk_form=talk_form, talk_error=error
            )
            return TemplateResponse(
                request,
                "admin/articles/article/talk_panel.html",
                context,
                status=400 if error else status,
            )
        if error:
            messages.error(request, error)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}#nr-talk")

    def comment_view(self, request, pk):
        article = self._story(request, pk)
        form = CommentForm(request.POST)
        form.is_valid()  # both fields optional: the rules are comments'
        try:
            comments.start_thread(
                article,
                by=request.user,
                text=form.cleaned_data.get("text", ""),
                quote=form.cleaned_data.get("quote", ""),
            )
        except ValidationError as refusal:
            return self._answer(
                request, article, error=" ".join(refusal.messages), talk_form=form
            )
        return self._answer(request, article)

    def comment_action_view(self, request, pk, comment_id, action):
        article = self._story(request, pk)
        comment = get_object_or_404(Comment, pk=comment_id, article=article)
        try:
            if action == "reply":
                comments.reply(comment, by=request.user, text=request.POST.get("text"))
            elif action == "resolve":
                comments.resolve(comment, by=request.user)
            elif action == "reopen":
                comments.reopen(comment, by=request.user)
            else:
                raise Http404
        except ValidationError as refusal:
            return self._answer(
                request,
                article,
                error=" ".join(refusal.messages),
                talk_form=None,
                status=400,
            )
        return self._answer(request, article)

    # ---------------------------------------------------------- presence

    def presence_view(self, request, pk):
        article = self._story(request, pk)
        answer = {"key": None, "taken_over": None}
        if self.has_change_permission(request, article):
            session = presence.ping(
                article, user=request.user, key=request.POST.get("key", "")[:64]
            )
            answer["key"] = session.key
            taken = presence.taken_over(session)
            if taken:
                answer["taken_over"] = {
                    "text": _("%(who)s 接手了这篇稿件（%(ago)s）。")
                    % {"who": taken.by, "ago": presence.ago(taken.at)},
                    "note": taken.note,
                }
        answer["others"] = self._others(request, article)
        return JsonResponse(answer)

    def take_over_view(self, request, pk):
        article = self._story(request, pk)
        if not self.has_change_permission(request, article):
            return JsonResponse(
                {"error": str(_("您现在不能修改这篇稿件，所以不能接手。"))}, status=403
            )
        try:
            count = presence.take_over(
                article, by=request.user, note=request.POST.get("note", "")
            )
        except ValidationError as refusal:
            return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
        return JsonResponse({"taken": count, "others": []})

    def leave_view(self, request, pk):
        self._story(request, pk)
        presence.leave(request.POST.get("key", "")[:64], user=request.user)
        return JsonResponse({})
