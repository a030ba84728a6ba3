"""The fee and statistics pages of the admin (wired in admin.py)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from accounts.models import Correspondent
from articles.models import Article

from . import compute, exports, statements, stats
from .forms import AdjustForm, MonthForm, StatsForm, this_month
from .models import Fee, FeeAdjustment, Statement


def may_see_stats(user) -> bool:
    """Reviewers and 财务 see everyone's figures; others only their own."""
    return user.has_perm("articles.review_article") or user.has_perm(
        "fees.change_statement"
    )


def sees_all_fees(user) -> bool:
    """Those who adjust or pay fees see everyone's; others their own."""
    return user.has_perm("fees.adjust_fee") or user.has_perm("fees.change_statement")


def _page(model_admin, request, template, title, **extra):
    return TemplateResponse(
        request,
        f"admin/fees/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": title,
            **extra,
        },
    )


def _stats_rows(rows, grouping):
    header = [{"person": "署名人", "unit": "单位", "desk": "部门"}[grouping]]
    if grouping == "person":
        header.append("单位")
    header += [stats.LABELS[f] for f in stats.FIGURES]
    lines = []
    for row in rows:
        line = [row.label] + ([row.unit] if grouping == "person" else [])
        lines.append(line + [row.figures[f] for f in stats.FIGURES])
    return header, lines


def stats_view(model_admin, request):
    if not may_see_stats(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    data = request.GET if "start" in request.GET else None
    form = StatsForm(
        data, initial={"start": today.replace(day=1), "end": today, "group": "person"}
    )
    rows, period = [], (today.replace(day=1), today, "person")
    if data is not None:
        if form.is_valid():
            period = (
                form.cleaned_data["start"],
                form.cleaned_data["end"],
                form.cleaned_data["group"],
            )
        else:
            period = None
    if period:
        rows = stats.table(*period)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            header, lines = _stats_rows(rows, period[2])
            name = f"发稿统计_{period[0]:%Y%m%d}-{period[1]:%Y%m%d}"
            if fmt == "csv":
                return exports.csv_response(name + ".csv", header, lines)
            return exports.xlsx_response(name + ".xlsx", "发稿统计", header, lines)
    return _page(
        model_admin,
        request,
        "stats.html",
        "发稿统计",
        form=form,
        rows=rows,
        period=period,
        labels=[stats.LABELS[f] for f in stats.FIGURES],
        figures=stats.FIGURES,
        totals=stats.totals(rows),
        desks=stats.desks_available(),
        query=request.GET.urlencode(),
    )


def mine_view(model_admin, request):
    """A person's own figures, their stories' state and their fees."""
    person = Correspondent.objects.filter(user=request.user).first()
    if person is None:
        raise Http404("你的账号没有对应的署名人。")
    today = timezone.localdate()
    form = StatsForm(
        request.GET if "start" in request.GET else None,
        initial={"start": today.replace(day=1), "end": today, "group": "person"},
    )
    start, end = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    rows = stats.table(start, end, "person", people=[person])
    stories = (
        Article.objects.filter(credits__correspondent=person)
        .distinct()
        .order_by("-created_at")[:200]
    )
    return _page(
        model_admin,
        request,
        "mine.html",
        "我的发稿与稿费",
        form=form,
        person=person,
        row=rows[0] if rows else None,
        labels=[stats.LABELS[f] for f in stats.FIGURES],
        figures=stats.FIGURES,
        stories=[(s, stats.story_state(s)) for s in stories],
        fees=person.fees.select_related("article", "statement", "rate")[:200],
        statements=person.fee_statements.all()[:24],
    )


def missing_view(model_admin, request):
    """漏发: printed or published work with no fee; compute them here."""
    if not sees_all_fees(request.user):
        raise PermissionDenied
    stories = compute.missing().select_related("section").order_by("-print_date", "-pk")
    if request.method == "POST":
        if not request.user.has_perm("fees.adjust_fee"):
            raise PermissionDenied
        ids = [int(i) for i in request.POST.getlist("story") if i.isdigit()]
        if not ids:
            messages.error(request, "请先勾选要计算稿费的稿件。")
        else:
            done = sum(
                bool(compute.compute_for(pk))
                for pk in stories.filter(pk__in=ids).values_list("pk", flat=True)
            )
            skipped = len(ids) - done
            text = f"已为 {done} 篇稿件计算稿费。"
            if skipped:
                text += (
                    f" {skipped} 篇未能计算"
                    "（没有稿酬标准、没有可付稿费的署名人，或已不在漏发列表）。"
                )
            messages.success(request, text)
        return HttpResponseRedirect(request.path)
    return _page(
        model_admin,
        request,
        "missing.html",
        "漏发稿费",
        stories=stories[:500],
        trigger="见报" if compute.trigger() == compute.PRINT else "发布",
        may_compute=request.user.has_perm("fees.adjust_fee"),
    )


def adjust_view(model_admin, request, pk):
    if not request.user.has_perm("fees.adjust_fee"):
        raise PermissionDenied
    fee = get_object_or_404(
        Fee.objects.select_related("article", "correspondent", "statement", "rate"),
        pk=pk,
    )
    form = AdjustForm(request.POST or None, fee=fee, initial={"amount": fee.amount})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = Fee.objects.select_for_update().get(pk=fee.pk)
            FeeAdjustment.objects.create(
                fee=locked,
                before=locked.amount,
                after=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            locked.amount = form.cleaned_data["amount"]
            locked.save(update_fields=["amount"])
        amount = form.cleaned_data["amount"]
        messages.success(
            request, f"已把 {fee.correspondent.name} 的稿费调整为 {amount} 元。"
        )
        # Back to the statement it is on, for those who keep statements.
        if fee.statement_id and request.user.has_perm("fees.change_statement"):
            return HttpResponseRedirect(
                reverse("admin:fees_statement_month")
                + f"?month={fee.statement.month:%Y-%m}"
            )
        return HttpResponseRedirect(reverse("admin:fees_fee_change", args=[fee.pk]))
    return _page(
        model_admin,
        request,
        "adjust.html",
        "调整稿费",
        form=form,
        fee=fee,
        log=fee.adjustments.select_related("by"),
    )


def month_view(model_admin, request):
    """The month's statements: make them, print them, download them."""
    if not request.user.has_perm("fees.change_statement"):
        raise PermissionDenied
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "month" in request.GET else None)
    )
    form = MonthForm(data, initial={"month": f"{this_month():%Y-%m}", "by": "person"})
    if data is None or not form.is_valid():
        return _page(
            model_admin, request, "month.html", "月度稿费结算", form=form, month=None
        )
    month, by = form.cleaned_data["month"], form.cleaned_data["by"]
    if request.method == "POST":
        if not request.user.has_perm("fees.change_statement"):
            raise PermissionDenied
        made = statements.generate(month)
        messages.success(request, f"{month:%Y年%m月}结算单已生成：{len(made)} 人。")
        return HttpResponseRedirect(f"{request.path}?month={month:%Y-%m}&by={by}")
    people = list(statements.by_person(month))
    units = statements.by_unit(month)
    if request.GET.get("format") == "xlsx":
        return _month_xlsx(month, by, people, units)
    printing = bool(request.GET.get("print"))
    template = "statement_print.html" if printing else "month.html"
    return _page(
        model_admin,
        request,
        template,
        f"{month:%Y年%m月}稿费结算单",
        form=form,
        month=month,
        by=by,
        people=people,
        units=units,
        grand=sum((s.total() for s in people), start=Decimal("0.00")),
        # The printed copy carries no buttons.
        may_pay=not printing and request.user.has_perm("fees.change_statement"),
        may_adjust=not printing and request.user.has_perm("fees.adjust_fee"),
    )


def _month_xlsx(month, by, people, units):
    name = f"稿费结算单_{month:%Y%m}_{'个人' if by == 'person' else '单位'}.xlsx"
    if by == "unit":
        header = ["单位", "人数", "篇数", "金额（元）", "已付人数"]
        rows = [[u.unit, u.people, u.pieces, u.total, u.paid] for u in units]
        return exports.xlsx_response(name, "按单位", header, rows)
    header = ["署名人", "单位", "稿件", "计算依据", "份额", "金额（元）", "结算单状态"]
    rows = []
    for statement in people:
        unit = statement.correspondent.affiliation
        for fee in statement.fees.all():
            rows.append(
                [
                    statement.correspondent.name,
                    unit.name if unit else "",
                    fee.article.headline,
                    fee.basis,
                    fee.share,
                    fee.amount,
                    "已付" if statement.is_paid else "未付",
                ]
            )
    return exports.xlsx_response(name, "按个人", header, rows)


def pay_view(model_admin, request, pk):
    if request.method != "POST":
        raise Http404
    if not request.user.has_perm("fees.change_statement"):
        raise PermissionDenied
    statement = get_object_or_404(Statement, pk=pk)
    try:
        statements.mark_paid(statement, by=request.user)
    except statements.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{statement} 已标记为已付款。")
    return HttpResponseRedirect(
        reverse("admin:fees_statement_month") + f"?month={statement.month:%Y-%m}"
    )
