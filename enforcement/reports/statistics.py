"""The statistics service: read-only, scoped figures for any period and scope (county, township, domain).

Every queryset starts from `access.scope(..., actor)`. The monthly report is built by the system (Celery
beat, the management command) with `actor=None`, which means county-wide: the figures are then narrowed
to the report's township explicitly. All counting and summing happens in the database, in a fixed number
of queries whatever the number of cases (see the query-count tests).

Which date puts a case in a period: its filing date (立案, `filed_on`); a simple-procedure case that was
decided on the spot without a separate filing date counts on its decision date. Cases that were never
filed or whose filing was revoked are not enforcement cases and are left out.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth

from cases.models import (
    UNDECIDED_STATES,
    Case,
    CaseEvent,
    DecisionType,
    Procedure,
    Review,
    ReviewOutcome,
    Source,
    Status,
)
from catalog.models import Domain, Item
from enforcement.accounts import access
from townships.models import Officer, Township, not_suspended_q

from .periods import Period, change_pct

EXCLUDED_STATES = (Status.NOT_FILED, Status.REVOKED)
REVIEW_STATES = (Status.TOWNSHIP_REVIEW, Status.DISTRICT_REVIEW)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StatScope:
    """What the figures cover: the whole county (township None), one township, optionally one domain."""

    township: Township | None = None
    domain: Domain | None = None

    @property
    def label(self):
        from .models import county_name

        parts = [self.township.name if self.township else county_name()]
        if self.domain:
            parts.append(self.domain.name)
        return " · ".join(parts)


def _scoped(queryset, actor):
    return queryset if actor is None else access.scope(queryset, actor)


def cases_in_scope(actor, scope):
    """The cases the actor may see within the scope, with `case_date` (filing, else decision date)."""
    queryset = _scoped(Case.objects.all(), actor).exclude(status__in=EXCLUDED_STATES)
    if scope.township is not None:
        queryset = queryset.filter(township=scope.township)
    if scope.domain is not None:
        queryset = queryset.filter(item__domain=scope.domain)
    return queryset  # `case_date` is a stored column (cases 0005): Coalesce(filed_on, decided_on)


def _in(period, field="case_date"):
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _ordered(counter):
    """(key, n) pairs, largest first, ties by key."""
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


def overdue_q(as_of):
    """Cases past their 90-day deadline on `as_of` without a decision by then: still undecided now, or
    decided only after `as_of`. On today's date this is exactly the case list's "overdue" filter."""
    return (Q(filed_on__lte=as_of, deadline__lt=as_of)
            & (Q(status__in=UNDECIDED_STATES) | Q(decided_on__gt=as_of)))


def case_figures(*, actor, period, scope=None, today=None):
    """Case-handling figures for the period: a plain dict of numbers, JSON-serialisable (strings for money)."""
    scope = scope or StatScope()
    cases = cases_in_scope(actor, scope)
    as_of = period.as_of(today)
    # Year on year compares the same dates: a running period against the same days a year earlier.
    previous, year_before = period.previous(), period.year_before(as_of=as_of)

    # 1. one scan: counts in the period, the period before and a year before; decisions, fines, days
    decided_in = _in(period, "decided_on")
    paid_in = _in(period, "paid_on")
    penalty = decided_in & Q(decision_type=DecisionType.PENALTY)
    days = ExpressionWrapper(F("decided_on") - F("filed_on"), output_field=DurationField())
    counted = cases.filter(_in(period) | _in(previous) | _in(year_before) | decided_in | paid_in).aggregate(
        total=Count("pk", filter=_in(period)),
        simple=Count("pk", filter=_in(period) & Q(procedure=Procedure.SIMPLE)),
        ordinary=Count("pk", filter=_in(period) & Q(procedure=Procedure.ORDINARY)),
        previous=Count("pk", filter=_in(previous)),
        year_before=Count("pk", filter=_in(year_before)),
        transferred_in=Count("pk", filter=_in(period) & Q(source=Source.DEPARTMENT)),
        major=Count("pk", filter=_in(period) & Q(is_major=True)),
        decided=Count("pk", filter=decided_in & ~Q(decision_type="")),
        penalties=Count("pk", filter=penalty),
        no_penalty=Count("pk", filter=decided_in & Q(decision_type=DecisionType.NO_PENALTY)),
        warning_only=Count("pk", filter=penalty & Q(penalty_kinds=["warning"])),
        fines_decided=Sum("fine_amount", filter=penalty),
        fines_collected=Sum("paid_amount", filter=paid_in),
        paid=Count("pk", filter=paid_in & Q(paid_amount__isnull=False)),
        avg_days=Avg(days, filter=decided_in & Q(procedure=Procedure.ORDINARY, filed_on__isnull=False)),
    )
    decisions = counted

    # 2. one grouped scan for the breakdowns by status, source, item and domain (a few hundred rows)
    groups = list(cases.filter(_in(period)).order_by().values("status", "source", "item_id")
                  .annotate(n=Count("pk")))
    status_n, source_n, item_n = Counter(), Counter(), Counter()
    for row in groups:
        status_n[row["status"]] += row["n"]
        source_n[row["source"]] += row["n"]
        item_n[row["item_id"]] += row["n"]
    items = {item.pk: item for item in _scoped(Item.objects.filter(pk__in=list(item_n)), actor)
             .select_related("domain").only("pk", "code", "name", "domain__code", "domain__name")}
    domain_n, domain_names = Counter(), {}
    for item_id, n in item_n.items():
        domain = items[item_id].domain
        domain_n[domain.code] += n
        domain_names[domain.code] = domain.name
    status_labels, source_labels = dict(Status.choices), dict(Source.choices)
    by_status = [(code, str(status_labels.get(code, code)), n) for code, n in _ordered(status_n)]
    by_source = [(code, str(source_labels.get(code, code)), n) for code, n in _ordered(source_n)]
    by_domain = [(code, domain_names[code], n) for code, n in _ordered(domain_n)]
    by_item = sorted(((items[pk].code, items[pk].name, n) for pk, n in item_n.items()),
                     key=lambda row: (-row[2], row[0]))[:10]

    # 7. overdue on the period's last day (or today while it runs)
    overdue = cases.filter(overdue_q(as_of)).count()

    # 8. legality reviews made in the period and the time each case waited for it
    reviews = _scoped(Review.objects.all(), actor).filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end)
    if scope.township is not None:
        reviews = reviews.filter(case__township=scope.township)
    if scope.domain is not None:
        reviews = reviews.filter(case__item__domain=scope.domain)
    entered = (CaseEvent.objects.filter(case=OuterRef("case"), to_status__in=REVIEW_STATES,
                                        created_at__lte=OuterRef("created_at"))
               .order_by("-created_at").values("created_at")[:1])
    review = reviews.annotate(entered_at=Subquery(entered)).aggregate(
        approved=Count("pk", filter=Q(outcome=ReviewOutcome.APPROVED)),
        returned=Count("pk", filter=Q(outcome=ReviewOutcome.RETURNED)),
        avg_wait=Avg(ExpressionWrapper(F("created_at") - F("entered_at"), output_field=DurationField())),
    )

    total = counted["total"]
    avg_days = decisions["avg_days"]
    avg_wait = review["avg_wait"]
    return {
        "total": total,
        "simple": counted["simple"],
        "ordinary": counted["ordinary"],
        "previous": counted["previous"],
        "year_before": counted["year_before"],
        "mom_pct": change_pct(total, counted["previous"]),
        "yoy_pct": change_pct(total, counted["year_before"]),
        "year_before_from": year_before.start.isoformat(),
        "year_before_to": year_before.end.isoformat(),
        "partial": period.is_partial(today),
        "domains_with_cases": len(domain_n),
        "items_with_cases": len(item_n),
        "transferred_in": counted["transferred_in"],
        "major": counted["major"],
        "by_status": by_status,
        "by_source": by_source,
        "by_domain": by_domain,
        "by_item": by_item,
        "decided": decisions["decided"],
        "penalties": decisions["penalties"],
        "no_penalty": decisions["no_penalty"],
        "warning_only": decisions["warning_only"],
        "fines_decided": str(decisions["fines_decided"] or ZERO),
        "fines_collected": str(decisions["fines_collected"] or ZERO),
        "paid": decisions["paid"],
        "avg_days_to_decision": _days(avg_days),
        "overdue": overdue,
        "overdue_as_of": as_of.isoformat(),
        "reviews_approved": review["approved"],
        "reviews_returned": review["returned"],
        "avg_review_wait_days": _days(avg_wait),
    }


def _days(duration):
    if duration is None:
        return None
    if isinstance(duration, timedelta):
        return round(duration.total_seconds() / 86400, 1)
    return round(float(duration), 1)


def monthly_trend(*, actor, year, scope=None):
    """Cases per month of `year` and of the year before: two lists of 12 numbers (one query)."""
    scope = scope or StatScope()
    this_year, last_year = Period.year(year), Period.year(year - 1)
    rows = (cases_in_scope(actor, scope).filter(_in(this_year) | _in(last_year)).order_by()
            .annotate(month=TruncMonth("case_date")).values("month").annotate(n=Count("pk")))
    current, before = [0] * 12, [0] * 12
    for row in rows:
        target = current if row["month"].year == year else before
        target[row["month"].month - 1] = row["n"]
    return {"year": year, "current": current, "previous": before}


def overdue_cases(*, actor, scope=None, as_of, limit=50):
    """The overdue cases themselves (for the report's list), oldest deadline first."""
    scope = scope or StatScope()
    return list(
        cases_in_scope(actor, scope).filter(overdue_q(as_of)).select_related("township", "item")
        .order_by("deadline", "code")[:limit]
    )


def returned_cases(*, actor, period, scope=None, limit=50):
    """Cases returned by legality review in the period (one row per case, latest return first)."""
    scope = scope or StatScope()
    returned = _scoped(Review.objects.all(), actor).filter(
        outcome=ReviewOutcome.RETURNED, created_at__date__gte=period.start, created_at__date__lte=period.end)
    if scope.township is not None:
        returned = returned.filter(case__township=scope.township)
    if scope.domain is not None:
        returned = returned.filter(case__item__domain=scope.domain)
    return list(returned.select_related("case", "case__township", "case__item")
                .order_by("-created_at", "-id")[:limit])


def staffing_figures(*, actor, scope=None, today=None):
    """Active officers by category, how many are posted to townships, valid certificates (one query)."""
    from django.utils import timezone

    scope = scope or StatScope()
    today = today or timezone.localdate()
    officers = _scoped(Officer.objects.filter(is_active=True), actor)
    if scope.township is not None:
        officers = officers.filter(township=scope.township)
    figures = officers.aggregate(
        total=Count("pk"),
        law_enforcement=Count("pk", filter=Q(category=Officer.Category.LAW_ENFORCEMENT)),
        safety=Count("pk", filter=Q(category=Officer.Category.SAFETY)),
        auxiliary=Count("pk", filter=Q(category=Officer.Category.AUXILIARY)),
        posted=Count("pk", filter=Q(township__isnull=False)),
        certified=Count("pk", filter=Q(certificate_number__isnull=False, certificate_expiry__gte=today)
                        & not_suspended_q(today)),
    )
    figures["posted_pct"] = round(figures["posted"] * 100 / figures["total"], 1) if figures["total"] else None
    return figures


def _pct(part, whole):
    return round(part * 100 / whole, 2) if whole else None


def inspection_figures(*, actor, period, scope=None):
    """Inspection indicators of seed 004 for the period (two queries).

    双随机占比 random / all; 跨部门联合抽查率 random and joint / random; 联合实施率 joint / all;
    问题检出率 with problems / all; 减少企业干扰次数 the visits saved by merged joint inspections.
    """
    from planning.models import Inspection, JointInspection

    scope = scope or StatScope()
    inspections = _scoped(Inspection.objects.all(), actor).filter(
        inspected_on__gte=period.start, inspected_on__lte=period.end)
    joints = _scoped(JointInspection.objects.all(), actor).filter(date__gte=period.start, date__lte=period.end)
    if scope.township is not None:
        inspections = inspections.filter(township=scope.township)
        joints = joints.filter(township=scope.township)
    figures = inspections.aggregate(
        total=Count("pk"),
        random=Count("pk", filter=Q(is_random=True)),
        joint=Count("pk", filter=Q(is_joint=True)),
        random_joint=Count("pk", filter=Q(is_random=True, is_joint=True)),
        with_problems=Count("pk", filter=Q(has_problems=True)),
    )
    # JointInspection's scope rule goes through a many-to-many (departments): count distinct rows.
    merged = joints.aggregate(n=Count("pk", distinct=True), saved=Sum("visits_saved"))
    figures.update(
        joint_inspections=merged["n"],
        visits_saved=merged["saved"] or 0,
        random_pct=_pct(figures["random"], figures["total"]),
        random_joint_pct=_pct(figures["random_joint"], figures["random"]),
        joint_pct=_pct(figures["joint"], figures["total"]),
        problem_pct=_pct(figures["with_problems"], figures["total"]),
    )
    return figures


def township_breakdown(*, actor, period, scope=None, today=None):
    """Per township the actor may see: cases in the period (simple / ordinary) and overdue on its last day.

    Two queries. Bureau cases (no township) are left out: they belong to no township's row."""
    scope = scope or StatScope()
    as_of = period.as_of(today)
    townships = _scoped(Township.objects.order_by("code"), actor)
    if scope.township is not None:
        townships = townships.filter(pk=scope.township.pk)
    cases = cases_in_scope(actor, StatScope(domain=scope.domain)).filter(township__isnull=False)
    counts = {
        row["township"]: row for row in cases.filter(_in(period) | overdue_q(as_of)).order_by()
        .values("township").annotate(
            total=Count("pk", filter=_in(period)),
            simple=Count("pk", filter=_in(period) & Q(procedure=Procedure.SIMPLE)),
            ordinary=Count("pk", filter=_in(period) & Q(procedure=Procedure.ORDINARY)),
            overdue=Count("pk", filter=overdue_q(as_of)),
        )
    }
    empty = {"total": 0, "simple": 0, "ordinary": 0, "overdue": 0}
    return [{"code": township.code, "name": township.name, **{key: counts.get(township.pk, empty)[key]
                                                              for key in empty}}
            for township in townships]
