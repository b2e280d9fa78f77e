"""Read-only admin: clues change only through the services (transition table, guards, audit)."""

from django.contrib import admin

from enforcement.core.admin import ReadOnlyAdmin

from .models import (
    Clue,
    ClueEvent,
    DailyRollup,
    Dispatch,
    EarlyWarning,
    MonthRollup,
    Patrol,
    PatrolPlan,
    Reply,
    TriageProposal,
)


@admin.register(Clue)
class ClueAdmin(ReadOnlyAdmin):
    list_display = ["code", "source", "external_number", "state", "urgency", "township", "received_at", "outcome"]
    list_filter = ["state", "source", "urgency", "township"]
    search_fields = ["code", "external_number"]
    list_select_related = ["township"]
    exclude = ["reporter_name_encrypted", "reporter_phone_encrypted", "reporter_phone_hash", "payload_hash"]


@admin.register(ClueEvent)
class ClueEventAdmin(ReadOnlyAdmin):
    list_display = ["clue", "action", "from_state", "to_state", "actor", "created_at"]
    list_select_related = ["clue", "actor"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ["clue", "target", "township", "zone", "unit_name", "status", "dispatched_at", "response_deadline"]
    list_select_related = ["clue", "township", "zone"]


@admin.register(TriageProposal)
class TriageProposalAdmin(ReadOnlyAdmin):
    list_display = ["clue", "township", "zone", "item_accepted", "township_accepted", "decided_at"]
    list_select_related = ["clue", "township", "zone"]


@admin.register(EarlyWarning)
class EarlyWarningAdmin(ReadOnlyAdmin):
    list_display = ["notice_number", "clue", "township", "rectification_deadline", "outcome"]
    list_filter = ["outcome", "township"]
    list_select_related = ["clue", "township"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["clue", "township", "due_on", "replied_at", "satisfaction"]
    list_select_related = ["clue", "township"]


@admin.register(PatrolPlan)
class PatrolPlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "township", "zone", "frequency", "starts_on", "ends_on", "is_active"]
    list_select_related = ["township", "zone"]


@admin.register(Patrol)
class PatrolAdmin(ReadOnlyAdmin):
    list_display = ["plan", "township", "zone", "started_at", "ended_at"]
    list_select_related = ["plan", "township", "zone"]


@admin.register(DailyRollup)
class DailyRollupAdmin(ReadOnlyAdmin):
    list_display = ["day", "township", "received", "dispatched", "arrived", "arrived_on_time", "with_case"]
    list_select_related = ["township"]


@admin.register(MonthRollup)
class MonthRollupAdmin(ReadOnlyAdmin):
    list_display = ["month", "township", "received", "dispatched", "arrived", "arrived_on_time", "with_case"]
    list_select_related = ["township"]
