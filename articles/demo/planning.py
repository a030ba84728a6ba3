"""The demo newsroom's plan for today and tomorrow (选题): a topic just
reported, one approved, two assigned with a deadline and a length, so the
budget (稿单) has something in each state to show. Each is taken through
articles.planning as the desk would; run again the same day, nothing is
added (an item is known by its topic and day)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .. import planning
from ..models import PlanItem

# (topic, desk, day offset, page or web slot, proposer, step, assignees, 字数)
PLAN = [
    (
        "城区菜价连续三周回落",
        "经济部",
        0,
        "A3",
        "reporter",
        "assign",
        ["reporter"],
        1000,
    ),
    ("地铁三号线试运行首日", "要闻部", 0, "A1", "editor", "assign", ["editor"], 1500),
    (
        "社区食堂满月记",
        "通讯员部",
        0,
        "网站 晚间 20:00",
        "correspondent",
        "approve",
        [],
        0,
    ),
    ("职工技能大赛决赛前瞻", "经济部", 1, "A4", "reporter", "propose", [], 0),
]


def make(users, desks):
    """The plan items, decided by each desk's first chief."""
    today = timezone.localdate()
    for topic, desk_name, offset, slot, proposer, step, names, length in PLAN:
        day = today + timedelta(days=offset)
        if PlanItem.objects.filter(topic=topic, print_date=day).exists():
            continue
        desk = desks[desk_name]
        web = slot.startswith("网站")
        item = PlanItem(
            topic=topic,
            desk=desk,
            print_date=day,
            print_page="" if web else slot,
            web_slot=slot.removeprefix("网站 ") if web else "",
        )
        planning.propose(item, by=users[proposer])
        if step == "propose":
            continue
        chief = desk.chiefs.first() or users["chief"]
        planning.approve(item, by=chief)
        if step == "assign":
            deadline = timezone.make_aware(datetime.combine(day, time(18, 0)))
            planning.assign(
                item,
                by=chief,
                assignees=[users[name] for name in names],
                deadline=deadline,
                target_length=length,
            )
