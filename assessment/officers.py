"""An officer's indicators for a period, computed from the records, and the points (积分) they earn.

Indicators (rates 0–100, None when the officer had nothing of the kind in the period):
- on_time: cases the officer handled that were decided in the period on or before their deadline / decided;
- review_pass: legality reviews of those cases in the period that approved / reviews;
- dispatch_on_time: dispatches naming the officer whose response deadline fell in the period and that were
  reached on the spot in time / such dispatches;
- drawn_inspections: double-random inspections the officer recorded in the period as one of the officers drawn
  for that subject / double-random inspections the officer recorded.
Deductions: OVERDUE_DEDUCTION per case still undecided past its deadline at the period's end, and
COMPLAINT_DEDUCTION per complaint upheld in the period.

record score R = max(0, mean of the available rates − deductions); with no rate available R is None (nothing
to assess from the records) and the total rests on the scores entered by the township and the department.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cases.models import UNDECIDED_STATES, Case, Review, ReviewOutcome, Status
from planning.indicators import rate
from planning.models import Inspection

from .models import OfficerComplaint
from .periods import days

OVERDUE_DEDUCTION = Decimal(5)
COMPLAINT_DEDUCTION = Decimal(10)
RATE_NAMES = ("on_time", "review_pass", "dispatch_on_time", "drawn_inspections")

# Points of the ledger per record (积分): (indicator, points, note).
POINTS = {
    "case_on_time": 2, "case_late": -2, "case_overdue": -3, "review_returned": -1,
    "dispatch_on_time": 1, "dispatch_late": -1, "inspection_drawn": 1, "inspection_not_drawn": -1,
    "complaint_upheld": -5,
}
POINT_LABELS = {
    "case_on_time": _("case decided on time"), "case_late": _("case decided late"),
    "case_overdue": _("case overdue"), "review_returned": _("returned by legality review"),
    "dispatch_on_time": _("dispatch reached in time"), "dispatch_late": _("dispatch reached late or not at all"),
    "inspection_drawn": _("double-random inspection by the drawn officer"),
    "inspection_not_drawn": _("double-random inspection by an officer not drawn"),
    "complaint_upheld": _("complaint upheld"),
}
TWO = Decimal("0.01")


@dataclass
class OfficerRecords:
    indicators: dict
    score: Decimal | None
    points: list  # [(indicator, source, on_date, note)]


def _cases(officer, start, end):
    handled = Case.objects.filter(officers=officer).exclude(status__in=(Status.NOT_FILED, Status.REVOKED))
    decided = list(handled.filter(decided_on__range=(start, end)).exclude(decision_type="")
                   .values_list("code", "decided_on", "deadline"))
    overdue = list(handled.filter(status__in=UNDECIDED_STATES, deadline__lt=end)
                   .values_list("code", "deadline"))
    reviews = list(Review.objects.filter(case__officers=officer, **days("created_at", start, end))
                   .values_list("pk", "outcome", "created_at"))
    return decided, overdue, reviews


def _dispatches(officer, start, end):
    from intake.models import Dispatch

    return list(Dispatch.objects.filter(officers=officer, **days("response_deadline", start, end))
                .values_list("pk", "response_deadline", "arrived_at"))


def _random_inspections(officer, start, end):
    inspections = Inspection.objects.filter(officers=officer, is_random=True, inspected_on__range=(start, end))
    drawn = set(inspections.filter(task__draw__drawn_subjects__subject=F("subject"),
                                   task__draw__drawn_subjects__officers=officer).values_list("pk", flat=True))
    return [(pk, code, day, pk in drawn) for pk, code, day in inspections.values_list("pk", "code", "inspected_on")]


def officer_records(officer, start, end):
    """The officer's indicators, record score and ledger lines for [start, end]. Six queries."""
    decided, overdue, reviews = _cases(officer, start, end)
    dispatches = _dispatches(officer, start, end)
    inspections = _random_inspections(officer, start, end)
    upheld = list(OfficerComplaint.objects.filter(officer=officer, upheld=True, decided_on__range=(start, end))
                  .values_list("pk", "decided_on"))

    on_time = [(code, day) for code, day, deadline in decided if deadline is None or day <= deadline]
    dispatch_ok = [(pk, due) for pk, due, arrived in dispatches if arrived is not None and arrived <= due]
    indicators = {
        "on_time": rate(len(on_time), len(decided)),
        "review_pass": rate(sum(1 for _pk, outcome, _at in reviews if outcome == ReviewOutcome.APPROVED),
                            len(reviews)),
        "dispatch_on_time": rate(len(dispatch_ok), len(dispatches)),
        "drawn_inspections": rate(sum(1 for *_rest, ok in inspections if ok), len(inspections)),
        "cases_decided": len(decided), "cases_overdue": len(overdue), "reviews": len(reviews),
        "dispatches": len(dispatches), "random_inspections": len(inspections), "complaints_upheld": len(upheld),
    }
    rates = [indicators[name] for name in RATE_NAMES if indicators[name] is not None]
    score = None
    if rates:
        mean = sum(rates, Decimal(0)) / len(rates)
        score = max(Decimal(0), mean - OVERDUE_DEDUCTION * len(overdue) - COMPLAINT_DEDUCTION * len(upheld))
        score = score.quantize(TWO, rounding=ROUND_HALF_UP)
    indicators = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in indicators.items()}

    on_time_codes = {code for code, _day in on_time}
    points = [("case_on_time" if code in on_time_codes else "case_late", f"case:{code}", day, code)
              for code, day, _deadline in decided]
    points += [("case_overdue", f"overdue:{code}", deadline, code) for code, deadline in overdue]
    points += [("review_returned", f"review:{pk}", at.date(), "") for pk, outcome, at in reviews
               if outcome == ReviewOutcome.RETURNED]
    ok_ids = {pk for pk, _due in dispatch_ok}
    points += [("dispatch_on_time" if pk in ok_ids else "dispatch_late", f"dispatch:{pk}", due.date(), "")
               for pk, due, _arrived in dispatches]
    points += [("inspection_drawn" if ok else "inspection_not_drawn", f"inspection:{code}", day, code)
               for _pk, code, day, ok in inspections]
    points += [("complaint_upheld", f"complaint:{pk}", day, "") for pk, day in upheld]
    return OfficerRecords(indicators, score, points)


def combine(*, record_score, township_score, department_score, township_weight, record_weight, posted):
    """The documented formula (docs/glossary.md “考核总分”):

    posted officer:  total = r·R + (1 − r)·(w·T + (1 − w)·D)
    bureau officer:  total = r·R + (1 − r)·D
    R the record score, T the township's score, D the home department's score, w the township's weight
    (≥ 50 %), r the record weight (setting ASSESSMENT_RECORD_WEIGHT). Without R the entered part counts alone.
    None while a needed score has not been entered.
    """
    if department_score is None or (posted and township_score is None):
        return None
    w = Decimal(township_weight) / 100 if posted else Decimal(0)
    entered = w * Decimal(township_score or 0) + (1 - w) * Decimal(department_score)
    if record_score is None:
        total = entered
    else:
        r = Decimal(record_weight) / 100
        total = r * Decimal(record_score) + (1 - r) * entered
    return total.quantize(TWO, rounding=ROUND_HALF_UP)


def grade(total):
    if total is None:
        return ""
    if total >= 90:
        return "excellent"
    if total >= 75:
        return "competent"
    if total >= 60:
        return "basic"
    return "incompetent"


__all__ = ["POINTS", "combine", "grade", "officer_records"]
