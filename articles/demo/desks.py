"""The demo newsroom's desks (部门), their chiefs and members, and which
desk a demo story belongs to. The chain's 复审 is scoped to the desk
(`复审:部门主任@desk`, the default), so each story is signed by its own
desk's chief: 孙建国 (desk) leads 经济部, 摄影部 and 通讯员部, 周丽华
(yaowen) leads 要闻部; 钱海涛 (night), the 值班总编, sees every desk."""

from accounts.models import Desk

# (name, order, chiefs, members) by demo username.
DESKS = [
    ("要闻部", 10, ["yaowen"], ["editor"]),
    ("经济部", 20, ["desk"], ["reporter", "editor"]),
    ("摄影部", 30, ["desk"], []),
    ("通讯员部", 40, ["desk"], ["correspondent"]),
]

#: A story in one of these sections is that desk's; any other is its
#: author's desk (articles.editing.create).
DESK_OF_SECTION = {"yaowen": "要闻部", "tupian": "摄影部"}


def make_desks(users):
    """The desks with their people. Run again, it adds the demo's people
    where missing and takes nobody off a desk."""
    desks = {}
    for name, order, chiefs, members in DESKS:
        desk, _created = Desk.objects.get_or_create(
            name=name, defaults={"order": order}
        )
        desk.chiefs.add(*(users[username] for username in chiefs))
        desk.members.add(*(users[username] for username in members))
        desks[name] = desk
    return desks


def desk_for(spec, desks):
    """The desk a demo story is filed on, or None for its author's."""
    name = DESK_OF_SECTION.get(spec["section"])
    return desks[name] if name else None
