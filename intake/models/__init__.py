"""Intake and the command centre: clues, dispatches, triage proposals, warnings, replies, patrols, rollups."""

from .clue import (
    FIELD_STATES,
    FINAL_STATES,
    OPEN_STATES,
    PUBLIC_SOURCES,
    RESPONSE_STATES,
    Attachment,
    Clue,
    ClueEvent,
    ClueSequence,
    Level,
    Outcome,
    Source,
    State,
    Urgency,
)
from .field import Dispatch, EarlyWarning, Reply, TriageProposal
from .patrols import DailyRollup, Frequency, MonthRollup, Patrol, PatrolPlan

__all__ = [
    "FIELD_STATES", "FINAL_STATES", "OPEN_STATES", "PUBLIC_SOURCES", "RESPONSE_STATES", "Attachment", "Clue",
    "ClueEvent", "ClueSequence", "DailyRollup", "Dispatch", "EarlyWarning", "Frequency", "Level", "MonthRollup",
    "Outcome", "Patrol", "PatrolPlan", "Reply", "Source", "State", "TriageProposal", "Urgency",
]
