"""Applying the actions after the decision to the locked case (called by `case_transition._apply`).

Unpaid fines: payments from bank receipts (art. 67) with the art. 72 surcharge and the pause of an
approved instalment or deferral plan (art. 66); 催告 (行政强制法 arts. 35, 54); the application to the court
(行政强制法 arts. 53–58) with its ruling and outcome.
"""

from decimal import Decimal

from .. import rules
from ..guards_execution import plan_schedule, rules_date, surcharge_on
from ..models_execution import CourtRuling, PaymentPlanStatus

ACTIONS = {"record_payment", "remind", "deliver_reminder", "record_reminder_statement", "apply_payment_plan",
           "decide_payment_plan", "apply_enforcement", "record_court_ruling", "record_court_outcome"}


def delivery_note(values):
    """The delivery's record as the 送达回证 prints it: witness, electronic address and consent, notice reason."""
    parts = []
    if values.get("witness"):
        parts.append(f"见证人:{values['witness']}")
        if values.get("reason"):
            parts.append(f"留置情况:{values['reason']}")
    if values.get("tracking_number"):
        parts.append(f"邮件号码:{values['tracking_number']}")
    if values.get("electronic_address"):
        parts.append(f"电子送达地址:{values['electronic_address']}(当事人于{values['consent_on']}书面同意)")
    if values.get("notice_on"):
        parts.append(f"公告日期:{values['notice_on']};原因:{values.get('reason', '')}")
    return ";".join(parts)


def refresh_next_due(case):
    """The earliest day an unpaid amount is due (the unpaid list's key): the payment deadline, or the next
    instalment of an approved plan; None once everything owed is paid."""
    if not case.fine_amount:
        case.payment_next_due = None
        return
    paid = case.paid_amount or Decimal("0")
    if case.payment_plan_status == PaymentPlanStatus.APPROVED:
        case.payment_next_due = rules.next_instalment_due(plan_schedule(case), paid)
    else:
        case.payment_next_due = case.payment_due if paid < case.fine_amount else None


def _payment(case, values, on):
    case.payments = [*(case.payments or []), {"on": on.isoformat(), "amount": str(values["paid_amount"]),
                                              "receipt": values["bank_receipt_number"]}]
    case.bank_receipt_number = values["bank_receipt_number"]
    case.paid_on = on
    case.paid_amount = sum((Decimal(p["amount"]) for p in case.payments), Decimal("0"))
    case.surcharge_amount = surcharge_on(case, on)
    refresh_next_due(case)
    due = (case.fine_amount or 0) + case.surcharge_amount
    if case.paid_amount >= due:
        case.payment_next_due = None
    return {"receipt": case.bank_receipt_number, "paid": str(values["paid_amount"]),
            "paid_total": str(case.paid_amount), "surcharge": str(case.surcharge_amount)}


def apply(case, action, values, on, today):
    """Write the action's typed `values` on the locked `case` (in memory); returns the event's data."""
    if action == "record_payment":
        return _payment(case, values, on)
    if action == "remind":
        case.reminder_issued_on = on
        case.reminder_delivered_on = None
        case.reminder_deadline = None
        surcharge = surcharge_on(case, on)
        return {"surcharge": str(surcharge), "owed": str((case.fine_amount or 0) + surcharge
                                                         - (case.paid_amount or 0))}
    if action == "deliver_reminder":
        case.reminder_delivered_on = on
        case.reminder_deadline = rules.reminder_deadline(on)
        return {"reminder_deadline": str(case.reminder_deadline)}
    if action == "record_reminder_statement":
        case.reminder_statement = values["note"]
        return {}
    if action == "apply_payment_plan":
        case.payment_plan_kind = values["kind"]
        case.payment_plan_status = PaymentPlanStatus.APPLIED
        case.payment_plan_applied_on = on
        case.payment_plan_reason = values["reason"]
        case.payment_plan_schedule = [[due.isoformat(), str(amount)] for due, amount in values["schedule"]]
        case.payment_plan_decided_on = None
        case.payment_plan_note = ""
        return {"kind": values["kind"], "schedule": case.payment_plan_schedule}
    if action == "decide_payment_plan":
        approved = bool(values.get("approved"))
        case.payment_plan_status = PaymentPlanStatus.APPROVED if approved else PaymentPlanStatus.REFUSED
        case.payment_plan_decided_on = on
        case.payment_plan_note = values.get("note", "")
        refresh_next_due(case)
        if approved:  # the plan replaces the reminder
            case.reminder_issued_on = case.reminder_delivered_on = case.reminder_deadline = None
        return {"approved": approved}
    if action == "apply_enforcement":
        case.enforcement_applied_on = on
        case.enforcement_court = values["court"]
        surcharge = surcharge_on(case, on)
        return {"court": values["court"], "surcharge": str(surcharge)}
    if action == "record_court_ruling":
        case.enforcement_ruling = values["ruling"]
        case.enforcement_ruling_number = values["ruling_number"]
        case.enforcement_ruling_on = on
        return {"ruling": values["ruling"], "number": values["ruling_number"]}
    if action == "record_court_outcome":
        case.enforcement_outcome = values["outcome"]
        case.enforcement_outcome_on = on
        case.enforcement_note = values["note"]
        if values["outcome"] == "executed" and case.enforcement_ruling == CourtRuling.GRANTED:
            case.payment_next_due = None
        return {"outcome": values["outcome"]}
    raise KeyError(action)


__all__ = ["ACTIONS", "apply", "refresh_next_due", "rules_date"]
