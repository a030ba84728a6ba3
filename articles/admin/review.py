"""The story page's review panel: its buttons post the change form with
`_workflow=<step>`, and the step is taken after the content is saved."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import proofing, workflow
from ..reader import preview
from .forms import TransitionForm

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


class ReviewPanelMixin:
    """The review panel and timeline on ArticleAdmin's change form."""

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
            # 校对: the lexicon's words and the slips, on the panel (proofing.html).
            "proofing": proofing.check(article),
            "proofing_asks_ack": "approve" in names,
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
