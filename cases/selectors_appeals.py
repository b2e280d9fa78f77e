"""Reads of reviews and lawsuits (复议 / 诉讼), their defence tasks, and the monthly report's figures."""

from django.db.models import Count, Q
from django.utils import timezone

from enforcement.accounts import access

from .models_appeals import CORRECTING_OUTCOMES, Appeal, AppealKind, AppealOutcome, AppealTask


def open_appeals(*, actor):
    """Pending reviews and lawsuits in the actor's scope, oldest first."""
    return (access.scope(Appeal.objects.filter(outcome=""), actor)
            .select_related("case__township", "case__item").order_by("filed_on", "id"))


def open_appeal_tasks(*, actor, today=None):
    """Defence tasks not done, by deadline (the overdue ones first); each row knows `is_overdue`."""
    today = today or timezone.localdate()
    rows = list(access.scope(AppealTask.objects.filter(done_on=None), actor)
                .select_related("appeal__case__township").order_by("due_on", "id")[:500])
    for task in rows:
        task.is_overdue = task.due_on < today
    return rows


def case_appeals(*, actor, case):
    return access.scope(Appeal.objects.filter(case=case), actor).prefetch_related("tasks").order_by("filed_on", "id")


def appeal_figures(*, start, end, township=None):
    """复议 / 诉讼 filed and decided in [start, end], outcomes, and the 纠错率 (revoked, varied, confirmed
    illegal or ordered anew among those decided), county-wide or for one township (the monthly report)."""
    qs = Appeal.objects.all()
    if township is not None:
        qs = qs.filter(case__township=township)
    result = {}
    for kind in AppealKind.values:
        filed = qs.filter(kind=kind, filed_on__gte=start, filed_on__lte=end).count()
        decided = qs.filter(kind=kind, decided_on__gte=start, decided_on__lte=end).exclude(outcome="")
        counts = dict(decided.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
        total = sum(counts.values())
        corrected = sum(counts.get(o, 0) for o in CORRECTING_OUTCOMES)
        result[kind] = {
            "filed": filed, "decided": total, "corrected": corrected,
            "outcomes": {o: counts.get(o, 0) for o in AppealOutcome.values if o},
            "correction_rate": round(100 * corrected / total, 2) if total else None,
        }
    decided_all = sum(v["decided"] for v in result.values())
    corrected_all = sum(v["corrected"] for v in result.values())
    result["correction_rate"] = round(100 * corrected_all / decided_all, 2) if decided_all else None
    result["pending"] = qs.filter(Q(decided_on__isnull=True) | Q(decided_on__gt=end), filed_on__lte=end).count()
    return result
