"""Every write and business rule of intake. `clue_transition` is the only writer of `Clue.state`."""

from .attachments import attachment_add
from .common import clue_reporter_unmask
from .intake import WorkOrderConflict, clue_create, hotline_push, triage_propose
from .patrols import patrol_plan_create, patrol_record
from .replies import default_reply_text, reply_record
from .transition import (
    TransitionConflict,
    TransitionRefused,
    available_actions,
    clue_transition,
    may_respond,
    response_deadline,
)

__all__ = [
    "TransitionConflict",
    "TransitionRefused",
    "WorkOrderConflict",
    "attachment_add",
    "available_actions",
    "clue_create",
    "clue_reporter_unmask",
    "clue_transition",
    "default_reply_text",
    "hotline_push",
    "may_respond",
    "patrol_plan_create",
    "patrol_record",
    "reply_record",
    "response_deadline",
    "triage_propose",
]
