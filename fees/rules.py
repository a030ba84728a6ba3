"""The fee arithmetic, with no database: what a story earns under a rate
table, and how a joint byline shares it. Money is counted in fen (分)
as integers, so shares always add up to the story's total."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def to_fen(yuan: Decimal) -> int:
    return int((Decimal(yuan) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


@dataclass(frozen=True)
class Facts:
    """What a story's fee depends on."""

    kind: str  # Article.Kind value
    chars: int  # 字数
    photos: int
    page: int | None  # print page, None if not printed
    is_lead: bool


@dataclass(frozen=True)
class Reckoning:
    fen: int
    basis: str


def story_fee(facts: Facts, rate) -> Reckoning:
    """The whole story's fee: 字数 × the kind's rate per 1,000 字, plus each
    photo, raised to the minimum per piece, then times the lead weight (头条)
    or the front-page weight (第 1 版). Rounded to the fen."""
    if facts.chars < 0 or facts.photos < 0:
        raise ValueError("字数和图片数不能为负")
    per_thousand = rate.per_thousand(facts.kind)
    text = Decimal(facts.chars) * per_thousand / 1000
    photos = Decimal(facts.photos) * rate.per_photo
    base = text + photos
    parts = [f"{facts.chars}字×{per_thousand}元/千字"]
    if facts.photos:
        parts.append(f"图片{facts.photos}幅×{rate.per_photo}元")
    if base < rate.minimum:
        base = rate.minimum
        parts.append(f"按每篇最低{rate.minimum}元")
    if facts.is_lead:
        base *= rate.lead_weight
        parts.append(f"头条×{rate.lead_weight}")
    elif facts.page == 1:
        base *= rate.front_page_weight
        parts.append(f"一版×{rate.front_page_weight}")
    return Reckoning(fen=to_fen(base), basis="；".join(parts))


def weights(count: int, rule: str, first_weight: Decimal) -> list[Decimal]:
    if count < 1:
        raise ValueError("至少要有一位署名人")
    if rule == "first" and count > 1:
        return [Decimal(first_weight)] + [Decimal(1)] * (count - 1)
    return [Decimal(1)] * count


def split(total_fen: int, shares: list[Decimal]) -> list[int]:
    """Share `total_fen` by `shares`, to the fen, adding up exactly: each
    part is rounded down, and the fen left over go one each to the parts
    with the largest remainders (the earlier name on a tie)."""
    if total_fen < 0:
        raise ValueError("金额不能为负")
    whole = sum(shares)
    if not shares or whole <= 0:
        raise ValueError("份额必须为正")
    exact = [Decimal(total_fen) * share / whole for share in shares]
    parts = [int(value) for value in exact]  # floor: values are not negative
    left = total_fen - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def share_label(shares: list[Decimal], i: int) -> str:
    whole = sum(shares)
    if len(shares) == 1:
        return "全额"
    return f"{shares[i].normalize()}/{whole.normalize()}"
