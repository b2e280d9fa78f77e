"""Reads of the audit log, for the audit administrator (三权分立: access.scope gives nobody else a row)."""

from enforcement.accounts import access

from .models import AuditEvent

# The list's filters (a prefix of each field) and their longest accepted value.
FILTERS = {"event_type": 64, "username": 150, "object_id": 64}


def audit_filters(params):
    """The list's filters from a query dict: every known one, stripped and cut to its field's length."""
    return {field: str(params.get(field, "")).strip()[:length] for field, length in FILTERS.items()}


def audit_event_list(*, actor, filters=None):
    """The events `actor` may read (none but for the auditor), filtered by prefix, newest first."""
    events = access.scope(AuditEvent.objects.all(), actor)
    for field, value in (filters or {}).items():
        if field in FILTERS and value:
            events = events.filter(**{f"{field}__startswith": value})
    return events.order_by("-id")


def last_chain_check():
    """The newest recorded run of the chain check (page, queued or nightly), or None."""
    from .verification import EVENT_TYPE

    return AuditEvent.objects.filter(event_type=EVENT_TYPE).order_by("-id").first()
