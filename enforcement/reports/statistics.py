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
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth

from cases.models import (
    EVER_OVERDUE_Q,
    UNDECIDED_STATES,
    Case,
    CaseEvent,
    Procedure,
    Review,
    ReviewOutcome,
    Source,
    Status,
)
from catalog.labels import item_labels
from catalog.models import Domain
from enforcement.accounts import access
from enforcement.core.aggregates import Seconds, aggregate_together
from planning.indicators import inspection_rates
from townships.models import Officer, Township, not_suspended_q

from .periods import Period, change_pct, month_split

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
            & (Q(status__in=UNDECIDED_STATES) | Q(decided_on__gt=as_of))
            & EVER_OVERDUE_Q)  # implied by the rest: the partial index of such cases serves the count


def facts_in_scope(actor, scope):
    """The case facts (`CaseFact`, the rollup) the actor may see within the scope: same scope rule as cases."""
    from .models import CaseFact

    facts = _scoped(CaseFact.objects.all(), actor)
    if scope.township is not None:
        facts = facts.filter(township=scope.township)
    if scope.domain is not None:
        facts = facts.filter(item__domain=scope.domain)
    return facts


def _day_in(period):
    return Q(day__gte=period.start, day__lte=period.end)


def month_facts_in_scope(actor, scope):
    """The month facts (`CaseMonthFact`) the actor may see within the scope (no domain: see `_splits`)."""
    from .models import CaseMonthFact

    facts = _scoped(CaseMonthFact.objects.all(), actor)
    if scope.township is not None:
        facts = facts.filter(township=scope.township)
    return facts


def _or(conditions):
    result = None
    for condition in conditions:
        result = condition if result is None else result | condition
    return result


def _splits(periods, scope):
    """{name: (Q over the month facts or None, Q over the daily facts or None)}: whole months from the month
    facts, the days of partial months from the daily facts. A domain scope reads the daily facts only (the
    month facts keep no domain beside the item)."""
    result = {}
    for name, period in periods.items():
        if period is None:
            continue
        months, days = month_split(period.start, period.end) if scope.domain is None else (
            None, [(period.start, period.end)])
        result[name] = (Q(month__gte=months[0], month__lte=months[1]) if months else None,
                        _or(Q(day__gte=first, day__lte=last) for first, last in days))
    return result


MONTH_SUMS = {"total": "filed", "simple": "simple", "ordinary": "ordinary", "transferred_in": "transferred_in",
              "major": "major", "decided": "decided", "penalties": "penalties", "no_penalty": "no_penalty",
              "warning_only": "warning_only", "fines_decided": "fines_decided", "fines_collected": "fines_collected",
              "paid": "paid", "days_sum": "days_sum", "days_n": "days_n"}


def filed_by(*, actor, scope, period, by):
    """{`by` value: {total, simple, ordinary, decided, fines}} over the period (by = "township" or
    "transferred_from"; rows with no value left out): whole months from the month facts' totals, other days
    from the daily facts — one query each, at most two."""
    months, days = _splits({"period": period}, scope)["period"]
    result = {}

    def add(rows):
        for row in rows:
            entry = result.setdefault(row[by], {"total": 0, "simple": 0, "ordinary": 0, "decided": 0, "fines": ZERO})
            for key in entry:
                entry[key] += row[key] or (ZERO if key == "fines" else 0)

    not_null = {f"{by}__isnull": False}
    if months is not None:
        add(month_facts_in_scope(actor, scope).filter(months, dimension="all", **not_null).order_by()
            .values(by).annotate(total=Sum("filed"), simple=Sum("simple"), ordinary=Sum("ordinary"),
                                 decided=Sum("decided"), fines=Sum("fines_decided")))
    if days is not None:
        add(facts_in_scope(actor, scope).filter(days, **not_null).order_by().values(by).annotate(
            total=Sum("filed"), simple=Sum("filed", filter=Q(procedure=Procedure.SIMPLE)),
            ordinary=Sum("filed", filter=Q(procedure=Procedure.ORDINARY)), decided=Sum("decided"),
            fines=Sum("fines_decided")))
    return result


def _fact_sums(in_period, previous=None, year_before=None):
    """The aggregate expressions over `CaseFact` for the days of a period (Q; and of the periods compared)."""
    sums = {} if in_period is None else {
        "total": Sum("filed", filter=in_period),
        "simple": Sum("filed", filter=in_period & Q(procedure=Procedure.SIMPLE)),
        "ordinary": Sum("filed", filter=in_period & Q(procedure=Procedure.ORDINARY)),
        "transferred_in": Sum("filed", filter=in_period & Q(source=Source.DEPARTMENT)),
        "major": Sum("filed", filter=in_period & Q(is_major=True)),
        "decided": Sum("decided", filter=in_period),
        "penalties": Sum("penalties", filter=in_period),
        "no_penalty": Sum("no_penalty", filter=in_period),
        "warning_only": Sum("warning_only", filter=in_period),
        "fines_decided": Sum("fines_decided", filter=in_period),
        "fines_collected": Sum("fines_collected", filter=in_period),
        "paid": Sum("paid", filter=in_period),
        "days_sum": Sum("days_sum", filter=in_period),
        "days_n": Sum("days_n", filter=in_period),
    }
    if previous is not None:
        sums["previous"] = Sum("filed", filter=previous)
    if year_before is not None:
        sums["year_before"] = Sum("filed", filter=year_before)
    return sums


def _month_sums(in_period, previous=None, year_before=None):
    """The same over `CaseMonthFact` for whole months (Q); `previous` and `year_before` count the totals only."""
    sums = {} if in_period is None else {name: Sum(column, filter=in_period) for name, column in MONTH_SUMS.items()}
    if previous is not None:
        sums["previous"] = Sum("filed", filter=previous & Q(dimension="all"))
    if year_before is not None:
        sums["year_before"] = Sum("filed", filter=year_before & Q(dimension="all"))
    return sums


INT_MEASURES = ("total", "simple", "ordinary", "transferred_in", "major", "decided", "penalties", "no_penalty",
                "warning_only", "paid", "days_sum", "days_n", "previous", "year_before")


def _add(totals, row):
    for key in INT_MEASURES:
        totals[key] = totals.get(key, 0) + (row.get(key) or 0)
    for key in ("fines_decided", "fines_collected"):
        totals[key] = totals.get(key, ZERO) + (row.get(key) or ZERO)


def case_figures(*, actor, period, scope=None, today=None, overdue=None, together=None):
    """Case-handling figures for the period: a plain dict of numbers, JSON-serialisable (strings for money).

    Read from the facts: whole months from the month facts (`CaseMonthFact`, one grouped query for every count,
    sum and breakdown), the days of partial months from the daily facts (`CaseFact`: the period's grouped by
    breakdown, the compared periods' summed in one aggregate) — one for the overdue cases (a point in time, from
    the open cases' partial index; skipped when the caller passes `overdue`, the count it already has); the
    compared periods' totals and the legality reviews in one statement (`case_parts`). `together`: those two
    already read by the caller in its own statement (`aggregate_together`), as the dashboard does."""
    scope = scope or StatScope()
    as_of = period.as_of(today)
    # Year on year compares the same dates: a running period against the same days a year earlier.
    previous, year_before = period.previous(), period.year_before(as_of=as_of)
    splits = _splits({"period": period, "previous": previous, "year_before": year_before}, scope)
    totals = {}
    status_n, source_n, item_n, domain_n, items, domain_names = Counter(), Counter(), Counter(), Counter(), {}, {}

    def count_item(row, n):  # the items' and domains' names: from the label copy afterwards (ADR 0025)
        item_n[row["item_id"]] += n

    # 1a. whole months: one grouped pass over the month facts, each breakdown on its own rows
    months = {name: part[0] for name, part in splits.items() if part[0] is not None}
    if months:
        # the periods compared count the totals only: their breakdown rows are not read
        compared = _or(q for name, q in months.items() if name != "period")
        wanted = _or([q for q in (months.get("period"), compared and compared & Q(dimension="all")) if q])
        rows = (month_facts_in_scope(actor, scope).filter(wanted).order_by()
                .values("dimension", "value", "item_id")
                .annotate(**_month_sums(months.get("period"), months.get("previous"), months.get("year_before"))))
        for row in rows:
            dimension, n = row["dimension"], row.get("total") or 0
            if dimension == "all":
                _add(totals, row)
            elif n and dimension == "status":
                status_n[row["value"]] += n
            elif n and dimension == "source":
                source_n[row["value"]] += n
            elif n and dimension == "item":
                count_item(row, n)

    # 1b. the days of partial months: one grouped scan of the daily facts, status × source × item
    days = {name: part[1] for name, part in splits.items() if part[1] is not None}
    together = together if together is not None else aggregate_together(case_parts(actor, period, scope, today))
    if "compared_days" in together:
        # the periods compared (e.g. the same days a year earlier): their totals only, no breakdown to group by
        _add(totals, together["compared_days"])
    if "period" in days:
        # grouped by the item's id only: grouping tens of thousands of daily rows by the item's and domain's
        # names as well sorted them by text (a custom range: 310 → 130 ms at 1M cases)
        rows = (facts_in_scope(actor, scope).filter(days["period"]).order_by()
                .values("status", "source", "item_id")
                .annotate(**_fact_sums(days["period"])))
        for row in rows:
            _add(totals, row)
            n = row.get("total") or 0
            if not n:
                continue
            status_n[row["status"]] += n
            source_n[row["source"]] += n
            count_item(row, n)
    labels = item_labels.get(item_n)
    for pk, n in item_n.items():
        code, name, domain_code, domain_name = labels[pk]
        items[pk] = (code, name)
        domain_n[domain_code] += n
        domain_names[domain_code] = domain_name
    status_labels, source_labels = dict(Status.choices), dict(Source.choices)
    by_status = [(code, str(status_labels.get(code, code)), n) for code, n in _ordered(status_n)]
    by_source = [(code, str(source_labels.get(code, code)), n) for code, n in _ordered(source_n)]
    by_domain = [(code, domain_names[code], n) for code, n in _ordered(domain_n)]
    by_item = sorted(((items[pk][0], items[pk][1], n) for pk, n in item_n.items()),
                     key=lambda row: (-row[2], row[0]))[:10]

    # 2. overdue on the period's last day (or today while it runs)
    if overdue is None:
        overdue = cases_in_scope(actor, scope).filter(overdue_q(as_of)).count()

    # 3. legality reviews made in the period and the time each case waited for it
    review = together["reviews"]

    total = totals.get("total", 0)
    days_n = totals.get("days_n", 0)
    return {
        "total": total,
        "simple": totals.get("simple", 0),
        "ordinary": totals.get("ordinary", 0),
        "previous": totals.get("previous", 0),
        "year_before": totals.get("year_before", 0),
        "mom_pct": change_pct(total, totals.get("previous", 0)),
        "yoy_pct": change_pct(total, totals.get("year_before", 0)),
        "year_before_from": year_before.start.isoformat(),
        "year_before_to": year_before.end.isoformat(),
        "partial": period.is_partial(today),
        "domains_with_cases": len(domain_n),
        "items_with_cases": len(item_n),
        "transferred_in": totals.get("transferred_in", 0),
        "major": totals.get("major", 0),
        "by_status": by_status,
        "by_source": by_source,
        "by_domain": by_domain,
        "by_item": by_item,
        "decided": totals.get("decided", 0),
        "penalties": totals.get("penalties", 0),
        "no_penalty": totals.get("no_penalty", 0),
        "warning_only": totals.get("warning_only", 0),
        "fines_decided": str(totals.get("fines_decided", ZERO) or ZERO),
        "fines_collected": str(totals.get("fines_collected", ZERO) or ZERO),
        "paid": totals.get("paid", 0),
        "avg_days_to_decision": round(totals["days_sum"] / days_n, 1) if days_n else None,
        "overdue": overdue,
        "overdue_as_of": as_of.isoformat(),
        "reviews_approved": review["approved"],
        "reviews_returned": review["returned"],
        "avg_review_wait_days": _days(review["avg_wait_seconds"]),
    }


def case_parts(actor, period, scope=None, today=None):
    """The aggregates of `case_figures` that are one row each, for `aggregate_together`: the totals of the
    compared periods' partial months (when they have any) and the legality reviews of the period."""
    scope = scope or StatScope()
    as_of = period.as_of(today)
    splits = _splits({"previous": period.previous(), "year_before": period.year_before(as_of=as_of)}, scope)
    days = {name: part[1] for name, part in splits.items() if part[1] is not None}
    parts = {"reviews": _review_part(actor, period, scope)}
    if days:
        parts["compared_days"] = (facts_in_scope(actor, scope).filter(_or(days.values())),
                                  _fact_sums(None, days.get("previous"), days.get("year_before")))
    return parts


def _review_part(actor, period, scope):
    reviews = _scoped(Review.objects.all(), actor).filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end)
    if scope.township is not None:
        reviews = reviews.filter(case__township=scope.township)
    if scope.domain is not None:
        reviews = reviews.filter(case__item__domain=scope.domain)
    entered = (CaseEvent.objects.filter(case=OuterRef("case"), to_status__in=REVIEW_STATES,
                                        created_at__lte=OuterRef("created_at"))
               .order_by("-created_at").values("created_at")[:1])
    return reviews.annotate(entered_at=Subquery(entered)), {
        "approved": Count("pk", filter=Q(outcome=ReviewOutcome.APPROVED)),
        "returned": Count("pk", filter=Q(outcome=ReviewOutcome.RETURNED)),
        "avg_wait_seconds": Avg(Seconds(ExpressionWrapper(F("created_at") - F("entered_at"),
                                                          output_field=DurationField()))),
    }


def _days(seconds):
    """Seconds (a number, None without reviews) as days, one decimal."""
    if seconds is None:
        return None
    return round(float(seconds) / 86400, 1)


def monthly_trend(*, actor, year, scope=None):
    """Cases per month of `year` and of the year before: two lists of 12 numbers (one query on the facts)."""
    scope = scope or StatScope()
    this_year, last_year = Period.year(year), Period.year(year - 1)
    if scope.domain is None:  # whole months: the month facts' totals
        rows = (month_facts_in_scope(actor, scope).filter(dimension="all", month__gte=last_year.start,
                                                          month__lte=this_year.end, filed__gt=0)
                .order_by().values("month").annotate(n=Sum("filed")))
    else:
        rows = (facts_in_scope(actor, scope).filter(_day_in(this_year) | _day_in(last_year), filed__gt=0)
                .order_by().annotate(month=TruncMonth("day")).values("month").annotate(n=Sum("filed")))
    current, before = [0] * 12, [0] * 12
    for row in rows:
        target = current if row["month"].year == year else before
        target[row["month"].month - 1] += row["n"]
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


def staffing_figures(*, actor, scope=None, today=None, together=None):
    """Active officers by category, how many are posted to townships, valid certificates (one query; none when
    the caller read `staffing_part` with its own, `together`)."""
    figures = dict(together["staffing"] if together is not None
                   else aggregate_together({"staffing": staffing_part(actor, scope, today)})["staffing"])
    figures["posted_pct"] = round(figures["posted"] * 100 / figures["total"], 1) if figures["total"] else None
    return figures


def staffing_part(actor, scope=None, today=None):
    from django.utils import timezone

    scope = scope or StatScope()
    today = today or timezone.localdate()
    officers = _scoped(Officer.objects.filter(is_active=True), actor)
    if scope.township is not None:
        officers = officers.filter(township=scope.township)
    return officers, {
        "total": Count("pk"),
        "law_enforcement": Count("pk", filter=Q(category=Officer.Category.LAW_ENFORCEMENT)),
        "safety": Count("pk", filter=Q(category=Officer.Category.SAFETY)),
        "auxiliary": Count("pk", filter=Q(category=Officer.Category.AUXILIARY)),
        "posted": Count("pk", filter=Q(township__isnull=False)),
        "certified": Count("pk", filter=Q(certificate_number__isnull=False, certificate_expiry__gte=today)
                           & not_suspended_q(today)),
    }


def inspection_figures(*, actor, period, scope=None, together=None):
    """Inspection indicators of seed 004 for the period (one query, the inspections from `InspectionFact` and
    the joint inspections; none when the caller read `inspection_parts` with its own, `together`).

    双随机占比 random / all; 跨部门联合抽查率 random and joint / random; 联合实施率 joint / all;
    问题检出率 with problems / all; 减少企业干扰次数 the visits saved by merged joint inspections.
    """
    if together is None:
        together = aggregate_together(inspection_parts(actor, period, scope))
    figures = {key: value or 0 for key, value in together["inspections"].items()}
    merged = together["joint_inspections"]
    figures.update(joint_inspections=merged["n"], visits_saved=merged["saved"] or 0)
    # One definition per indicator (planning.indicators.INSPECTION_INDICATORS), the same numbers as the
    # planning indicator page; floats here because the figures are stored as JSON.
    figures.update({key: None if value is None else float(value) for key, value in inspection_rates(figures).items()})
    return figures


def inspection_parts(actor, period, scope=None):
    from planning.models import JointInspection

    from .models import InspectionFact

    scope = scope or StatScope()
    inspections = _scoped(InspectionFact.objects.all(), actor).filter(_day_in(period))
    joints = _scoped(JointInspection.objects.all(), actor).filter(date__gte=period.start, date__lte=period.end)
    if scope.township is not None:
        inspections = inspections.filter(township=scope.township)
        joints = joints.filter(township=scope.township)
    return {
        "inspections": (inspections, {
            "total": Sum("inspections"),
            "random": Sum("inspections", filter=Q(is_random=True)),
            "joint": Sum("inspections", filter=Q(is_joint=True)),
            "random_joint": Sum("inspections", filter=Q(is_random=True, is_joint=True)),
            "with_problems": Sum("inspections", filter=Q(has_problems=True)),
        }),
        # JointInspection's scope rule goes through a many-to-many (departments): count distinct rows.
        "joint_inspections": (joints, {"n": Count("pk", distinct=True), "saved": Sum("visits_saved")}),
    }


def township_breakdown(*, actor, period, scope=None, today=None):
    """Per township the actor may see: cases in the period (simple / ordinary) and overdue on its last day.

    Three or four queries (townships, the facts by township — whole months and the other days — the overdue
    cases by township). Bureau cases (no
    township) are left out: they belong to no township's row."""
    scope = scope or StatScope()
    as_of = period.as_of(today)
    townships = _scoped(Township.objects.order_by("code"), actor)
    if scope.township is not None:
        townships = townships.filter(pk=scope.township.pk)
    domain_only = StatScope(domain=scope.domain)
    counts = filed_by(actor=actor, scope=domain_only, period=period, by="township")
    overdue = dict(cases_in_scope(actor, domain_only).filter(overdue_q(as_of), township__isnull=False).order_by()
                   .values("township").annotate(n=Count("pk")).values_list("township", "n"))
    for township_id, n in overdue.items():
        counts.setdefault(township_id, {"total": 0, "simple": 0, "ordinary": 0})["overdue"] = n
    empty = {"total": 0, "simple": 0, "ordinary": 0, "overdue": 0}
    return [{"code": township.code, "name": township.name, **{key: counts.get(township.pk, empty).get(key) or 0
                                                              for key in empty}}
            for township in townships]


def overdue_by_township(*, actor, as_of, scope=None):
    """Overdue cases on `as_of` per township id (None: the bureau's own cases), one grouped query."""
    scope = scope or StatScope()
    return dict(cases_in_scope(actor, scope).filter(overdue_q(as_of)).order_by()
                .values("township").annotate(n=Count("pk")).values_list("township", "n"))


# Each part's aggregates are one JSON object, a function call: PostgreSQL takes at most 100 arguments (50 pairs).
MAX_TOWNSHIP_COLUMNS = 40


def _overdue_part(actor, as_of, scope, township_ids):
    """The overdue cases on `as_of`, in all and per township id, as one row of counts (`aggregate_together`)."""
    return cases_in_scope(actor, scope).filter(overdue_q(as_of)), {
        "total": Count("pk"), **{f"township_{pk}": Count("pk", filter=Q(township_id=pk)) for pk in township_ids}}


def dashboard_figures(*, actor, period, scope=None, today=None, townships=None, extra_parts=None):
    """Everything the dashboard and the leader's briefing show for a period (a month, a quarter, a year or a
    custom range of days), in at most four queries (one more for a range; one more for a 1+X hub's users): the
    month facts, the days of a partial month, the trend and township rows in one grouped pass over the facts,
    and one statement for every one-row aggregate (the compared periods, reviews,
    inspections, joint inspections, staffing, the overdue cases by township: `aggregate_together`). The same
    numbers as `case_figures`, `township_breakdown`, `monthly_trend`, `inspection_figures` and
    `staffing_figures` called one by one (tested). `townships`: the townships the actor may see in code order
    when the caller has read them already (the dashboard's township picker); read here otherwise.
    `extra_parts`: the caller's own one-row aggregates ({name: (queryset, aggregates)}), read in the same
    statement and returned under "extra"."""
    scope = scope or StatScope()
    # Whole months (a month, a quarter, a year) take the township rows from the trend's monthly pass; a custom
    # range of days (issue 13's period picker) needs one more grouped query over its days.
    whole_months = period.kind in ("month", "quarter", "year")
    as_of = period.as_of(today)
    if townships is None:
        townships = list(_scoped(Township.objects.order_by("code"), actor))
    township_ids = [township.pk for township in townships]
    # the one-row aggregates of the cases, inspections, staffing and the overdue cases: one statement
    parts = {**case_parts(actor, period, scope, today), **inspection_parts(actor, period, scope),
             "staffing": staffing_part(actor, scope, today), **(extra_parts or {})}
    if len(township_ids) <= MAX_TOWNSHIP_COLUMNS:
        parts["overdue"] = _overdue_part(actor, as_of, scope, township_ids)
    together = aggregate_together(parts)
    if "overdue" in together:
        overdue_total = together["overdue"]["total"]
        overdue = {pk: together["overdue"][f"township_{pk}"] for pk in township_ids}
    else:  # a county of more townships than one JSON object holds: one grouped query
        overdue = overdue_by_township(actor=actor, as_of=as_of, scope=scope)
        overdue_total = sum(overdue.values())
    cases = case_figures(actor=actor, period=period, scope=scope, today=today, overdue=overdue_total,
                         together=together)

    # one pass over the facts of the trend's two years: cases by month × township (simple / ordinary)
    year = period.start.year
    this_year, last_year = Period.year(year), Period.year(year - 1)
    if scope.domain is None:  # whole months: the month facts' totals
        rows = (month_facts_in_scope(actor, scope).filter(dimension="all", month__gte=last_year.start,
                                                          month__lte=this_year.end, filed__gt=0).order_by()
                .values("month", "township").annotate(n=Sum("filed"), simple=Sum("simple"),
                                                      ordinary=Sum("ordinary")))
    else:
        rows = (facts_in_scope(actor, scope).filter(_day_in(this_year) | _day_in(last_year), filed__gt=0)
                .order_by().annotate(month=TruncMonth("day")).values("month", "township").annotate(
                    n=Sum("filed"), simple=Sum("filed", filter=Q(procedure=Procedure.SIMPLE)),
                    ordinary=Sum("filed", filter=Q(procedure=Procedure.ORDINARY))))
    current, before = [0] * 12, [0] * 12
    counts = {}
    for row in rows:
        month = row["month"]
        (current if month.year == year else before)[month.month - 1] += row["n"]
        if whole_months and row["township"] is not None and period.start <= month <= period.end:
            town = counts.setdefault(row["township"], {"total": 0, "simple": 0, "ordinary": 0})
            town["total"] += row["n"]
            town["simple"] += row["simple"] or 0
            town["ordinary"] += row["ordinary"] or 0
    if not whole_months:
        for township_id, row in filed_by(actor=actor, scope=scope, period=period, by="township").items():
            if row["total"]:
                counts[township_id] = {"total": row["total"], "simple": row["simple"], "ordinary": row["ordinary"]}
    if scope.township is not None:
        townships = [township for township in townships if township.pk == scope.township.pk]
    empty = {"total": 0, "simple": 0, "ordinary": 0}
    township_rows = [{"code": township.code, "name": township.name, **counts.get(township.pk, empty),
                      "overdue": overdue.get(township.pk, 0)} for township in townships]
    return {
        "cases": cases,
        "townships": township_rows,
        "trend": {"year": year, "current": current, "previous": before},
        "inspections": inspection_figures(actor=actor, period=period, scope=scope, together=together),
        "staffing": staffing_figures(actor=actor, scope=scope, today=today, together=together),
        "extra": {name: together[name] for name in extra_parts or ()},
    }
