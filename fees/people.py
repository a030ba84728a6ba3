"""A person's fees when two 署名人 records are merged (accounts.merge):
unpaid fees follow the person; statements are money already reckoned, so
a record with any statement is not merged away."""

from .models import Fee, Statement


class CannotMove(Exception):
    """Why the duplicate's fees cannot follow, in Chinese."""


def move_fees(duplicate, kept) -> int:
    """Move the duplicate's fees to `kept` (inside the merge's transaction).
    Returns how many moved; raises CannotMove and moves nothing if it has a
    statement or a fee on a story `kept` is already paid for."""
    if Statement.objects.filter(correspondent=duplicate).exists():
        raise CannotMove(
            f"“{duplicate.name}”已有稿费结算单，不能合并；请先与财务核对。"
        )
    fees = Fee.objects.filter(correspondent=duplicate)
    both = fees.filter(article__fees__correspondent=kept)
    if both.exists():
        raise CannotMove(
            f"“{duplicate.name}”和“{kept.name}”在同一篇稿件上都有稿费，不能合并。"
        )
    return fees.update(correspondent=kept)
