"""The daily budget (稿单): today's and tomorrow's plan items by desk, each
with its story's live status and its length against the target, and the
same table as CSV or XLSX for the 编前会 (fees.exports writes both)."""

from datetime import timedelta

from django.template.response import TemplateResponse
from django.utils import timezone

from accounts import roles
from fees import exports

from .. import planning, workflow
from ..models import Article, PlanItem

State = PlanItem.State

HEADER = [
    "日期",
    "部门",
    "选题",
    "状态",
    "采写人",
    "交稿时间",
    "版面/时段",
    "稿件状态",
    "字数/计划",
]


def slot(item) -> str:
    """ "A3版" or "网站 早间 8:00", or both."""
    parts = []
    if item.print_page:
        page = item.print_page
        parts.append(page if page.endswith("版") else f"{page}版")
    if item.web_slot:
        parts.append(f"网站 {item.web_slot}")
    return "，".join(parts) or "—"


def items_for(user, days):
    """The plan items of these days this person may see, refused ones left
    out, in budget order."""
    rows = roles.policy_for(user).screen(PlanItem._meta.label_lower).rows
    items = PlanItem.objects.filter(print_date__in=days).exclude(state=State.REJECTED)
    if rows is not None:
        items = items.filter(pk__in=PlanItem.objects.filter(rows(user)).values("pk"))
    return (
        items.select_related("desk", "story")
        .prefetch_related("assignees", "desk__chiefs")
        .order_by("print_date", "desk__order", "desk__name", "deadline", "pk")
    )


def story_status(item) -> str:
    story: Article | None = item.story
    if story is None:
        return "未开始"
    if story.spiked_at is not None:
        return "废稿"
    return str(workflow.state_label(story))


def deadline_text(item) -> str:
    if item.deadline is None:
        return "—"
    return timezone.localtime(item.deadline).strftime("%m-%d %H:%M")


def table(items):
    """The export's rows: one per item, in the budget's order."""
    return [
        [
            item.print_date.isoformat(),
            item.desk.name,
            item.topic,
            str(State(item.state).label),
            "、".join(str(u) for u in item.assignees.all()),
            deadline_text(item),
            slot(item),
            story_status(item),
            item.length_against_target(),
        ]
        for item in items
    ]


def grouped(items, user):
    """[(day, [(desk, [row, …]), …]), …] for the page."""
    days = {}
    for item in items:
        desks = days.setdefault(item.print_date, {})
        desks.setdefault(item.desk, []).append(
            {
                "item": item,
                "slot": slot(item),
                "assignees": "、".join(str(u) for u in item.assignees.all()) or "—",
                "deadline": deadline_text(item),
                "status": story_status(item),
                "length": item.length_against_target(),
                "short": bool(
                    item.story_id
                    and item.target_length
                    and item.story.char_count < item.target_length
                ),
                "may_start": planning.start_refusal(user, item) is None,
            }
        )
    return [(day, list(desks.items())) for day, desks in days.items()]


def budget_view(model_admin, request):
    today = timezone.localdate()
    days = [today, today + timedelta(days=1)]
    items = list(items_for(request.user, days))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        name = f"稿单_{today:%Y%m%d}-{days[1]:%Y%m%d}"
        rows = table(items)
        if fmt == "csv":
            return exports.csv_response(name + ".csv", HEADER, rows)
        return exports.xlsx_response(name + ".xlsx", "稿单", HEADER, rows)
    return TemplateResponse(
        request,
        "admin/articles/planitem/budget.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "稿单（今明两天）",
            # The sidebar would take a fifth of a 1280 px screen from the table.
            "is_nav_sidebar_enabled": False,
            "days": grouped(items, request.user),
            "today": today,
            "tomorrow": days[1],
            "may_propose": planning.may_propose(request.user),
        },
    )
