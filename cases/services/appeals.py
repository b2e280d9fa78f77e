"""Applying review and litigation actions (called by `case_transition`): `apply` changes the locked case in
memory before the guards run; `after` writes the appeal rows once the move is saved."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import rules
from ..models_appeals import Appeal, AppealKind, AppealOutcome, AppealTask

ACTIONS = {"file_appeal", "record_appeal_outcome", "add_appeal_task", "complete_appeal_task"}


def _clear_decision(case, redo_by):
    """责令重作: the decision is gone; the case is back under investigation with a new deadline."""
    for name in ("decided_on", "delivered_on", "delivery_deadline", "payment_due", "payment_next_due",
                 "reminder_issued_on", "reminder_delivered_on", "reminder_deadline", "fine_amount"):
        setattr(case, name, None)
    case.decision_type = ""
    case.penalty_kinds = []
    case.deadline = redo_by


def apply(case, action, values, on, actor):
    if action == "file_appeal":
        reopened = {}
        if case.status == "closed":  # an appeal against a closed case reopens it (SECURITY §19, audited)
            reopened = {"reopened_from_closed": True, "closed_on": str(case.closed_on or "")}
            case.closed_on = None
        if values["kind"] == AppealKind.LITIGATION:
            review = (Appeal.objects.filter(case=case, kind=AppealKind.REVIEW).exclude(outcome="")
                      .order_by("-decided_on").first())
            if review is not None:
                values["review_decided_on"] = review.decided_on
        return {"kind": values["kind"], "body": values["body"], **reopened}
    if action == "record_appeal_outcome":
        outcome = values["outcome"]
        case.appeal_outcome = outcome
        extra = {"outcome": outcome, "appeal": case.open_appeal_id}
        if outcome == AppealOutcome.REVOKED:
            case.payment_next_due = None  # the fine is not collected
        elif outcome == AppealOutcome.VARIED:
            extra["fine_before"] = str(case.fine_amount or "")
            case.fine_amount = values["varied_fine"]
            if case.payment_next_due is None and (case.paid_amount or 0) < case.fine_amount:
                case.payment_next_due = case.payment_due
        elif outcome == AppealOutcome.REDO:
            extra["fine_before"] = str(case.fine_amount or "")
            _clear_decision(case, values["redo_by"])
        return extra
    if action == "add_appeal_task":
        return {"kind": values["kind"], "due_on": values["due_on"].isoformat()}
    if action == "complete_appeal_task":
        task = AppealTask.objects.filter(pk=values["task"], appeal__case=case, done_on=None).first()
        if task is None:
            raise ValidationError({"task": [_("No open defence task with this number on this case.")]})
        return {"task": task.pk}
    raise KeyError(action)


def after(case, action, values, on, actor):
    """The appeal rows, written after the case row was saved (same transaction)."""
    if action == "file_appeal":
        appeal = Appeal(case=case, kind=values["kind"], body=values["body"], reference=values.get("reference", ""),
                        filed_on=on, created_by=actor)
        appeal.full_clean(exclude=["case", "created_by"])
        appeal.save()
        case.open_appeal = appeal
        case.appeal_outcome = ""
        case.save(update_fields=["open_appeal", "appeal_outcome", "updated_at"])
    elif action == "record_appeal_outcome":
        appeal = Appeal.objects.select_for_update().get(pk=case.open_appeal_id)
        appeal.outcome = values["outcome"]
        appeal.decided_on = on
        appeal.outcome_note = values["note"]
        appeal.varied_fine = values.get("varied_fine")
        appeal.save()
        case.open_appeal = None
        case.save(update_fields=["open_appeal", "updated_at"])
    elif action == "add_appeal_task":
        AppealTask.objects.create(appeal_id=case.open_appeal_id, kind=values["kind"], due_on=values["due_on"],
                                  note=values.get("note", ""))
    elif action == "complete_appeal_task":
        AppealTask.objects.filter(pk=values["task"]).update(done_on=on)


__all__ = ["ACTIONS", "after", "apply", "rules"]
