"""The editorial workflow: the 三审 review chain from draft to publication.

The whole state machine lives here: one table of transitions (table.py),
each row holding the step's sources, target, what must be given, who may
take it, its label and its log wording, and one entry point,
`take(name, article, by=…, **given)`, that checks, changes and logs in one
transaction. `submit`, `approve`, `send_back`, `publish`, `reschedule` and
`withdraw` are `take()` with the step's name. The admin's buttons, admin
actions, commands, the editing service (articles.editing) and tests all go
through `take()`; content saves name their fields, so nothing else writes
`status`.

    draft ─submit→ submitted (stage 1 … N) ─approve at stage N→ approved (签发)
      ↑                 │ send_back (reason)                       │
      └──── returned ←──┘←──────────── send_back (reason) ─────────┤
                                                                   ├─publish→ published
                                              published ─withdraw (reason)→ withdrawn

    approved, scheduled ─resubmit (an edit after sign-off)→ submitted (stage 1)

A published story with a future `publish_at` is scheduled: public queries
compare with now, so it appears on time with no job and no button.

The chain — how many stages, what each is called, which group signs it — is
configuration (`NEWSROOM_REVIEW_CHAIN`). Separation of duties: nobody signs
their own story, nobody signs two stages of one story in a review round, and
publishing needs the final sign-off whatever permissions the publisher holds.
Superusers get no exception unless `NEWSROOM_SUPERUSER_EXEMPT` is set.
"""

from .dashboard import dashboard, sent_back
from .notifications import quietly, users_with_perm
from .rules import (
    Readiness,
    attribution_refusal,
    can_edit,
    edit_refusal,
    is_author,
    is_exempt,
    signs,
)
from .stages import (
    NotAllowed,
    Stage,
    Status,
    chain,
    local_time,
    stage_of,
    state_label,
)
from .table import (
    TRANSITIONS,
    Button,
    Given,
    Transition,
    available,
    buttons,
    refusal,
    step_label,
)
from .transitions import (
    approve,
    publish,
    reschedule,
    send_back,
    submit,
    take,
    withdraw,
)

__all__ = [
    "TRANSITIONS",
    "Button",
    "Given",
    "NotAllowed",
    "Readiness",
    "Stage",
    "Status",
    "Transition",
    "approve",
    "attribution_refusal",
    "available",
    "buttons",
    "can_edit",
    "chain",
    "dashboard",
    "edit_refusal",
    "is_author",
    "is_exempt",
    "local_time",
    "publish",
    "quietly",
    "refusal",
    "reschedule",
    "send_back",
    "sent_back",
    "signs",
    "stage_of",
    "state_label",
    "step_label",
    "submit",
    "take",
    "users_with_perm",
    "withdraw",
]
