import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone

from .stats import GROUPINGS, desks_available

MAX_DAYS = 3660  # ten years: longer periods are surely a typo
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def this_month() -> date:
    return timezone.localdate().replace(day=1)


class StatsForm(forms.Form):
    start = forms.DateField(
        label="起始日期",
        error_messages={"invalid": "请输入有效的起始日期，如 2026-11-01。"},
    )
    end = forms.DateField(
        label="截止日期",
        error_messages={"invalid": "请输入有效的截止日期，如 2026-11-30。"},
    )
    group = forms.ChoiceField(label="分组", choices=(), initial="person")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (k, v) for k, v in GROUPINGS.items() if k != "desk" or desks_available()
        ]
        self.fields["group"].choices = choices
        self.fields["group"].error_messages["invalid_choice"] = "没有这种分组方式。"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("起始日期不能晚于截止日期。")
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError("统计时段最长十年，请缩短时段。")
        return cleaned


class MonthField(forms.Field):
    """A month typed as 2026-11; cleaned to its first day."""

    widget = forms.TextInput(attrs={"placeholder": "2026-11", "size": 8})

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        match = MONTH.match(value[:20])
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise forms.ValidationError("月份格式应为“2026-11”。")
        return date(int(match[1]), int(match[2]), 1)


class MonthForm(forms.Form):
    month = MonthField(
        label="月份", error_messages={"required": "请填写月份，如 2026-11。"}
    )
    by = forms.ChoiceField(
        label="汇总方式",
        choices=[("person", "按个人"), ("unit", "按单位")],
        initial="person",
        required=False,
        error_messages={"invalid_choice": "汇总方式只能是按个人或按单位。"},
    )

    def clean_by(self):
        return self.cleaned_data.get("by") or "person"


class AdjustForm(forms.Form):
    amount = forms.DecimalField(
        label="调整后金额（元）",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        error_messages={
            "required": "请填写调整后的金额。",
            "invalid": "金额必须是数字，如 120.50。",
            "min_value": "金额不能为负。",
            "max_value": "单笔稿费不能超过 100000 元。",
            "max_decimal_places": "金额最多精确到分（两位小数）。",
            "max_digits": "金额位数过多。",
        },
    )
    reason = forms.CharField(
        label="调整理由",
        max_length=200,
        error_messages={
            "required": "调整稿费必须写明理由。",
            "max_length": "理由最多 200 字。",
        },
    )

    def __init__(self, *args, fee=None, **kwargs):
        self.fee = fee
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 2:
            raise forms.ValidationError("请把调整理由写清楚（至少 2 个字）。")
        return reason

    def clean(self):
        cleaned = super().clean()
        if self.fee is not None:
            if self.fee.statement_id and self.fee.statement.is_paid:
                raise forms.ValidationError("这笔稿费所在的结算单已付款，不能再调整。")
            if (
                cleaned.get("amount") is not None
                and cleaned["amount"] == self.fee.amount
            ):
                raise forms.ValidationError("调整后金额与现在相同，无需调整。")
        return cleaned
