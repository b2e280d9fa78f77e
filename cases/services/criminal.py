"""Applying the transfer to the police or procuratorate (两法衔接), called by `case_transition`: `apply` before
the guards (in memory), `after` once the case row is saved (same transaction)."""

from ..models_criminal import CriminalDecision, CriminalTransfer

ACTIONS = {"transfer_to_police", "record_police_receipt", "record_police_decision"}


def apply(case, action, values, on, today):
    if action == "transfer_to_police":
        return {"body": values["body"], "suspected_crime": values["suspected_crime"]}
    if action == "record_police_receipt":
        return {"received_on": on.isoformat()}
    if action == "record_police_decision":
        case.criminal_decision = values["decision"]  # read by the transition's target (not a column)
        if values["decision"] == CriminalDecision.FILED:
            transfer = case.open_criminal_transfer
            case.transferred_to = transfer.body if transfer else ""
            case.closing_reason = values["feedback"]
            case.closed_on = today
        return {"decision": values["decision"]}
    raise KeyError(action)


def after(case, action, values, on, actor):
    if action == "transfer_to_police":
        transfer = CriminalTransfer.objects.create(
            case=case, body=values["body"], suspected_crime=values["suspected_crime"],
            evidence_list=values["evidence_list"], sent_on=on, created_by=actor)
        case.open_criminal_transfer = transfer
        case.save(update_fields=["open_criminal_transfer", "updated_at"])
    elif action == "record_police_receipt":
        CriminalTransfer.objects.filter(pk=case.open_criminal_transfer_id).update(received_on=on)
    elif action == "record_police_decision":
        CriminalTransfer.objects.filter(pk=case.open_criminal_transfer_id).update(
            decision=values["decision"], decided_on=on, feedback=values["feedback"])
        case.open_criminal_transfer = None
        case.save(update_fields=["open_criminal_transfer", "updated_at"])
