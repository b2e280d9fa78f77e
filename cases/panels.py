"""The case page's own panels (through `cases.hooks`, like other apps' panels)."""

from django.conf import settings
from django.utils import timezone

from .guards_execution import amount_owed, plan_schedule
from .models import Status
from .selectors import prior_violation_rows

AFTER_DECISION = {Status.DELIVERED, Status.REMINDED, Status.ENFORCEMENT_APPLIED, Status.EXECUTED,
                  Status.EXECUTION_TERMINATED, Status.CLOSED, Status.ARCHIVED}


def prior_violations_panel(case, user):
    """首违 check (art. 33 (1)): the party's earlier cases in the county within the look-back period."""
    if not case.party_id_hash:
        return None
    return "cases/_prior_violations.html", {
        "rows": prior_violation_rows(actor=user, case=case),
        "days": settings.FIRST_VIOLATION_LOOKBACK_DAYS,
        "scope": settings.FIRST_VIOLATION_SCOPE,
    }


def execution_panel(case, user):
    """Payment, surcharge owed today, payment plan, 催告 and the court (a decided fine only)."""
    if not case.fine_amount or case.status not in AFTER_DECISION or not case.payment_due:
        return None
    today = timezone.localdate()
    surcharge, owed = amount_owed(case, today)
    return "cases/_execution_panel.html", {
        "today": today, "surcharge": surcharge, "owed": owed, "schedule": plan_schedule(case),
        "overdue": bool(case.payment_next_due and case.payment_next_due < today),
        "payments": case.payments or [],
    }


def appeals_panel(case, user):
    """复议 / 诉讼 of the decision with their defence tasks (numbered: complete_appeal_task takes the number)."""
    from .selectors_appeals import case_appeals

    appeals = list(case_appeals(actor=user, case=case))
    if not appeals:
        return None
    return "cases/_appeals_panel.html", {"appeals": appeals, "today": timezone.localdate()}


def case_file_panel(case, user):
    """The archived case file (卷宗): its SHA-256, pages and table of contents."""
    from .models_archive import CaseFile

    if case.status != Status.ARCHIVED:
        return None
    return "cases/_case_file_panel.html", {"case_file": CaseFile.objects.filter(case=case).first()}


def coercive_panel(case, user):
    """查封 / 扣押 / 先行登记保存 of the case: inventory, on-site record, deadline (overdue shown), extension,
    release or handling, and their documents."""
    from .selectors_coercive import case_measures

    if case.procedure != "ordinary" or not case.filed_on:
        return None
    measures = list(case_measures(actor=user, case=case))
    if not measures:
        return None
    from enforcement.accounts import access

    from .models import Document
    from .services.documents import COERCIVE_KINDS

    documents = {}
    for document in (access.scope(Document.objects.filter(case=case, kind__in=COERCIVE_KINDS), user)
                     .select_related("event").order_by("version")):
        number = (document.event.data or {}).get("number") if document.event_id else None
        documents.setdefault(number, []).append(document)
    for measure in measures:
        measure.documents = documents.get(measure.number, [])
    return "cases/_coercive_panel.html", {"measures": measures, "today": timezone.localdate()}
def transfers_panel(case, user):
    """The case's transfers: in from a department (部门移交, its letter and the replies sent back) and out to the
    police or procuratorate (两法衔接, each with the body's receipt and decision)."""
    from .models_criminal import CriminalTransfer
    from .models_transfers import DepartmentReply, DepartmentTransfer, ReplyKind

    incoming = replies = None
    if case.transferred_from_id:
        incoming = DepartmentTransfer.objects.filter(case=case).select_related("liaison").first()
        replies = list(DepartmentReply.objects.filter(case=case).select_related("sent_by"))
    outgoing = list(CriminalTransfer.objects.filter(case=case).order_by("sent_on", "id"))
    if not case.transferred_from_id and not outgoing:
        return None
    from enforcement.accounts import access

    from .guards_transfers import reply_refusal

    return "cases/_transfers_panel.html", {
        "department": case.transferred_from if case.transferred_from_id else None, "incoming": incoming,
        "can_reply": bool(case.transferred_from_id) and access.can(user, "case.handle")
        and reply_refusal(case, ReplyKind.PROGRESS) is None,
        "replies": replies or [], "result_sent": any(r.kind == ReplyKind.RESULT for r in replies or []),
        "outgoing": outgoing,
    }
