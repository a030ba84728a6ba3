"""The editorial workflow: the 三审 review chain from draft to publication.

The whole state machine lives here. Each transition is one function that
checks who may do it, changes the story and writes the log row in one
transaction; the admin's buttons, admin actions, commands and tests all call
these functions, and nothing else writes `status`.

    draft ─submit→ submitted (stage 1 … N) ─approve at stage N→ approved (签发)
      ↑                 │ send_back (reason)                       │
      └──── returned ←──┘←──────────── send_back (reason) ─────────┤
                                                                   ├─publish→ published
                                              published ─withdraw (reason)→ withdrawn

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
    REFUSALS,
    approve_refusal,
    available,
    can_edit,
    edit_refusal,
    is_author,
    is_exempt,
    is_outside_contributor,
    publish_refusal,
    reschedule_refusal,
    send_back_refusal,
    signs,
    submit_refusal,
    visible,
    withdraw_refusal,
)
from .stages import (
    TRANSITIONS,
    Button,
    NotAllowed,
    Stage,
    Status,
    Transition,
    buttons,
    chain,
    local_time,
    stage_of,
    state_label,
    step_label,
)
from .transitions import (
    approve,
    publish,
    record_edit,
    reschedule,
    send_back,
    submit,
    withdraw,
)

__all__ = [
    "REFUSALS",
    "TRANSITIONS",
    "Button",
    "NotAllowed",
    "Stage",
    "Status",
    "Transition",
    "approve",
    "approve_refusal",
    "available",
    "buttons",
    "can_edit",
    "chain",
    "dashboard",
    "edit_refusal",
    "is_author",
    "is_exempt",
    "is_outside_contributor",
    "local_time",
    "publish",
    "publish_refusal",
    "quietly",
    "record_edit",
    "reschedule",
    "reschedule_refusal",
    "send_back",
    "send_back_refusal",
    "sent_back",
    "signs",
    "stage_of",
    "state_label",
    "step_label",
    "submit",
    "submit_refusal",
    "users_with_perm",
    "visible",
    "withdraw",
    "withdraw_refusal",
]
