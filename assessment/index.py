"""The assessment index of townships and departments (晾晒): a weighted mean of rates, never of volumes.

Each indicator is a rate from 0 to 100 where higher is better (definitions in docs/glossary.md):

- on_time: cases decided in the period on or before their decision deadline / cases decided;
- review_pass: legality reviews of the unit's cases in the period that approved / reviews;
- warning_rectified: warnings re-checked in the period found rectified by the party / re-checked;
- joint (联合实施率), random (双随机占比): planning's own indicators (`planning.indicators`);
- single_visit (不重复检查率): distinct enterprises inspected / inspections — one more visit to an enterprise
  already inspected *lowers* it, so visiting more does not climb the ranking (综合查一次);
- items_used: empowered items with any case or inspection in the period / items empowered (1 − 零办件 share);
- complaint_free: complaints against the unit's officers decided in the period and not upheld / decided.

index = Σ weightᵢ × rateᵢ / Σ weightᵢ over the indicators that have a denominator in the period; an
indicator without one (no case decided, no complaint) is shown as "—" and leaves the mean. The unit with
the higher index ranks first; ties share a rank. A fixed number of queries whatever the number of units.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from cases.models import Case, Review, ReviewOutcome, Status
from enforcement.accounts import access
from planning.indicators import indicator_rows, rate
from planning.models import Inspection, InspectionResult
from townships.models import Department, Empowerment, Township

from .models import IndexIndicator, IndexWeight, OfficerComplaint, Unit
from .periods import days

EXCLUDED = (Status.NOT_FILED, Status.REVOKED)
INDICATORS = {
    Unit.TOWNSHIP: [IndexIndicator.ON_TIME, IndexIndicator.REVIEW_PASS, IndexIndicator.WARNING_RECTIFIED,
                    IndexIndicator.JOINT, IndexIndicator.RANDOM, IndexIndicator.SINGLE_VISIT,
                    IndexIndicator.ITEMS_USED, IndexIndicator.COMPLAINT_FREE],
    Unit.DEPARTMENT: [IndexIndicator.JOINT, IndexIndicator.RANDOM, IndexIndicator.SINGLE_VISIT,
                      IndexIndicator.COMPLAINT_FREE],
}
# Used until the bureau sets its own: `weights()` takes the stored rows and falls back to these.
DEFAULT_WEIGHTS = {
    Unit.TOWNSHIP: {"on_time": 20, "review_pass": 15, "warning_rectified": 15, "joint": 10, "random": 10,  # nosec B105
                    "single_visit": 10, "items_used": 10, "complaint_free": 10},
    Unit.DEPARTMENT: {"joint": 30, "random": 30, "single_visit": 25, "complaint_free": 15},
}


@dataclass
class IndexRow:
    key: int
    code: str
    name: str
    rates: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    score: Decimal | None = None
    rank: int = 0


def weights(unit):
    """{indicator: Decimal weight} for the unit, the stored ones where the bureau has set them."""
    stored = {w.indicator: w.weight for w in IndexWeight.objects.filter(unit=unit)}
    return {name: stored.get(name, Decimal(DEFAULT_WEIGHTS[unit][name])) for name in INDICATORS[unit]}


def weighted_score(rates, unit_weights):
    total_weight = sum((w for name, w in unit_weights.items() if rates.get(name) is not None and w), Decimal(0))
    if not total_weight:
        return None
    score = sum(Decimal(rates[name]) * w for name, w in unit_weights.items() if rates.get(name) is not None)
    return (score / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rank_rows(rows):
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.code))
    previous, rank = object(), 0
    for index, row in enumerate(rows, start=1):
        if row.score != previous:
            rank, previous = index, row.score
        row.rank = rank if row.score is not None else 0
    return rows


def _grouped(queryset, key, **aggregates):
    return {row[key]: row for row in queryset.order_by().values(key).annotate(**aggregates)}


def _case_rates(actor, start, end):
    cases = access.scope(Case.objects.all(), actor).exclude(status__in=EXCLUDED).filter(township__isnull=False)
    decided = _grouped(
        cases.filter(decided_on__range=(start, end)).exclude(decision_type=""), "township",
        n=Count("pk"), on_time=Count("pk", filter=Q(deadline__isnull=True) | Q(decided_on__lte=F("deadline"))))
    reviews = _grouped(
        access.scope(Review.objects.all(), actor).filter(**days("created_at", start, end),
                                                         case__township__isnull=False),
        "case__township", n=Count("pk"), approved=Count("pk", filter=Q(outcome=ReviewOutcome.APPROVED)))
    return decided, reviews


def _warning_rates(actor, start, end):
    from intake.models import EarlyWarning

    return _grouped(
        access.scope(EarlyWarning.objects.all(), actor).filter(**days("rechecked_at", start, end),
                                                               township__isnull=False)
        .exclude(outcome=EarlyWarning.Outcome.PENDING),
        "township", n=Count("pk"), rectified=Count("pk", filter=Q(outcome=EarlyWarning.Outcome.RECTIFIED)))


def _visits(actor, start, end, key):
    return _grouped(access.scope(Inspection.objects.all(), actor).filter(inspected_on__range=(start, end)), key,
                    n=Count("pk"), subjects=Count("subject", distinct=True))


def _complaints(actor, start, end, key):
    return _grouped(access.scope(OfficerComplaint.objects.all(), actor)
                    .filter(decided_on__range=(start, end), upheld__isnull=False), key,
                    n=Count("pk"), upheld=Count("pk", filter=Q(upheld=True)))


def _items_used(actor, start, end, township_ids):
    """{township: (items used, items empowered)} over the items empowered on the period's last day."""
    empowered = {}
    for township_id, item_id in (Empowerment.objects.in_force(end).filter(township_id__in=township_ids)
                                 .values_list("township_id", "item_id")):
        empowered.setdefault(township_id, set()).add(item_id)
    used = {}
    case_items = (access.scope(Case.objects.all(), actor).exclude(status__in=EXCLUDED)
                  .filter(case_date__range=(start, end), township_id__in=township_ids)
                  .values_list("township_id", "item_id").distinct())
    inspection_items = (access.scope(InspectionResult.objects.all(), actor)
                        .filter(inspection__inspected_on__range=(start, end),
                                inspection__township_id__in=township_ids)
                        .values_list("inspection__township_id", "point__item_id").distinct())
    for township_id, item_id in [*case_items, *inspection_items]:
        if item_id in empowered.get(township_id, ()):
            used.setdefault(township_id, set()).add(item_id)
    return {t: (len(used.get(t, ())), len(items)) for t, items in empowered.items()}


def _planning_rows(actor, start, end, group_by, today, planning):
    """Planning's indicator rows by key; a caller that already has them (the weekly ranking) passes them."""
    if planning is not None:
        return planning
    return {row.key: row for row in indicator_rows(actor=actor, start=start, end=end, group_by=group_by,
                                                   today=today)}


def township_index(*, actor, start, end, today=None, planning=None):
    townships = list(access.scope(Township.objects.order_by("code"), actor).only("pk", "code", "name"))
    ids = [t.pk for t in townships]
    decided, reviews = _case_rates(actor, start, end)
    warnings = _warning_rates(actor, start, end)
    planning = _planning_rows(actor, start, end, "township", today, planning)
    visits = _visits(actor, start, end, "township")
    complaints = _complaints(actor, start, end, "officer__township")
    items = _items_used(actor, start, end, ids)
    unit_weights = weights(Unit.TOWNSHIP)
    rows = []
    for township in townships:
        d, r, w = decided.get(township.pk, {}), reviews.get(township.pk, {}), warnings.get(township.pk, {})
        p, v, c = planning.get(township.pk), visits.get(township.pk, {}), complaints.get(township.pk, {})
        used, empowered = items.get(township.pk, (0, 0))
        rates = {
            "on_time": rate(d.get("on_time", 0), d.get("n", 0)),
            "review_pass": rate(r.get("approved", 0), r.get("n", 0)),
            "warning_rectified": rate(w.get("rectified", 0), w.get("n", 0)),
            "joint": p.joint_share if p else None,
            "random": p.random_share if p else None,
            "single_visit": rate(v.get("subjects", 0), v.get("n", 0)),
            "items_used": rate(used, empowered),
            "complaint_free": rate(c.get("n", 0) - c.get("upheld", 0), c.get("n", 0)),
        }
        counts = {"decided": d.get("n", 0), "reviews": r.get("n", 0), "warnings": w.get("n", 0),
                  "inspections": v.get("n", 0), "enterprises": v.get("subjects", 0), "items_used": used,
                  "items_empowered": empowered, "complaints_upheld": c.get("upheld", 0)}
        rows.append(IndexRow(township.pk, township.code, township.name, rates, counts,
                             weighted_score(rates, unit_weights)))
    return rank_rows(rows), unit_weights


def department_index(*, actor, start, end, today=None, planning=None):
    departments = list(access.scope(Department.objects.order_by("code"), actor).only("pk", "code", "name"))
    planning = _planning_rows(actor, start, end, "department", today, planning)
    visits = _visits(actor, start, end, "department")
    complaints = _complaints(actor, start, end, "officer__home_department")
    unit_weights = weights(Unit.DEPARTMENT)
    rows = []
    for department in departments:
        p, v, c = planning.get(department.pk), visits.get(department.pk, {}), complaints.get(department.pk, {})
        rates = {
            "joint": p.joint_share if p else None,
            "random": p.random_share if p else None,
            "single_visit": rate(v.get("subjects", 0), v.get("n", 0)),
            "complaint_free": rate(c.get("n", 0) - c.get("upheld", 0), c.get("n", 0)),
        }
        counts = {"inspections": v.get("n", 0), "enterprises": v.get("subjects", 0),
                  "visits_saved": p.visits_saved if p else 0, "complaints_upheld": c.get("upheld", 0)}
        rows.append(IndexRow(department.pk, department.code, department.name, rates, counts,
                             weighted_score(rates, unit_weights)))
    return rank_rows(rows), unit_weights


__all__ = ["INDICATORS", "department_index", "township_index", "weights"]
