"""The 三高两易 / 零办件 evaluation of township empowerment (the working paper of the annual adjustment).

For each item empowered to a township: its cases over the last 12 months (高频: frequency), the staff's
ease ratings (两易: easy to take over, easy to operate, 1-5), and a score combining the two. Items with
no case in 12 months (零办件) are flagged for adjustment.

Score (0-5): frequency counts 60 %, ease 40 %. Frequency maps the township's own case counts onto 1-5 on
a log scale (the busiest item scores 5, a single case scores just above 1, zero cases 0); ease is the
mean of the two ratings. An unrated item is scored on frequency alone and shown as not yet rated.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from enforcement.accounts import access
from enforcement.core.replica import replica_reads
from townships.models import Empowerment

from .models import EaseRating
from .statistics import EXCLUDED_STATES

FREQUENCY_WEIGHT = 0.6
EASE_WEIGHT = 0.4
HIGH_SCORE = 3.5
HARD_EASE = 2.5

VERDICTS = {
    "zero": _("zero cases in 12 months: adjust"),
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
    frequency_score: float = 0.0
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
    def is_zero(self):
        return self.case_count == 0


def window(as_of):
    """The 12 months ending on `as_of` (inclusive)."""
    return as_of - timedelta(days=364), as_of


@replica_reads()  # figures only: on the replica when one is configured
def evaluation_rows(*, actor, township=None, as_of=None, zero_only=False):
    """Rows for the townships the actor may see (or one township), sorted by township then score.

    `actor` None is the system (the monthly report). Three queries whatever the number of items.
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
    counts = {(row["township_id"], row["item_id"]): row["n"]
              for row in cases.order_by().values("township_id", "item_id").annotate(n=Count("pk"))}
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
            easy_to_operate=operate,
        ))
    _score(result)
    if zero_only:
        result = [row for row in result if row.is_zero]
    result.sort(key=lambda row: (row.township_code, -row.score, row.item_code))
    return result


def _score(rows):
    busiest = {}
    for row in rows:
        busiest[row.township_code] = max(busiest.get(row.township_code, 0), row.case_count)
    for row in rows:
        top = busiest[row.township_code]
        if row.case_count and top:
            row.frequency_score = round(1 + 4 * math.log1p(row.case_count) / math.log1p(top), 2)
        if row.rated:
            row.ease_score = round((row.easy_to_take_over + row.easy_to_operate) / 2, 2)
            row.score = round(FREQUENCY_WEIGHT * row.frequency_score + EASE_WEIGHT * row.ease_score, 2)
        else:
            row.score = row.frequency_score
        if row.case_count == 0:
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
        entry["with_cases"] += bool(row.case_count)
        entry["zero"] += row.is_zero
        entry["rated"] += row.rated
        entry["high"] += row.verdict == "high"
        entry["hard"] += row.verdict == "hard"
    return list(summary.values())
