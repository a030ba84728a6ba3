"""The planning screens (选题): the list and form of plan items, the page
where a desk chief decides one (通过, 不通过, 派题), the daily budget
(today and tomorrow, by desk) with its CSV/XLSX export for the 编前会, and
开始写稿, which opens the story form filled in from the item.

Who may take which step is articles.planning's; these views ask it."""

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import Desk, User

from .. import planning
from ..models import PlanItem
from ..workflow import NotAllowed
from . import budget
from .mixins import RolePolicyMixin

State = PlanItem.State


class DecideForm(forms.Form):
    """What a step may need: a reason (不通过), or who, by when and how long
    (派题). Which step it is comes from the button pressed."""

    reason = forms.CharField(
        label=_("不通过理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignees = forms.ModelMultipleChoiceField(
        label=_("采写人"),
        # Those who may file a story (通讯员 too), not 财务 or the like.
        queryset=User.objects.filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="add_article",
                groups__permissions__content_type__app_label="articles",
            ),
            is_active=True,
        )
        .distinct()
        .order_by("username"),
        required=False,
        help_text=_("可多选（按住 Ctrl 或 ⌘）。"),
    )
    deadline = forms.DateTimeField(
        label=_("交稿时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": _("交稿时间格式不对，请选择日期和时间。")},
    )
    target_length = forms.IntegerField(
        label=_("计划字数"),
        required=False,
        min_value=1,
        max_value=50000,
        error_messages={
            "invalid": _("计划字数要填整数。"),
            "min_value": _("计划字数至少为 1。"),
            "max_value": _("计划字数不能超过 50000。"),
        },
    )


@admin.register(PlanItem)
class PlanItemAdmin(RolePolicyMixin, admin.ModelAdmin):
    list_display = [
        "topic",
        "desk",
        "state",
        "print_date",
        "slot",
        "assignee_names",
        "deadline",
        "length",
    ]
    list_filter = ["state", "desk", "print_date"]
    list_select_related = ["desk", "story"]
    search_fields = ["topic", "notes"]
    date_hierarchy = "print_date"
    fields = ["topic", "notes", "desk", "print_date", "print_page", "web_slot"]
    readonly_fields = ["step_log"]
    change_form_template = "admin/articles/planitem/change_form.html"
    change_list_template = "admin/articles/planitem/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignees")

    def get_fields(self, request, obj=None):
        return self.fields + (["step_log"] if obj else [])

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or planning.may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # A topic refused stays on file with its reason; nothing is deleted.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
        else:
            planning.propose(obj, by=request.user)

    @admin.display(description=_("版面/时段"))
    def slot(self, obj):
        return budget.slot(obj)

    @admin.display(description=_("采写人"))
    def assignee_names(self, obj):
        return "、".join(str(u) for u in obj.assignees.all()) or "—"

    @admin.display(description=_("字数/计划"))
    def length(self, obj):
        return obj.length_against_target()

    @admin.display(description=_("记录"))
    def step_log(self, obj):
        return format_html(
            "<ul class='plan-log'>{}</ul>",
            format_html_join(
                "",
                "<li>{} {} {}{}</li>",
                (
                    (
                        timezone.localtime(ev.at).strftime("%m-%d %H:%M"),
                        ev.actor or "—",
                        planning.ACTION_LABELS.get(ev.action, ev.action),
                        f"：{ev.comment}" if ev.comment else "",
                    )
                    for ev in obj.events.select_related("actor")
                ),
            ),
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["plan_item"] = obj
            context["may_decide"] = planning.decides(request.user, obj)
            context["may_start"] = planning.start_refusal(request.user, obj) is None
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "budget/",
                view(partial(budget.budget_view, self)),
                name="articles_planitem_budget",
            ),
            path(
                "<int:pk>/decide/",
                view(self.decide_view),
                name="articles_planitem_decide",
            ),
            path(
                "<int:pk>/start/",
                view(self.start_view),
                name="articles_planitem_start",
            ),
            *super().get_urls(),
        ]

    def _item(self, request, pk):
        # Through the queryset, so an outside correspondent cannot open
        # someone else's topic by its number.
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def decide_view(self, request, pk):
        item = self._item(request, pk)
        if not planning.decides(request.user, item):
            raise PermissionDenied
        form = DecideForm(
            request.POST or None,
            initial={
                "assignees": list(item.assignees.all())
                or ([item.proposed_by] if item.proposed_by_id else []),
                "deadline": item.deadline,
                "target_length": item.target_length,
            },
        )
        if request.method == "POST" and form.is_valid():
            step = request.POST.get("_step")
            data = form.cleaned_data
            try:
                if step == "approve":
                    planning.approve(item, by=request.user)
                elif step == "reject":
                    planning.reject(item, by=request.user, reason=data["reason"])
                elif step == "assign":
                    planning.assign(
                        item,
                        by=request.user,
                        assignees=data["assignees"],
                        deadline=data["deadline"],
                        target_length=data["target_length"],
                    )
                else:
                    raise NotAllowed(_("请选择通过、不通过或派题。"))
            except NotAllowed as refusal:
                form.add_error(None, str(refusal))
            else:
                label = planning.ACTION_LABELS[step]
                messages.success(request, f"选题“{item.topic}”：{label}。")
                return HttpResponseRedirect(request.path)
        return TemplateResponse(
            request,
            "admin/articles/planitem/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"审定选题：{item.topic}",
                "item": item,
                "form": form,
                "State": State,
            },
        )

    def start_view(self, request, pk):
        """开始写稿: the story form, filled in from the item."""
        item = self._item(request, pk)
        refusal = planning.start_refusal(request.user, item)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(
                reverse("admin:articles_planitem_change", args=[item.pk])
            )
        query = urlencode(
            {"headline": item.topic, "desk": item.desk_id, "plan": item.pk}
        )
        return HttpResponseRedirect(reverse("admin:articles_article_add") + "?" + query)


class FromPlanMixin:
    """The story form opened by 开始写稿 (`?plan=<id>`): it says which topic
    the story comes from, and saving the new story makes the item 已成稿."""

    def _plan_item(self, request):
        raw = request.GET.get("plan", "")
        if not raw.isdigit():
            return None
        return PlanItem.objects.filter(pk=int(raw)).first()

    def with_plan_desk(self, request, form_class):
        """The story form with the plan item's desk among the desks to
        choose: a photographer of 摄影部 sent to write for 经济部 files the
        story on 经济部, as the plan says."""
        item = self._plan_item(request)
        if item is None or planning.start_refusal(request.user, item):
            return form_class

        class PlanDeskForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields.get("desk")
                if field is not None:
                    field.queryset = Desk.objects.filter(
                        Q(pk__in=field.queryset.values("pk")) | Q(pk=item.desk_id)
                    )

        PlanDeskForm.__name__ = form_class.__name__
        return PlanDeskForm

    def add_view(self, request, form_url="", extra_context=None):
        item = self._plan_item(request)
        if item is not None and request.method == "GET":
            refusal = planning.start_refusal(request.user, item)
            if refusal:
                messages.error(request, refusal)
            else:
                messages.info(
                    request,
                    format_html(
                        "本稿来自选题“<a href='{}'>{}</a>”，保存后选题转为已成稿。",
                        reverse("admin:articles_planitem_change", args=[item.pk]),
                        item.topic,
                    ),
                )
        return super().add_view(request, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        item = None if change else self._plan_item(request)
        if item is None:
            return
        # Checked again at save: the item may have been taken meanwhile.
        # The story is kept either way; only the link is refused.
        refusal = planning.start_refusal(request.user, item)
        if refusal:
            messages.warning(request, f"稿件已保存，但没有关联到选题：{refusal}")
            return
        planning.written(item, story=form.instance, by=request.user)
