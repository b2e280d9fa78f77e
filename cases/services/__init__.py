"""Every write and business rule of case handling. `case_transition` is the only writer of state."""

from .documents import document_generate
from .evidence import evidence_add
from .filing import case_register, propose_procedure
from .party import case_party_unmask
from .transfers import department_reply_record
from .transition import TransitionConflict, TransitionRefused, available_actions, case_transition, conflict_message

__all__ = [
    "department_reply_record",
    "TransitionConflict",
    "TransitionRefused",
    "available_actions",
    "case_party_unmask",
    "case_register",
    "case_transition",
    "conflict_message",
    "document_generate",
    "evidence_add",
    "propose_procedure",
]
