"""行政处罚法 art. 48: penalty decisions are made public within PUBLICATION_WORKDAYS working days (default 20),
citizens' personal data removed; a decision revoked (or to be decided anew) is withdrawn. Written from the
case's transitions (deliver, record_appeal_outcome) and by the daily task for anything missed."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import PenaltyKind
from enforcement.audit import services as audit
from enforcement.core.workdays import add_workdays

from ..models import Case, DecisionType, DocumentKind, PartyType, Procedure, Status
from ..models_publication import Publication

PUBLISHED_STATES = {Status.DELIVERED, Status.REMINDED, Status.ENFORCEMENT_APPLIED, Status.EXECUTED,
                    Status.EXECUTION_TERMINATED, Status.CLOSED, Status.ARCHIVED}


def publication_workdays():
    return int(getattr(settings, "PUBLICATION_WORKDAYS", 20))


def mask_name(name):
    """A citizen's name as published: the family name and one * per further character (王五 → 王*)."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def is_publishable(case):
    """Ordinary-procedure penalty decisions, delivered (simple-procedure warnings and small fines are not)."""
    return (case.procedure == Procedure.ORDINARY and case.decision_type == DecisionType.PENALTY
            and case.status in PUBLISHED_STATES and case.delivered_on is not None)


def _snapshot(case):
    from .documents import document_number  # documents → filing → transition → here: import when used
    from .filing import agency_name

    labels = dict(PenaltyKind.choices)
    penalty = "、".join(str(labels.get(kind, kind)) for kind in case.penalty_kinds or [])
    citizen = case.party_type == PartyType.CITIZEN
    item = case.item
    return {
        "decision_number": document_number(case, DocumentKind.PENALTY_DECISION),
        "decided_on": case.decided_on,
        "item_code": item.code, "item_name": item.name,
        "party": mask_name(case.party_name) if citizen else case.party_name,
        "facts": "" if citizen else case.facts,
        "legal_basis": f"{item.penalty_law}{item.penalty_article}"[:500],
        "penalty": penalty[:300], "fine_amount": case.fine_amount,
        "agency": agency_name(case.township)[:200],
    }


@transaction.atomic
def publication_publish(*, case, actor=None, today=None):
    """Publish (or refresh) the decision of `case`; idempotent. Returns the Publication or None."""
    if not is_publishable(case):
        return None
    today = today or timezone.localdate()
    values = {**_snapshot(case), "withdrawn_on": None, "withdrawal_reason": "", "updated_at": timezone.now()}
    publication, created = Publication.objects.get_or_create(
        case=case, defaults={**values, "published_on": today,
                             "due_by": add_workdays(case.decided_on, publication_workdays())})
    if not created:
        if publication.repaired_on and publication.withdrawn_on:
            # 信用修复 ended the publicity (credit/services): a later refresh keeps it ended
            values = {k: v for k, v in values.items() if k not in ("withdrawn_on", "withdrawal_reason")}
        for key, value in values.items():
            setattr(publication, key, value)
        publication.save()
    audit.record("case.publish", actor=actor, obj=case, created=created)
    return publication


@transaction.atomic
def publication_withdraw(*, case, reason, actor=None, today=None):
    """Withdraw the published decision (revoked, or to be decided anew). Returns the count withdrawn."""
    count = Publication.objects.filter(case=case, withdrawn_on=None).update(
        withdrawn_on=today or timezone.localdate(), withdrawal_reason=reason[:200], updated_at=timezone.now())
    if count:
        audit.record("case.publication_withdraw", actor=actor, obj=case, reason=reason)
    return count


def publish_missing(*, today=None, limit=1000):
    """The daily task: every publishable decision without a publication (e.g. delivered before this
    feature, or a failed write) is published. Returns the number published."""
    rows = (Case.objects.filter(procedure=Procedure.ORDINARY, decision_type=DecisionType.PENALTY,
                                status__in=PUBLISHED_STATES, delivered_on__isnull=False, publication__isnull=True)
            .select_related("item", "township").order_by("decided_on", "id")[:limit])
    return sum(1 for case in rows if publication_publish(case=case, today=today))


def after_transition(case, action, *, actor=None, today=None):
    """Called by `case_transition` after the move is saved (same transaction)."""
    from ..models_appeals import AppealOutcome

    if action == "deliver":
        publication_publish(case=case, actor=actor, today=today)
    elif action == "record_appeal_outcome":
        if case.appeal_outcome in (AppealOutcome.REVOKED, AppealOutcome.REDO):
            publication_withdraw(case=case, reason=str(AppealOutcome(case.appeal_outcome).label), actor=actor,
                                 today=today)
        elif case.appeal_outcome == AppealOutcome.VARIED:
            publication_publish(case=case, actor=actor, today=today)
