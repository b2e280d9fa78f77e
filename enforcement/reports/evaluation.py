"""The 三高两易 / 零办件 evaluation of township empowerment (the working paper of the annual adjustment, seed 000).

For each item empowered to a township, over the last 12 months, measured from the records:
- 高频率 (frequency): every handling of the item in the township — cases, inspections that checked it, early
  warnings issued for it (a correction order is a step of its case);
- 高需求 (demand): clues and complaints received for the item in the township (intake);
- 高综合 (composite, cross-domain handling): the share of those handlings done across departments — joint
  inspections and cases transferred from a department;
and rated by the staff: 两易 (easy to take over, easy to operate, 1-5). Items with no handling of any kind in
12 months (零办件) are flagged for adjustment.

Score (0-5) = the WEIGHTS below (shown on the page and in the export). Frequency and demand map the township's own
counts onto 1-5 on a log scale (the busiest item scores 5, one scores just above 1, none 0); composite is
1 + 4 × the cross-department share (0 without handling); ease is the mean of the two ratings. An unrated item is
scored on the measured parts, their weights scaled up to 100 %, and shown as not yet rated.
"""

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.apps import apps
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from enforcement.accounts import access
from enforcement.core.replica import replica_reads
from townships.models import Empowerment

from .models import EaseRating
from .statistics import EXCLUDED_STATES

WEIGHTS = {"frequency": 0.4, "demand": 0.2, "composite": 0.1, "ease": 0.3}
WEIGHT_LABELS = {"frequency": _("high frequency (all handling)"), "demand": _("high demand (clues and complaints)"),
                 "composite": _("high composite (cross-department handling)"), "ease": _("two easies (rated)")}
HIGH_SCORE = 3.5
HARD_EASE = 2.5

VERDICTS = {
    "zero": _("no handling in 12 months (零办件): adjust"),
    "hard": _("hard to take over or operate: evaluate"),
    "high": _("high frequency and easy: keep"),
    "keep": _("keep"),
}


@dataclass
class EvaluationRow:
    township_code: str
    township_name: str
    item_code: str
    item_name: str
    domain_name: str
    valid_from: object
    case_count: int
    easy_to_take_over: int | None
    easy_to_operate: int | None
    inspection_count: int = 0
    warning_count: int = 0
    clue_count: int = 0
    cross_count: int = 0
    frequency_score: float = 0.0
    demand_score: float = 0.0
    composite_score: float = 0.0
    ease_score: float | None = None
    score: float = 0.0
    verdict: str = "keep"

    @property
    def rated(self):
        return self.easy_to_take_over is not None

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict]

    @property
    def handling_count(self):
        return self.case_count + self.inspection_count + self.warning_count

    @property
    def is_zero(self):
        return self.handling_count == 0


def window(as_of):
    """The 12 months ending on `as_of` (inclusive)."""
    return as_of - timedelta(days=364), as_of


@replica_reads()  # figures only: on the replica when one is configured
def evaluation_rows(*, actor, township=None, as_of=None, zero_only=False):
    """Rows for the townships the actor may see (or one township), sorted by township then score.

    `actor` None is the system (the monthly report). Six queries whatever the number of items.
    """
    as_of = as_of or timezone.localdate()
    start, end = window(as_of)
    empowerments = Empowerment.objects.in_force(as_of)
    if actor is not None:
        empowerments = access.scope(empowerments, actor)
    if township is not None:
        empowerments = empowerments.filter(township=township)
    # case counts per (township, item) over the window: one grouped scan, joined in Python
    cases = (Case.objects.filter(township__isnull=False).exclude(status__in=EXCLUDED_STATES)
             .filter(case_date__gte=start, case_date__lte=end))
    if actor is not None:
        cases = access.scope(cases, actor)
    if township is not None:
        cases = cases.filter(township=township)
    counts, cross = {}, {}
    for row in cases.order_by().values("township_id", "item_id").annotate(
            n=Count("pk"), transferred=Count("pk", filter=Q(transferred_from__isnull=False))):
        counts[(row["township_id"], row["item_id"])] = row["n"]
        cross[(row["township_id"], row["item_id"])] = row["transferred"]
    inspected, joint = _inspection_counts(actor, township, start, end)
    for key, n in joint.items():
        cross[key] = cross.get(key, 0) + n
    warnings, clues = _intake_counts(actor, township, start, end)
    ratings = EaseRating.objects.filter(township=OuterRef("township"), item=OuterRef("item"))
    rows = (
        empowerments.annotate(
            take_over=Subquery(ratings.values("easy_to_take_over")[:1]),
            operate=Subquery(ratings.values("easy_to_operate")[:1]),
        )
        .order_by("township__code", "item__code", "-valid_from")
        .values_list("township_id", "item_id", "township__code", "township__name", "item__code", "item__name",
                     "item__domain__name", "valid_from", "take_over", "operate")
    )
    result, seen = [], set()
    for township_id, item_id, t_code, t_name, i_code, i_name, d_name, valid_from, take_over, operate in rows:
        key = (township_id, item_id)
        if key in seen:
            continue
        seen.add(key)
        result.append(EvaluationRow(
            township_code=t_code, township_name=t_name, item_code=i_code, item_name=i_name, domain_name=d_name,
            valid_from=valid_from, case_count=counts.get(key, 0), easy_to_take_over=take_over,
            easy_to_operate=operate, inspection_count=inspected.get(key, 0), warning_count=warnings.get(key, 0),
            clue_count=clues.get(key, 0), cross_count=cross.get(key, 0),
        ))
    _score(result)
    if zero_only:
        result = [row for row in result if row.is_zero]
    result.sort(key=lambda row: (row.township_code, -row.score, row.item_code))
    return result


def _inspection_counts(actor, township, start, end):
    """(township, item) → inspections that checked the item, and those of them done jointly. One query."""
    from planning.models import InspectionResult

    results = InspectionResult.objects.filter(inspection__inspected_on__gte=start, inspection__inspected_on__lte=end)
    if actor is not None:
        results = access.scope(results, actor)
    if township is not None:
        results = results.filter(inspection__township=township)
    inspected, joint = {}, {}
    for row in results.order_by().values("inspection__township_id", "point__item_id").annotate(
            n=Count("inspection", distinct=True),
            joint=Count("inspection", filter=Q(inspection__is_joint=True), distinct=True)):
        key = (row["inspection__township_id"], row["point__item_id"])
        inspected[key], joint[key] = row["n"], row["joint"]
    return inspected, joint


def _intake_counts(actor, township, start, end):
    """(township, item) → early warnings issued and clues received (高需求). Two queries; none without intake."""
    if not apps.is_installed("intake"):
        return {}, {}
    warning_model, clue_model = apps.get_model("intake", "EarlyWarning"), apps.get_model("intake", "Clue")
    since, until = _day_start(start), _day_start(end + timedelta(days=1))
    warnings = warning_model.objects.filter(issued_at__gte=since, issued_at__lt=until, clue__item__isnull=False,
                                            township__isnull=False)
    clues = clue_model.objects.filter(received_at__gte=since, received_at__lt=until, item__isnull=False,
                                      township__isnull=False)
    if actor is not None:
        warnings, clues = access.scope(warnings, actor), access.scope(clues, actor)
    if township is not None:
        warnings, clues = warnings.filter(township=township), clues.filter(township=township)
    warned = {(r["township_id"], r["clue__item_id"]): r["n"] for r in
              warnings.order_by().values("township_id", "clue__item_id").annotate(n=Count("pk", distinct=True))}
    received = {(r["township_id"], r["item_id"]): r["n"]
                for r in clues.order_by().values("township_id", "item_id").annotate(n=Count("pk", distinct=True))}
    return warned, received


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _log_score(value, top):
    return round(1 + 4 * math.log1p(value) / math.log1p(top), 2) if value and top else 0.0


def _score(rows):
    busiest, demand = {}, {}
    for row in rows:
        busiest[row.township_code] = max(busiest.get(row.township_code, 0), row.handling_count)
        demand[row.township_code] = max(demand.get(row.township_code, 0), row.clue_count)
    for row in rows:
        row.frequency_score = _log_score(row.handling_count, busiest[row.township_code])
        row.demand_score = _log_score(row.clue_count, demand[row.township_code])
        handled = row.case_count + row.inspection_count
        row.composite_score = round(1 + 4 * min(row.cross_count, handled) / handled, 2) if handled else 0.0
        parts = {"frequency": row.frequency_score, "demand": row.demand_score, "composite": row.composite_score}
        if row.rated:
            row.ease_score = round((row.easy_to_take_over + row.easy_to_operate) / 2, 2)
            parts["ease"] = row.ease_score
        weight = sum(WEIGHTS[name] for name in parts)
        row.score = round(sum(WEIGHTS[name] * value for name, value in parts.items()) / weight, 2)
        if row.is_zero:
            row.verdict = "zero"
        elif row.rated and row.ease_score < HARD_EASE:
            row.verdict = "hard"
        elif row.score >= HIGH_SCORE:
            row.verdict = "high"
        else:
            row.verdict = "keep"


def evaluation_summary(rows):
    """Per township: empowered items, items with cases, zero-case items, rated items, high scorers."""
    summary = {}
    for row in rows:
        entry = summary.setdefault(row.township_code, {
            "township_code": row.township_code, "township_name": row.township_name,
            "empowered": 0, "with_cases": 0, "zero": 0, "rated": 0, "high": 0, "hard": 0, "cases": 0,
        })
        entry["empowered"] += 1
        entry["cases"] += row.case_count
        entry["with_cases"] += bool(row.handling_count)
        entry["zero"] += row.is_zero
        entry["rated"] += row.rated
        entry["high"] += row.verdict == "high"
        entry["hard"] += row.verdict == "hard"
    return list(summary.values())
