"""The case list (any of its filters) as xlsx or CSV: capped, audited, personal data masked, cells escaped.

Masking rules (SECURITY §13): a citizen party's name shows its first character only (张**); ID/USCC numbers and
phone numbers only ever as stored masked (3301**********1234, 138****5678); addresses are not exported.
Organisations' names are public business names and are shown. Formula-like cells are escaped by
`enforcement.core.spreadsheets` (SECURITY §26).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import spreadsheets

from . import selectors
from .models import DecisionType, PartyType, Procedure, Source, Status

EXPORT_FIELDS = ("code", "procedure", "status", "source", "item__code", "item__name", "item__domain__name",
                 "township__name", "zone__name", "party_type", "party_name", "party_id_masked", "party_phone_masked",
                 "location", "violation_date", "discovered_on", "filed_on", "deadline", "decided_on", "closed_on",
                 "decision_type", "fine_amount", "is_major")


def export_cap():
    return settings.CASE_EXPORT_MAX_ROWS


def mask_person_name(name):
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def headers():
    return [_("Action code"), _("Procedure"), _("Status"), _("Source"), _("Item code"), _("Enforcement item"),
            _("Domain"), _("Township"), _("Responsibility zone"), _("Party type"), _("Party"),
            _("ID / USCC number (masked)"), _("Phone (masked)"), _("Place of the violation"),
            _("Date of the violation"), _("Date discovered"), _("Date filed"), _("Deadline"), _("Date decided"),
            _("Date closed"), _("Decision"), _("Fine (yuan)"), _("Major case")]


def rows(values):
    labels = {name: {k: str(v) for k, v in choices.choices} for name, choices in (
        ("procedure", Procedure), ("status", Status), ("source", Source), ("party_type", PartyType),
        ("decision_type", DecisionType))}
    for row in values:
        name = row["party_name"]
        if row["party_type"] == PartyType.CITIZEN:
            name = mask_person_name(name)
        yield [row["code"], labels["procedure"].get(row["procedure"], row["procedure"]),
               labels["status"].get(row["status"], row["status"]), labels["source"].get(row["source"], row["source"]),
               row["item__code"], row["item__name"], row["item__domain__name"], row["township__name"] or _("Bureau"),
               row["zone__name"] or "", labels["party_type"].get(row["party_type"], row["party_type"]), name,
               row["party_id_masked"], row["party_phone_masked"], row["location"], row["violation_date"],
               row["discovered_on"], row["filed_on"], row["deadline"], row["decided_on"], row["closed_on"],
               labels["decision_type"].get(row["decision_type"], row["decision_type"] or ""), row["fine_amount"],
               _("yes") if row["is_major"] else _("no")]


def case_export_response(*, actor, filters, file_format="xlsx"):
    """The filtered list as a download; at most `CASE_EXPORT_MAX_ROWS` rows (header X-Export-Capped when cut)."""
    access.require(actor, "case.export")
    cap = export_cap()
    values = list(selectors.case_list(actor=actor, filters=filters).values(*EXPORT_FIELDS)[:cap + 1])
    capped = len(values) > cap
    values = values[:cap]
    file_format = "csv" if file_format == "csv" else "xlsx"
    response = spreadsheets.response(headers(), rows(values), filename="cases", file_format=file_format,
                                     sheet_title=_("Cases"))
    audit.record("case.export", actor=actor, rows=len(values), capped=capped, file_format=file_format,
                 filters={k: str(v)[:100] for k, v in filters.items() if v})
    if capped:
        response["X-Export-Capped"] = str(cap)
    return response
