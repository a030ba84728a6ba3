"""The story list's filters, and the pages that spike a story (废稿) and
restore it; the rules are in articles.spike."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import spike
from ..models import Article
from .pages import story_page

SCHEDULED = "scheduled"


class StateFilter(admin.SimpleListFilter):
    """By state, with 定时发布 apart from 已发布: a scheduled story is not
    on the site yet."""

    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        choices = list(Article.Status.choices)
        at = [value for value, _label in choices].index(Article.Status.PUBLISHED)
        choices.insert(at, (SCHEDULED, _("定时发布")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == SCHEDULED:
            return queryset.filter(
                status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
            )
        if value == Article.Status.PUBLISHED:
            return queryset.filter(
                Q(publish_at__lte=timezone.now()) | Q(publish_at__isnull=True),
                status=value,
            )
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class SpikedFilter(admin.SimpleListFilter):
    """Spiked stories leave the list; editors find them under 废稿."""

    title = _("废稿")
    parameter_name = "spiked"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if not spike.is_editor(request.user):
            self.template = "admin/articles/article/no_filter.html"

    def has_output(self):
        # Always: the changelist applies only filters that have output, and
        # this one keeps the spiked stories out for everyone.
        return True

    def lookups(self, request, model_admin):
        if spike.is_editor(request.user):
            return [("1", _("只看废稿"))]
        return []

    def choices(self, changelist):
        # "All" here would mean "in play", so name it so.
        for index, choice in enumerate(super().choices(changelist)):
            if index == 0:
                choice["display"] = _("不含废稿")
            yield choice

    def queryset(self, request, queryset):
        if self.value() == "1" and spike.is_editor(request.user):
            return queryset.spiked()
        return queryset.in_play()


class StoryChangeList(ChangeList):
    """The story list; its "N in all" count leaves out the spiked stories too,
    unless the 废稿 are what is shown."""

    def get_results(self, request):
        if self.params.get(SpikedFilter.parameter_name) != "1":
            self.root_queryset = self.root_queryset.in_play()
        super().get_results(request)

    def get_filters(self, request):
        # Django turns a bad date-hierarchy year into "wrong parameters" (the
        # list shown again without them) but lets a 20-digit one overflow
        # datetime into a 500.
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class SpikeForm(forms.Form):
    reason = forms.CharField(
        label=_("作废理由（可不填）"),
        required=False,
        max_length=spike.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def spike_view(model_admin, request, pk, *, action):
    """Confirm and spike a story (action="spike"), or restore one
    ("restore"): a page of its own, like Django's delete confirmation."""
    article = model_admin.get_object(request, str(pk))
    if article is None or not model_admin.has_view_permission(request, article):
        raise Http404
    refusal = (spike.spike_refusal if action == "spike" else spike.restore_refusal)(
        article, request.user
    )
    form = SpikeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            if action == "spike":
                spike.spike(
                    article, by=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                spike.restore(article, by=request.user)
        except spike.workflow.NotAllowed as error:
            refusal = str(error)
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            if action == "spike":
                messages.success(
                    request,
                    _(
                        "《%(h)s》已作为废稿，不再出现在稿件列表里；编辑可以在“废稿”中找到并恢复。"
                    )
                    % {"h": article.headline},
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_changelist")
                )
            messages.success(
                request,
                _("《%(h)s》已恢复，现在是“%(state)s”。")
                % {"h": article.headline, "state": article.get_status_display()},
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[article.pk])
            )
    title = (_("作为废稿：%(h)s") if action == "spike" else _("恢复废稿：%(h)s")) % {
        "h": article.headline
    }
    return story_page(
        model_admin,
        request,
        article,
        "admin/articles/article/spike.html",
        title,
        status=403 if refusal and request.method == "POST" else 200,
        action=action,
        form=form,
        refusal=refusal,
    )
