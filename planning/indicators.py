"""Planning indicators, computed from records (never stored by hand). Constant query counts.

Definitions (per department, township or month over a date range):
- plan completion (计划完成率): week tasks done / week tasks due (dated on or before the end, or today);
- joint share (联合实施率): inspections carried out jointly by several departments / inspections;
- problem rate (问题检出率): inspections with at least one failed check point / inspections;
- random share (双随机占比): double-random inspections / inspections;
- cross-department random rate (跨部门联合抽查率): random inspections carried out jointly / random inspections;
- visits saved (减少企业干扰次数): the sum of `visits_saved` of joint inspections (credited to the lead department).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts import access
from townships.models import Department, Township

from .models import Inspection, JointInspection, WeekTask

GROUPS = ("department", "township", "month")


def rate(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Definition:
    """One indicator, defined once: the planning indicator page, the dashboard, the monthly PDF and the exports
    all take its name and its value from here (docs/glossary.md names each `key`)."""

    key: str            # the figures key of enforcement.reports (random_pct, …)
    row_attr: str       # the IndicatorRow property
    name: object        # the label shown everywhere
    numerator: str      # count names of enforcement.reports.statistics.inspection_figures
    denominator: str
    explanation: object

    def value(self, counts):
        return rate(counts.get(self.numerator) or 0, counts.get(self.denominator) or 0)


INSPECTION_INDICATORS = (
    Definition("random_pct", "random_share", _("Double-random share (双随机占比)"), "random", "total",
               _("double-random inspections ÷ all inspections")),
    Definition("random_joint_pct", "cross_department_rate", _("Cross-department random rate (跨部门联合抽查率)"),
               "random_joint", "random",
               _("double-random inspections carried out jointly by several departments ÷ double-random inspections")),
    Definition("joint_pct", "joint_share", _("Joint implementation rate (联合实施率)"), "joint", "total",
               _("inspections carried out jointly by several departments ÷ all inspections")),
    Definition("problem_pct", "problem_rate", _("Problem detection rate (问题检出率)"), "with_problems", "total",
               _("inspections with at least one failed check point ÷ all inspections")),
)
BY_KEY = {d.key: d for d in INSPECTION_INDICATORS}


def inspection_rates(counts):
    """{key: percentage (Decimal, 2 places) or None} of every inspection indicator from the counts."""
    return {d.key: d.value(counts) for d in INSPECTION_INDICATORS}


@dataclass
class IndicatorRow:
    key: object
    label: str
    code: str = ""
    inspections: int = 0
    random: int = 0
    joint: int = 0
    random_joint: int = 0
    problems: int = 0
    tasks_due: int = 0
    tasks_done: int = 0
    joint_inspections: int = 0
    visits_saved: int = 0

    @property
    def plan_completion(self):
        return rate(self.tasks_done, self.tasks_due)

    def counts(self):
        return {"total": self.inspections, "random": self.random, "joint": self.joint,
                "random_joint": self.random_joint, "with_problems": self.problems}

    @property
    def joint_share(self):
        return BY_KEY["joint_pct"].value(self.counts())

    @property
    def problem_rate(self):
        return BY_KEY["problem_pct"].value(self.counts())

    @property
    def random_share(self):
        return BY_KEY["random_pct"].value(self.counts())

    @property
    def cross_department_rate(self):
        return BY_KEY["random_joint_pct"].value(self.counts())

    def as_dict(self):
        return {"key": self.key, "code": self.code, "label": self.label, "inspections": self.inspections,
                "random": self.random, "joint": self.joint, "random_joint": self.random_joint,
                "problems": self.problems, "tasks_due": self.tasks_due, "tasks_done": self.tasks_done,
                "joint_inspections": self.joint_inspections, "visits_saved": self.visits_saved,
                "plan_completion": self.plan_completion, "joint_share": self.joint_share,
                "problem_rate": self.problem_rate, "random_share": self.random_share,
                "cross_department_rate": self.cross_department_rate}


def _key_expr(group_by, date_field, department_field, township_field="township"):
    if group_by == "department":
        return F(department_field)
    if group_by == "township":
        return F(township_field)
    return ExtractMonth(date_field)


def indicator_rows(*, actor, start, end, group_by="department", today=None):
    """Indicator rows for [start, end], grouped by department, township or month. Five queries."""
    if group_by not in GROUPS:
        raise ValueError(group_by)
    today = today or timezone.localdate()
    rows = {}

    def row(key):
        if key not in rows:
            rows[key] = IndicatorRow(key=key, label="")
        return rows[key]

    inspections = (access.scope(Inspection.objects.all(), actor).filter(inspected_on__range=(start, end))
                   .annotate(k=_key_expr(group_by, "inspected_on", "department")).values("k")
                   .annotate(total=Count("id"), random=Count("id", filter=Q(is_random=True)),
                             joint=Count("id", filter=Q(is_joint=True)),
                             random_joint=Count("id", filter=Q(is_random=True, is_joint=True)),
                             problems=Count("id", filter=Q(has_problems=True))).order_by())
    for values in inspections:
        target = row(values["k"])
        target.inspections, target.random, target.joint = values["total"], values["random"], values["joint"]
        target.random_joint, target.problems = values["random_joint"], values["problems"]

    due_until = min(end, today)
    tasks = (access.scope(WeekTask.objects.all(), actor).filter(date__range=(start, due_until))
             .annotate(k=_key_expr(group_by, "date", "department")).values("k")
             .annotate(due=Count("id"), done=Count("id", filter=Q(done_at__isnull=False))).order_by())
    for values in tasks:
        target = row(values["k"])
        target.tasks_due, target.tasks_done = values["due"], values["done"]

    joints = (access.scope(JointInspection.objects.all(), actor).filter(date__range=(start, end))
              .annotate(k=_key_expr(group_by, "date", "lead_department")).values("k")
              .annotate(n=Count("id"), saved=Sum("visits_saved")).order_by())
    for values in joints:
        target = row(values["k"])
        target.joint_inspections, target.visits_saved = values["n"], values["saved"] or 0

    rows.pop(None, None)
    _label(rows, group_by)
    return sorted(rows.values(), key=lambda r: (r.code if group_by != "month" else r.key))


def _label(rows, group_by):
    if group_by == "month":
        for key, target in rows.items():
            target.label = f"{key}月"
            target.code = str(key)
        return
    model = Department if group_by == "department" else Township
    for obj in model.objects.filter(pk__in=list(rows)).only("pk", "code", "name"):
        rows[obj.pk].label, rows[obj.pk].code = obj.name, obj.code


def totals(rows):
    total = IndicatorRow(key="total", label="")
    for target in rows:
        for name in ("inspections", "random", "joint", "random_joint", "problems", "tasks_due", "tasks_done",
                     "joint_inspections", "visits_saved"):
            setattr(total, name, getattr(total, name) + getattr(target, name))
    return total


def year_indicators(*, actor, year, group_by="department", month=None, today=None):
    if month:
        start = date(year, month, 1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    rows = indicator_rows(actor=actor, start=start, end=end, group_by=group_by, today=today)
    return rows, totals(rows)


def weekly_ranking(*, actor, day, group_by="department", today=None):
    """一周一晾晒: departments or townships of the week, best plan completion first."""
    monday = day - timedelta(days=day.weekday())
    rows = indicator_rows(actor=actor, start=monday, end=monday + timedelta(days=6), group_by=group_by,
                          today=today or monday + timedelta(days=6))
    return monday, sorted(rows, key=lambda r: (-(r.plan_completion or Decimal(-1)), -r.inspections, r.code))
