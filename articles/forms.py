"""Forms of the newsroom admin: the story form that refuses stale saves, and
the form for a workflow step."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import revisions, workflow
from .models import Article


class ArticleAdminForm(forms.ModelForm):
    """The story form. It carries the version the editor started from; a save
    based on an older version is refused with what changed meanwhile, and the
    editor's own text stays on the form."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "kind",
            "kicker",
            "headline",
            "subtitle",
            "section",
            "summary",
            "body",
            "tags",
            "publish_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        base = cleaned.get("base_version")
        # Lock the row for the rest of the save (the admin view is atomic).
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if base is None or current is None:
            raise ValidationError(gettext("表单缺少版本信息，请刷新页面后重新编辑。"))
        if base != current:
            self._refuse_stale_save(base, current)
        return cleaned

    def _refuse_stale_save(self, base, current):
        article = Article.objects.get(pk=self.instance.pk)
        messages = [
            gettext(
                "保存未成功：您打开这篇稿件之后，它已被改动（现在是第 %(v)d 版）。"
                "您填写的内容都还在表单里，请对照下面的改动合并后再保存。"
            )
            % {"v": current}
        ]
        before, latest = revisions.as_of(article, base), article.revisions.first()
        if before and latest and latest.version > base:
            who = latest.created_by or gettext("其他人")
            for change in revisions.changes(before.data, latest.data):
                messages.append(
                    gettext("%(who)s改动了%(label)s：“%(before)s”→“%(after)s”")
                    % {
                        "who": who,
                        "label": change.label,
                        "before": _short(change.before),
                        "after": _short(change.after),
                    }
                )
        for event in article.events.filter(version__gt=base).select_related("actor"):
            messages.append(
                gettext("%(who)s于 %(when)s %(action)s，稿件现在是“%(status)s”。")
                % {
                    "who": event.actor or gettext("系统"),
                    "when": timezone.localtime(event.at).strftime("%H:%M"),
                    "action": event.get_action_display(),
                    "status": event.get_to_status_display(),
                }
            )
        # The next save is based on what the editor has now seen.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = current
        raise ValidationError(messages, code="stale")


def _short(text, limit=60):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(name, t.label) for name, t in workflow.TRANSITIONS.items()]
    )
    comment = forms.CharField(
        label=_("意见或理由"), required=False, widget=forms.Textarea, max_length=2000
    )
    at = forms.SplitDateTimeField(
        label=_("发布时间"), required=False, widget=AdminSplitDateTime
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at and timezone.is_naive(at):
            raise ValidationError(gettext("发布时间无法确定时区。"))
        return at

    def run(self, article, user):
        """Take the chosen step. Raises workflow.NotAllowed or ValidationError."""
        action = self.cleaned_data["action"]
        version = self.cleaned_data.get("version")
        if version is not None and version != article.version:
            raise workflow.NotAllowed(
                gettext("这篇稿件在您打开后已被别人处理过，请刷新页面后再操作。")
            )
        comment = self.cleaned_data.get("comment", "")
        at = self.cleaned_data.get("at")
        match action:
            case "submit":
                return workflow.submit(article, by=user)
            case "approve":
                return workflow.approve(article, by=user, comment=comment)
            case "send_back":
                return workflow.send_back(article, by=user, reason=comment)
            case "publish":
                return workflow.publish(article, by=user, at=at)
            case "reschedule":
                return workflow.reschedule(article, by=user, at=at)
            case "withdraw":
                return workflow.withdraw(article, by=user, reason=comment)
