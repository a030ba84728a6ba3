"""The fee screens: rate tables (versioned), fees (adjusted with a reason),
statements (generated, printed, paid), and the statistics pages."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import Max
from django.urls import path, reverse
from django.utils.html import format_html

from . import statements, views
from .models import Fee, FeeAdjustment, RateTable, Statement

sees_all_fees = views.sees_all_fees


@admin.register(RateTable)
class RateTableAdmin(admin.ModelAdmin):
    list_display = (
        "version",
        "per_thousand_story",
        "minimum",
        "per_photo",
        "split",
        "created_by",
        "created_at",
        "note",
    )
    fieldsets = (
        (None, {"fields": ("note",)}),
        (
            "千字稿酬",
            {
                "fields": (
                    "per_thousand_story",
                    "per_thousand_photo",
                    "per_thousand_brief",
                    "per_thousand_column",
                )
            },
        ),
        ("每篇与图片", {"fields": ("minimum", "per_photo")}),
        ("版面系数", {"fields": ("lead_weight", "front_page_weight")}),
        ("联合署名", {"fields": ("split", "first_weight")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # fees point at their rate version

    def has_change_permission(self, request, obj=None):
        # Only the current version is edited, and saving it makes the next.
        if obj is not None and obj != RateTable.current():
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Every save is a new version; the old row stays as it was.
        obj.pk = None
        obj.version = (RateTable.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        obj.created_by = request.user
        obj.save()

    def response_change(self, request, obj):
        self.message_user(
            request, f"已保存为{obj}；已计算的稿费仍按原版本。", messages.SUCCESS
        )
        return self.response_post_save_change(request, obj)


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = (
        "correspondent",
        "headline",
        "month",
        "amount",
        "computed",
        "share",
        "rate",
        "statement_state",
        "adjust_link",
    )
    list_filter = ("month", "correspondent__affiliation")
    search_fields = ("correspondent__name", "article__headline")
    list_select_related = ("correspondent", "article", "rate", "statement")
    readonly_fields = (
        "article",
        "correspondent",
        "rate",
        "month",
        "trigger_label",
        "basis",
        "share",
        "computed",
        "amount",
        "computed_at",
        "statement",
        "log",
    )

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if sees_all_fees(request.user):
            return rows
        return rows.filter(correspondent__user=request.user)

    def get_list_filter(self, request):
        return self.list_filter if sees_all_fees(request.user) else ("month",)

    def has_add_permission(self, request):
        return False  # fees are computed, never typed in

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # amounts change through 调整, with a reason

    @admin.display(description="计费时机")
    def trigger_label(self, fee):
        return {"print": "见报", "publish": "发布"}.get(fee.trigger, fee.trigger)

    @admin.display(description="稿件")
    def headline(self, fee):
        return fee.article.headline

    @admin.display(description="结算")
    def statement_state(self, fee):
        if fee.statement_id is None:
            return "未入结算单"
        return "已付" if fee.statement.is_paid else "未付"

    @admin.display(description="操作")
    def adjust_link(self, fee):
        return format_html(
            '<a href="{}">调整</a>', reverse("admin:fees_fee_adjust", args=[fee.pk])
        )

    @admin.display(description="调整记录")
    def log(self, fee):
        rows = [
            f"{a.at:%Y-%m-%d %H:%M} {a.by}：{a.before} → {a.after} 元，理由：{a.reason}"
            for a in fee.adjustments.select_related("by")
        ]
        return "\n".join(rows) or "无"

    def get_list_display(self, request):
        shown = list(self.list_display)
        if not request.user.has_perm("fees.adjust_fee"):
            shown.remove("adjust_link")
        return shown

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "stats/", view(partial(views.stats_view, self)), name="fees_fee_stats"
            ),
            path("mine/", view(partial(views.mine_view, self)), name="fees_fee_mine"),
            path(
                "missing/",
                view(partial(views.missing_view, self)),
                name="fees_fee_missing",
            ),
            path(
                "<int:pk>/adjust/",
                view(partial(views.adjust_view, self)),
                name="fees_fee_adjust",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "may_stats": views.may_see_stats(request.user),
            "sees_all": sees_all_fees(request.user),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = (
        "correspondent",
        "month",
        "total_display",
        "pieces",
        "paid_at",
        "paid_by",
    )
    list_filter = ("month", "correspondent__affiliation")
    search_fields = ("correspondent__name",)
    readonly_fields = (
        "correspondent",
        "month",
        "generated_at",
        "paid_at",
        "paid_by",
        "paid_total",
    )
    actions = ["mark_paid"]

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("correspondent", "paid_by")
        if sees_all_fees(request.user):
            return rows
        return rows.filter(correspondent__user=request.user)

    def has_add_permission(self, request):
        return False  # made from the month's fees on the month page

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="金额（元）")
    def total_display(self, statement):
        return statement.total()

    @admin.display(description="篇数")
    def pieces(self, statement):
        return statement.fees.count()

    @admin.action(description="把所选结算单标记为已付款", permissions=["change"])
    def mark_paid(self, request, queryset):
        done = 0
        for statement in queryset:
            try:
                statements.mark_paid(statement, by=request.user)
                done += 1
            except statements.Refused as refusal:
                self.message_user(request, f"{statement}：{refusal}", messages.ERROR)
        if done:
            self.message_user(
                request, f"已标记 {done} 张结算单为已付款。", messages.SUCCESS
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "month/",
                view(partial(views.month_view, self)),
                name="fees_statement_month",
            ),
            path(
                "<int:pk>/pay/",
                view(partial(views.pay_view, self)),
                name="fees_statement_pay",
            ),
            *super().get_urls(),
        ]


@admin.register(FeeAdjustment)
class FeeAdjustmentAdmin(admin.ModelAdmin):
    list_display = ("fee", "before", "after", "reason", "by", "at")
    list_select_related = ("fee__correspondent", "fee__article", "by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
