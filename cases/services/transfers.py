"""The reply to the department that transferred the case (部门移交 → 办理情况反馈).

`department_reply_record` locks the case, checks the actor (case.handle, in scope), validates the input
(`cases.inputs.transfers.DepartmentReplyInput`) and the rules (`cases.guards_transfers`), writes the reply and a
case event in the timeline (the case's own fields and state do not change: a closed case may still tell the
department its result, SECURITY §19), audits it, and queues the 移交案件办理情况反馈函 on commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent
from enforcement.outbox import services as outbox

from ..guards_transfers import reply_refusal
from ..inputs import as_django_error
from ..inputs.transfers import DepartmentReplyInput
from ..models import Case, CaseEvent, DocumentKind
from ..models_transfers import DepartmentReply


def department_reply_record(*, case, actor, data, today=None):
    """Record one reply; returns it. Raises PermissionDenied or ValidationError (nothing written; the refusal
    is audited)."""
    try:
        return _record(case=case, actor=actor, data=data, today=today)
    except (ValidationError, PermissionDenied) as exc:
        outcome = AuditEvent.Outcome.DENIED if isinstance(exc, PermissionDenied) else AuditEvent.Outcome.FAILURE
        reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        audit.record("case.department_reply", actor=actor, obj=case, outcome=outcome, reasons=reasons)
        raise


@transaction.atomic
def _record(*, case, actor, data, today):
    today = today or timezone.localdate()
    access.require(actor, "case.handle")
    locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    access.require(actor, "case.view", obj=locked)
    serializer = DepartmentReplyInput(data=data, context={"case": locked, "today": today})
    if not serializer.is_valid():
        raise as_django_error(serializer.errors)
    values = serializer.validated_data
    refusal = reply_refusal(locked, values["kind"])
    if refusal:
        field, message = refusal
        raise ValidationError({field: [message]})
    event = CaseEvent.objects.create(
        case=locked, action="reply_to_department", from_status=locked.status, to_status=locked.status, actor=actor,
        note=values["text"], data={"kind": values["kind"], "department": locked.transferred_from_id,
                                   "sent_on": values["sent_on"].isoformat()})
    reply = DepartmentReply(case=locked, kind=values["kind"], text=values["text"], sent_on=values["sent_on"],
                            sent_by=actor, event=event)
    reply.full_clean(exclude=["case", "sent_by", "event"])
    reply.save()
    audit.record("case.department_reply", actor=actor, obj=locked, kind=reply.kind,
                 sent_on=reply.sent_on.isoformat(), department=locked.transferred_from_id)
    from ..tasks import generate_case_document

    outbox.enqueue(generate_case_document, locked.pk, DocumentKind.TRANSFER_REPLY, getattr(actor, "pk", None),
                   event.pk)
    return reply
