"""The weekly 晾晒 ranking (一周一晾晒): townships and departments ranked on the assessment index.

The rank follows the weighted index of *rates* (`assessment.index`: on-time, review pass, warning rectification,
联合实施率, 双随机占比, enterprises visited once, items handled, complaints not upheld), never volumes: a
department does not climb by visiting the same enterprise again, nor a township by filing more cases. The
volumes (cases filed, inspections) stay beside it for context. Inspection figures and plan completion come from
planning's own indicators, case figures from the facts (whole months from `CaseMonthFact`, other days from
`CaseFact`). A fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from enforcement.accounts import access
from enforcement.core.replica import replica_reads
from townships.models import Department, Township

from .statistics import StatScope, cases_in_scope, filed_by, overdue_q

ZERO = "0.00"


@dataclass
class RankRow:
    code: str
    name: str
    figures: dict = field(default_factory=dict)
    rank: int = 0


def _indicators(actor, period, group_by, today):
    """Planning's own indicator rows (inspections, random, joint, plan completion) keyed by pk."""
    from planning.indicators import indicator_rows

    rows = indicator_rows(actor=actor, start=period.start, end=period.end, group_by=group_by, today=today)
    return {row.key: row for row in rows}


def _inspection_figures(row):
    if row is None:
        return {"inspections": 0, "random": 0, "joint": 0, "problems": 0, "random_pct": None, "joint_pct": None,
                "plan_completion": None, "visits_saved": 0}
    return {"inspections": row.inspections, "random": row.random, "joint": row.joint, "problems": row.problems,
            "random_pct": row.random_share, "joint_pct": row.joint_share, "plan_completion": row.plan_completion,
            "visits_saved": row.visits_saved}


def _with_index(rows, index_rows):
    by_code = {row.code: row for row in index_rows}
    for row in rows:
        entry = by_code.get(row.code)
        row.figures["index"] = str(entry.score) if entry and entry.score is not None else None
        row.figures["rates"] = entry.rates if entry else {}
    rows.sort(key=lambda r: (r.figures["index"] is None, -float(r.figures["index"] or 0), r.code))
    previous, rank = object(), 0
    for position, row in enumerate(rows, start=1):
        if row.figures["index"] != previous:
            rank, previous = position, row.figures["index"]
        row.rank = rank if row.figures["index"] is not None else 0
    return rows


@replica_reads()  # figures only: on the replica when one is configured
def township_ranking(*, actor, period, today=None):
    """(rows ranked on the index, the index weights)."""
    from assessment.index import township_index

    as_of = period.as_of(today)
    townships = list(access.scope(Township.objects.order_by("code"), actor))
    case_rows = filed_by(actor=actor, scope=StatScope(), period=period, by="township")
    overdue = dict(cases_in_scope(actor, StatScope()).filter(overdue_q(as_of), township__isnull=False).order_by()
                   .values("township").annotate(n=Count("pk")).values_list("township", "n"))
    inspections = _indicators(actor, period, "township", today)
    rows = []
    for township in townships:
        c = case_rows.get(township.pk, {})
        rows.append(RankRow(township.code, township.name, {
            "filed": c.get("total") or 0, "simple": c.get("simple") or 0, "ordinary": c.get("ordinary") or 0,
            "decided": c.get("decided") or 0, "fines": str(c.get("fines") or ZERO),
            "overdue": overdue.get(township.pk, 0),
            **_inspection_figures(inspections.get(township.pk)),
        }))
    index_rows, weights = township_index(actor=actor, start=period.start, end=as_of, today=today,
                                         planning=inspections)
    return _with_index(rows, index_rows), weights


@replica_reads()  # figures only: on the replica when one is configured
def department_ranking(*, actor, period, today=None):
    """(rows ranked on the index, the index weights)."""
    from assessment.index import department_index

    departments = list(access.scope(Department.objects.order_by("code"), actor))
    transfers = {department_id: row["total"] for department_id, row in filed_by(
        actor=actor, scope=StatScope(), period=period, by="transferred_from").items() if row["total"]}
    inspections = _indicators(actor, period, "department", today)
    rows = []
    for department in departments:
        rows.append(RankRow(department.code, department.name, {
            **_inspection_figures(inspections.get(department.pk)), "transferred": transfers.get(department.pk, 0),
        }))
    index_rows, weights = department_index(actor=actor, start=period.start, end=period.as_of(today), today=today,
                                           planning=inspections)
    return _with_index(rows, index_rows), weights
