"""Monthly statements (稿费结算单): one per person per month, made from the
fees of that month (and earlier fees not yet on a statement, so a late fee
rolls into the next month's). Paying a statement freezes its total."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import Fee, Statement


class Refused(Exception):
    """A statement step that cannot be taken, with the reason in Chinese."""


def generate(month) -> list[Statement]:
    """Make or refresh the statements for `month` (its first day): every
    unpaid fee due in or before that month goes on its person's statement."""
    month = month.replace(day=1)
    made = []
    with transaction.atomic():
        loose = Fee.objects.select_for_update().filter(
            statement__isnull=True, month__lte=month
        )
        for person_id in sorted(set(loose.values_list("correspondent_id", flat=True))):
            statement, _created = Statement.objects.get_or_create(
                correspondent_id=person_id, month=month
            )
            if statement.is_paid:
                continue  # its fees wait for the next month's statement
            loose.filter(correspondent_id=person_id).update(statement=statement)
        made = list(
            Statement.objects.filter(month=month).select_related(
                "correspondent__affiliation"
            )
        )
    return made


def mark_paid(statement: Statement, *, by) -> Statement:
    with transaction.atomic():
        fresh = Statement.objects.select_for_update().get(pk=statement.pk)
        if fresh.is_paid:
            raise Refused("这张结算单已经标记为已付款。")
        if not fresh.fees.exists():
            raise Refused("这张结算单没有稿费，无需付款。")
        fresh.paid_total = fresh.total()
        fresh.paid_at = timezone.now()
        fresh.paid_by = by
        fresh.save(update_fields=["paid_total", "paid_at", "paid_by"])
    return fresh


@dataclass
class UnitLine:
    unit: str
    people: int
    pieces: int
    total: Decimal
    paid: int


def by_person(month):
    """The month's statements with their fees, for printing."""
    return (
        Statement.objects.filter(month=month)
        .select_related("correspondent__affiliation", "paid_by")
        .prefetch_related("fees__article")
        .order_by("correspondent__affiliation__name", "correspondent__name")
    )


def by_unit(month) -> list[UnitLine]:
    lines: dict[str, UnitLine] = {}
    for statement in by_person(month):
        unit = statement.correspondent.affiliation
        name = unit.name if unit else "（无单位）"
        line = lines.setdefault(name, UnitLine(name, 0, 0, Decimal("0.00"), 0))
        line.people += 1
        line.pieces += len(statement.fees.all())
        line.total += statement.total()
        line.paid += int(statement.is_paid)
    return sorted(lines.values(), key=lambda line: line.unit)
