"""The audit log (the list's filters) as xlsx or CSV, for the audit administrator alone (三权分立).

Capped at AUDIT_EXPORT_MAX_ROWS, newest first (header X-Export-Capped when cut; the list page says so before);
read from the database in chunks; formula-like cells escaped by `enforcement.core.spreadsheets` (SECURITY §26);
the export itself is an audit event (`audit.export`, SECURITY §10).
"""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core import spreadsheets

from . import selectors
from . import services as audit
from .models import EVENT_LABELS, AuditEvent

EXPORT_FIELDS = ("created_at", "username", "ip", "event_type", "object_type", "object_id", "outcome", "request_id",
                 "detail")
CELL_LIMIT = 32_000  # an xlsx cell holds at most 32,767 characters


def export_cap():
    return settings.AUDIT_EXPORT_MAX_ROWS


def headers():
    return [_("Time"), _("Username"), _("Source IP"), _("Event type"), _("Event code"), _("Object type"),
            _("Object"), _("Outcome"), _("Request id"), _("Detail")]


def _row(values, outcomes):
    detail = json.dumps(values["detail"], ensure_ascii=False, sort_keys=True, default=str) if values["detail"] else ""
    return [timezone.localtime(values["created_at"]).strftime("%Y-%m-%d %H:%M:%S"), values["username"],
            values["ip"] or "", str(EVENT_LABELS.get(values["event_type"], values["event_type"])),
            values["event_type"], values["object_type"], values["object_id"],
            outcomes.get(values["outcome"], values["outcome"]), values["request_id"], detail[:CELL_LIMIT]]


class _CappedRows:
    """The rows of at most `cap` events, read in chunks; `capped` tells afterwards whether more matched."""

    def __init__(self, queryset, cap):
        self.queryset, self.cap, self.count, self.capped = queryset, cap, 0, False

    def __iter__(self):
        outcomes = {value: str(label) for value, label in AuditEvent.Outcome.choices}
        for values in self.queryset.values(*EXPORT_FIELDS)[:self.cap + 1].iterator(chunk_size=2000):
            if self.count == self.cap:
                self.capped = True
                return
            self.count += 1
            yield _row(values, outcomes)


def audit_export_response(*, actor, filters, file_format="xlsx"):
    """The filtered audit log as a download (no-store), recorded as `audit.export` with its rows and filters."""
    access.require(actor, "audit.view")
    cap = export_cap()
    rows = _CappedRows(selectors.audit_event_list(actor=actor, filters=filters), cap)
    file_format = "csv" if file_format == "csv" else "xlsx"
    response = spreadsheets.response(headers(), rows, filename=f"audit-log-{timezone.localdate():%Y%m%d}",
                                     file_format=file_format, sheet_title=_("Audit log"))
    audit.record("audit.export", actor=actor, rows=rows.count, capped=rows.capped, file_format=file_format,
                 filters={key: value for key, value in filters.items() if value})
    if rows.capped:
        response["X-Export-Capped"] = str(cap)
    return response
