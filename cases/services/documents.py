"""Generated documents (文书): rendered by WeasyPrint from templates, with the QR code of the action code."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from enforcement.core import crypto, qr
from enforcement.core.pdf import render_pdf

from .. import rules
from ..guards_execution import amount_owed
from ..models import NO_PENALTY_ARTICLES, Case, CaseEvent, Document, DocumentKind, Evidence, ReviewOutcome
from ..models_coercive import PRESERVATION_WORKDAYS
from .filing import agency_name

TEMPLATES = {kind: f"cases/pdf/{kind}.html" for kind in DocumentKind.values}
# The official titles of the prescribed forms (printed as they are, whatever the UI language).
TITLES = {
    DocumentKind.FILING_APPROVAL: "立案审批表",
    DocumentKind.PENALTY_NOTICE: "行政处罚事先告知书",
    DocumentKind.PENALTY_DECISION: "行政处罚决定书",
    DocumentKind.NO_PENALTY_DECISION: "不予行政处罚决定书",
    DocumentKind.CORRECTION_ORDER: "责令改正通知书",
    DocumentKind.SPOT_DECISION: "当场行政处罚决定书",
    DocumentKind.PAYMENT_REMINDER: "催告书",
    DocumentKind.ENFORCEMENT_APPLICATION: "强制执行申请书",
    DocumentKind.DELIVERY_RECEIPT: "送达回证",
    DocumentKind.CRIMINAL_TRANSFER: "涉嫌犯罪案件移送书",
    DocumentKind.COERCIVE_DECISION: "查封(扣押)决定书",
    DocumentKind.COERCIVE_EXTENSION: "延长查封(扣押)期限决定书",
    DocumentKind.COERCIVE_RELEASE: "解除查封(扣押)决定书",
    DocumentKind.COERCIVE_HANDLING: "查封(扣押)财物处理决定书",
    DocumentKind.TRANSFER_REPLY: "移交案件办理情况反馈函",
}
# 先行登记保存 (行政处罚法 art. 56) has its own titles; 查封 and 扣押 each name themselves.
COERCIVE_TITLES = {
    ("seal_up", DocumentKind.COERCIVE_DECISION): "查封决定书",
    ("seizure", DocumentKind.COERCIVE_DECISION): "扣押决定书",
    ("preservation", DocumentKind.COERCIVE_DECISION): "先行登记保存通知书",
    ("seal_up", DocumentKind.COERCIVE_EXTENSION): "延长查封期限决定书",
    ("seizure", DocumentKind.COERCIVE_EXTENSION): "延长扣押期限决定书",
    ("seal_up", DocumentKind.COERCIVE_RELEASE): "解除查封决定书",
    ("seizure", DocumentKind.COERCIVE_RELEASE): "解除扣押决定书",
    ("preservation", DocumentKind.COERCIVE_RELEASE): "解除先行登记保存通知书",
    ("seal_up", DocumentKind.COERCIVE_HANDLING): "查封财物处理决定书",
    ("seizure", DocumentKind.COERCIVE_HANDLING): "扣押财物处理决定书",
    ("preservation", DocumentKind.COERCIVE_HANDLING): "先行登记保存物品处理决定书",
}
COERCIVE_KINDS = (DocumentKind.COERCIVE_DECISION, DocumentKind.COERCIVE_EXTENSION, DocumentKind.COERCIVE_RELEASE,
                  DocumentKind.COERCIVE_HANDLING)
NUMBER_PREFIX = {
    DocumentKind.FILING_APPROVAL: "立",
    DocumentKind.PENALTY_NOTICE: "罚告",
    DocumentKind.PENALTY_DECISION: "罚决",
    DocumentKind.NO_PENALTY_DECISION: "不罚决",
    DocumentKind.CORRECTION_ORDER: "责改",
    DocumentKind.SPOT_DECISION: "当罚决",
    DocumentKind.PAYMENT_REMINDER: "催告",
    DocumentKind.ENFORCEMENT_APPLICATION: "强执申",
    DocumentKind.DELIVERY_RECEIPT: "送回",
    DocumentKind.CRIMINAL_TRANSFER: "移送",
    DocumentKind.COERCIVE_DECISION: "强制",
    DocumentKind.COERCIVE_EXTENSION: "强制延",
    DocumentKind.COERCIVE_RELEASE: "强制解",
    DocumentKind.COERCIVE_HANDLING: "强制处",
    DocumentKind.TRANSFER_REPLY: "移交反馈",
}


def document_number(case, kind):
    return f"{NUMBER_PREFIX[kind]}〔{(case.created_at or timezone.now()).year}〕{case.code.split('-')[-2]}号"


def _owed(case, kind):
    """The amounts a 催告书 or an application states: on the day it was issued (fine, surcharge, owed)."""
    if kind == DocumentKind.PAYMENT_REMINDER:
        on = case.reminder_issued_on
    elif kind == DocumentKind.ENFORCEMENT_APPLICATION:
        on = case.enforcement_applied_on
    else:
        return {}
    surcharge, owed = amount_owed(case, on or timezone.localdate())
    return {"surcharge": surcharge, "owed": owed, "amounts_on": on, "reminder_days": rules.REMINDER_DAYS}


# The day each document is issued on (art. 59 (六): the decision's own date, not the day the PDF is built).
ISSUED_ON = {
    DocumentKind.FILING_APPROVAL: "filed_on",
    DocumentKind.PENALTY_NOTICE: "notice_date",
    DocumentKind.PENALTY_DECISION: "decided_on",
    DocumentKind.NO_PENALTY_DECISION: "decided_on",
    DocumentKind.CORRECTION_ORDER: "correction_ordered_on",
    DocumentKind.SPOT_DECISION: "decided_on",
}


def _evidence_summary(case):
    labels = dict(Evidence.Kind.choices)
    counts = {}
    for kind in case.evidence.values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return [(labels.get(kind, kind), count) for kind, count in counts.items()]


def _coercive_measure(case, kind, event):
    """The measure a coercive document is about: the one its issuing event names, else the latest."""
    if kind not in COERCIVE_KINDS:
        return None
    measures = case.coercive_measures.prefetch_related("items")
    number = (getattr(event, "data", None) or {}).get("number")
    measure = measures.filter(number=number).first() if number else None
    return measure or measures.order_by("-number").first()


def _coercive_context(case, kind, measure):
    if measure is None:
        return {}
    return {"measure": measure, "items": list(measure.items.all()),
            "kind_label": COERCIVE_TITLES.get((measure.kind, kind), TITLES[kind]),
            "preservation_days": PRESERVATION_WORKDAYS,
            "today": {DocumentKind.COERCIVE_DECISION: measure.decided_on,
                      DocumentKind.COERCIVE_EXTENSION: measure.extended_on,
                      DocumentKind.COERCIVE_RELEASE: measure.released_on,
                      DocumentKind.COERCIVE_HANDLING: measure.handled_on}[kind] or timezone.localdate()}


def _department_reply(case, event):
    """The reply a 反馈函 states: the one its event recorded (a task retry rebuilds the same), else the latest."""
    from ..models_transfers import DepartmentReply

    replies = DepartmentReply.objects.filter(case=case).select_related("sent_by")
    reply = replies.filter(event=event).first() if event is not None else None
    return reply or replies.order_by("-sent_on", "-id").first()


def document_context(case, kind, event=None):
    decision = kind in (DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION, DocumentKind.SPOT_DECISION)
    transfer = reply = None
    if kind == DocumentKind.CRIMINAL_TRANSFER:
        transfer = case.criminal_transfers.order_by("-sent_on", "-id").first()
    if kind == DocumentKind.TRANSFER_REPLY:
        reply = _department_reply(case, event)
    context = {
        "transfer": transfer,
        "reply": reply,
        "department_transfer": getattr(case, "department_transfer", None) if reply else None,
        **_owed(case, kind),
        "case": case,
        "kind": kind,
        "kind_label": TITLES[kind],
        "number": document_number(case, kind),
        "agency": agency_name(case.township),
        "qr": qr.png_data_uri(qr.verify_url(case.code)),
        "verify_url": qr.verify_url(case.code),
        "officers": list(case.officers.all()),
        "reviews": [r for r in case.reviews.select_related("reviewer") if r.outcome == ReviewOutcome.APPROVED],
        "statement_days": rules.STATEMENT_WORKDAYS,
        "hearing_days": rules.HEARING_REQUEST_WORKDAYS,
        "payment_days": rules.PAYMENT_DAYS,
        "no_penalty_article": NO_PENALTY_ARTICLES.get(case.no_penalty_grounds, "第三十三条"),
        "today": (reply.sent_on if reply else getattr(case, ISSUED_ON.get(kind, ""), None)) or timezone.localdate(),
        # Art. 59 (一): the party's name AND address on decisions; ID numbers stay masked on every document.
        "party_address": crypto.decrypt(case.party_address_encrypted) if decision else "",
        "evidence": _evidence_summary(case) if decision else [],
        "other_kinds": [k for k in case.penalty_kinds or [] if k not in ("fine", "confiscation", "warning")],
        "review_authority": settings.REVIEW_AUTHORITY,
        "litigation_court": settings.LITIGATION_COURT,
        "region_code": settings.AGENCY_REGION_CODE,
        "public_notice_days": rules.public_notice_days(),
    }
    context.update(_coercive_context(case, kind, _coercive_measure(case, kind, event)))
    return context


def document_generate(*, case_id, kind, actor=None, event_id=None):
    """Issue one document of a case. Every issuing transition (`event_id`) gets its own version: a second
    告知书 after a returned review is version 2 and version 1 stays. Idempotent per event: a re-run (task
    retry) rebuilds that same version. Without an event the latest version is rebuilt (or version 1
    created). The PDF is built completely in memory first, then stored and the row written in one
    transaction."""
    case = Case.objects.select_related("item", "township").get(pk=case_id)
    event = CaseEvent.objects.filter(pk=event_id).first() if event_id is not None else None
    pdf = render_pdf(TEMPLATES[kind], document_context(case, kind, event))
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # serialises version numbering per case
        versions = Document.objects.select_for_update().filter(case=case, kind=kind)
        if event_id is not None:
            document = versions.filter(event_id=event_id).first()
        else:
            document = versions.order_by("-version").first()
        if document is None:
            latest = versions.order_by("-version").values_list("version", flat=True).first() or 0
            document = Document(case=case, kind=kind, version=latest + 1, event_id=event_id, created_by=actor)
        old = document.file.name if document.file else None
        suffix = f"-v{document.version}" if document.version > 1 else ""
        document.file.save(f"{case.code}-{kind}{suffix}.pdf", ContentFile(pdf), save=False)
        document.size = len(pdf)
        document.number = document_number(case, kind)
        document.created_at = timezone.now()
        document.full_clean(exclude=["file", "event", "created_by"])
        document.save()
    if old and old != document.file.name:
        document.file.storage.delete(old)
    return document


def documents_due(case):
    """The document kinds the case's recorded steps issue (the same as the transitions' DOCUMENTS): filing →
    立案审批表, order to correct → 责令改正通知书, notice → 告知书, decision → 决定书 (or 不予处罚 / 当场)."""
    kinds = []
    if case.procedure == "simple":
        if case.decided_on:
            kinds.append(DocumentKind.NO_PENALTY_DECISION if case.decision_type == "no_penalty"
                         else DocumentKind.SPOT_DECISION)
        return kinds
    if case.filed_on:
        kinds.append(DocumentKind.FILING_APPROVAL)
    if case.correction_deadline:
        kinds.append(DocumentKind.CORRECTION_ORDER)
    if case.notice_date:
        kinds.append(DocumentKind.PENALTY_NOTICE)
    if case.decided_on:
        kinds.append(DocumentKind.NO_PENALTY_DECISION if case.decision_type == "no_penalty"
                     else DocumentKind.PENALTY_DECISION)
    return kinds


def demo_document_on_open(*, case, kind, actor=None):
    """Demo cases are seeded without PDFs (seeding thousands would take minutes): the first open of a document
    their steps issued generates it (version 1), and it is kept like any other. Only demo cases, only kinds in
    `documents_due`; anything else: None."""
    if not case.is_demo or kind not in documents_due(case):
        return None
    if Document.objects.filter(case=case, kind=kind).exists():
        return None  # a document exists: it is served as it is, never regenerated on open
    return document_generate(case_id=case.pk, kind=kind, actor=actor)
