"""The demo newsroom's fees: two versions of the rate table, a 财务 account,
the published stories' fees, one adjusted with its reason, and this
month's statements (unpaid, for someone to try paying)."""

import secrets
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import User
from articles.models import Article

from . import compute, statements
from .models import Fee, FeeAdjustment, RateTable

RATES = [
    {
        "note": "2025 年标准",
        "per_thousand_story": Decimal("80"),
        "per_thousand_photo": Decimal("40"),
        "per_thousand_brief": Decimal("60"),
        "per_thousand_column": Decimal("120"),
        "minimum": Decimal("20"),
        "per_photo": Decimal("30"),
    },
    {
        "note": "2026 年起上调千字稿酬，联合署名第一作者加权",
        "per_thousand_story": Decimal("100"),
        "per_thousand_photo": Decimal("50"),
        "per_thousand_brief": Decimal("80"),
        "per_thousand_column": Decimal("150"),
        "minimum": Decimal("30"),
        "per_photo": Decimal("40"),
        "split": RateTable.Split.FIRST,
        "first_weight": Decimal("1.5"),
    },
]


def make_finance_account(password):
    """The demo's 财务 account; returns a generated password if it made one."""
    user = User.objects.filter(username="finance").first()
    generated = None
    if user is None:
        if password is None:
            generated = password = secrets.token_urlsafe(12)
        user = User(
            username="finance",
            last_name="钱",
            first_name="会计",
            email="finance@newsroom.invalid",
            is_staff=True,
        )
        user.set_password(password)
        user.save()
    elif password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.FINANCE))
    return generated


def make(editor, password=None):
    """Idempotent: rates and fees already there are left as they are."""
    if not RateTable.objects.exists():
        for version, values in enumerate(RATES, start=1):
            RateTable.objects.create(version=version, **values)
    generated = make_finance_account(password)
    for story in Article.objects.filter(status=Article.Status.PUBLISHED):
        # The paper's own setting first (见报); stories of the demo that were
        # never printed are paid on publication.
        if not compute.compute_for(story.pk):
            compute.compute_for(story.pk, when=compute.PUBLISH)
    fee = Fee.objects.filter(adjustments__isnull=True).order_by("pk").first()
    if fee and not FeeAdjustment.objects.exists():
        FeeAdjustment.objects.create(
            fee=fee,
            before=fee.amount,
            after=fee.amount + Decimal("50.00"),
            reason="独家报道，加发 50 元",
            by=editor,
        )
        fee.amount += Decimal("50.00")
        fee.save(update_fields=["amount"])
    statements.generate(timezone.localdate().replace(day=1))
    return generated
