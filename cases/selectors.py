"""Every read of case handling starts from `access.scope` (so another township's case never appears)."""

import datetime

from django.db.models import DateField, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Domain, Item
from enforcement.accounts import access
from townships.models import Township

from . import rules
from .models import Case, CaseEvent, Document, Evidence, Status


def cases_visible_to(user):
    return access.scope(Case.objects.select_related("item__domain", "township"), user)


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def case_list(*, actor, filters=None, queryset=None):
    """Scoped cases with the list filters of the pages and the API."""
    qs = queryset if queryset is not None else cases_visible_to(actor)
    filters = filters or {}
    today = timezone.localdate()
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("procedure"):
        qs = qs.filter(procedure=filters["procedure"])
    # Codes resolve in a scalar subquery (an InitPlan in PostgreSQL): the planner then walks the
    # (township, -created_at, -id) index in order instead of sorting a whole township's cases.
    if filters.get("township"):
        qs = qs.filter(township_id=Subquery(Township.objects.filter(code=filters["township"]).values("id")[:1]))
    if filters.get("item"):
        qs = qs.filter(item_id=Subquery(Item.objects.filter(code=filters["item"]).values("id")[:1]))
    if filters.get("domain"):
        qs = qs.filter(item__domain_id=Subquery(Domain.objects.filter(code=filters["domain"]).values("id")[:1]))
    date_from = _parse_date(filters.get("date_from"))
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    date_to = _parse_date(filters.get("date_to"))
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    # The statistics' own date (filing; decision for on-the-spot cases), so dashboard drill-downs list
    # exactly the cases a figure counted.
    case_from = _parse_date(filters.get("case_date_from"))
    case_to = _parse_date(filters.get("case_date_to"))
    if case_from or case_to:
        qs = qs.annotate(case_date=Coalesce("filed_on", "decided_on", output_field=DateField()))
        if case_from:
            qs = qs.filter(case_date__gte=case_from)
        if case_to:
            qs = qs.filter(case_date__lte=case_to)
    if str(filters.get("overdue", "")).lower() in ("1", "true", "yes", "on"):
        qs = qs.filter(status__in=_undecided(), deadline__lt=today)
    if str(filters.get("major", "")).lower() in ("1", "true", "yes", "on"):
        qs = qs.filter(is_major=True)
    if filters.get("mine") and actor is not None:
        qs = qs.filter(Q(created_by=actor) | Q(officers__user=actor)).distinct()
    q = (filters.get("q") or "").strip()
    if q:
        from .services.party import party_id_hash

        qs = qs.filter(Q(code__icontains=q) | Q(party_name__icontains=q) | Q(party_id_hash=party_id_hash(q)))
    return qs.order_by("-created_at", "-id")


def _undecided():
    from .models import UNDECIDED_STATES

    return UNDECIDED_STATES


def deadline_watch(*, actor, today=None):
    """Pending cases at 60+ days since filing (at risk), 80+ days, or past their deadline (art. 60)."""
    today = today or timezone.localdate()
    return (cases_visible_to(actor).filter(status__in=_undecided())
            .filter(Q(filed_on__lte=today - datetime.timedelta(days=rules.AT_RISK_DAYS[0])) | Q(deadline__lt=today))
            .order_by("deadline", "id"))


def review_queue(*, actor):
    """The cases waiting for this reviewer's level; handlers never see their own cases here."""
    states = []
    if access.can(actor, "case.review_township"):
        states.append(Status.TOWNSHIP_REVIEW)
    if access.can(actor, "case.review_district"):
        states.append(Status.DISTRICT_REVIEW)
    if not states:
        return Case.objects.none()
    return (cases_visible_to(actor).filter(status__in=states).exclude(created_by=actor)
            .exclude(officers__user=actor).order_by("updated_at", "id"))


def case_events(*, actor, case):
    return access.scope(CaseEvent.objects.filter(case=case).select_related("actor"), actor).order_by("created_at", "id")


def case_documents(*, actor, case):
    return access.scope(Document.objects.filter(case=case), actor)


def case_document(*, actor, case, kind, version=None):
    """The latest version of a document kind of the case, or version `version` (an int); None if absent."""
    documents = case_documents(actor=actor, case=case).filter(kind=kind)
    if version is not None:
        documents = documents.filter(version=version)
    document = documents.order_by("-version").first()
    return document if document is not None and document.file else None


def case_evidence(*, actor, case):
    return access.scope(Evidence.objects.filter(case=case).select_related("uploaded_by"), actor)


def party_history(*, actor, id_number, limit=20):
    """The party's earlier cases in the whole county, newest first (首违: art. 33 (1) — a first minor violation
    corrected in time may go unpunished). Found by the keyed hash of the ID / USCC number, never by plaintext.
    Cases the actor may open carry their code; another township's only the date, item, township and outcome."""
    from .services.party import party_id_hash

    key = party_id_hash(id_number)
    if not key:
        return []
    visible = set(cases_visible_to(actor).filter(party_id_hash=key).values_list("pk", flat=True)[:limit])
    rows = (Case.objects.filter(party_id_hash=key).exclude(status__in=[Status.NOT_FILED, Status.REVOKED])
            .select_related("item", "township").order_by("-created_at")[:limit])
    return [{
        "code": case.code if case.pk in visible else None,
        "date": case.decided_on or case.filed_on or timezone.localdate(case.created_at),
        "item": case.item.code, "item_name": case.item.name,
        "township_name": case.township.name if case.township_id else "",
        "status_label": case.get_status_display(), "decision_type": case.decision_type,
        "fine_amount": case.fine_amount,
    } for case in rows]
