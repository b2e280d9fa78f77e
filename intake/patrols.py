"""Reads of the patrols: plans, records and the missed patrols (periods of a plan without a patrol)."""

from datetime import date, timedelta

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncDate
from django.utils import timezone

from enforcement.accounts import access
from enforcement.core.workdays import is_workday

from .models import Frequency, Patrol, PatrolPlan


def plans_visible_to(actor):
    return access.scope(PatrolPlan.objects.select_related("township", "zone"), actor)


def patrols_visible_to(actor):
    return access.scope(Patrol.objects.select_related("township", "zone", "plan", "recorded_by"), actor)


def plan_list(*, actor):
    return (plans_visible_to(actor).annotate(patrol_count=Count("patrols"))
            .prefetch_related("officers").order_by("township__code", "zone__code", "name"))


def _periods(plan, start, end):
    """(label, first day, last day) of the plan's periods that lie wholly in [start, end]."""
    first = max(start, plan.starts_on)
    last = min(end, plan.ends_on) if plan.ends_on else end
    periods = []
    if first > last:
        return periods
    if plan.frequency in (Frequency.DAILY, Frequency.WORKDAYS):
        day = first
        while day <= last:
            if plan.frequency == Frequency.DAILY or is_workday(day):
                periods.append((day.isoformat(), day, day))
            day += timedelta(days=1)
    elif plan.frequency == Frequency.WEEKLY:
        monday = first - timedelta(days=first.weekday())
        if monday < first:
            monday += timedelta(days=7)
        while monday + timedelta(days=6) <= last:
            iso = monday.isocalendar()
            periods.append((f"{iso.year}-W{iso.week:02d}", monday, monday + timedelta(days=6)))
            monday += timedelta(days=7)
    else:
        month = date(first.year, first.month, 1)
        if month < first:
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        while True:
            following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
            if following - timedelta(days=1) > last:
                break
            periods.append((f"{month:%Y-%m}", month, following - timedelta(days=1)))
            month = following
    return periods


def missed_patrols(*, actor, start=None, end=None, plans=None):
    """[(plan, label, first day, last day)] of the periods without a patrol, up to yesterday (two queries)."""
    today = timezone.localdate()
    end = min(end or today - timedelta(days=1), today - timedelta(days=1))
    start = start or end - timedelta(days=13)
    plans = list(plans if plans is not None else plans_visible_to(actor).filter(is_active=True))
    if not plans or start > end:
        return []
    done = {}
    rows = (Patrol.objects.filter(plan__in=[p.pk for p in plans], started_at__date__gte=start,
                                  started_at__date__lte=end)
            .annotate(day=TruncDate("started_at")).values_list("plan_id", "day").distinct())
    for plan_id, day in rows:
        done.setdefault(plan_id, set()).add(day)
    missed = []
    for plan in plans:
        days = done.get(plan.pk, set())
        for label, first, last in _periods(plan, start, end):
            if not any(first <= d <= last for d in days):
                missed.append((plan, label, first, last))
    missed.sort(key=lambda m: (m[2], m[0].township.code, m[0].zone.code))
    return missed


def plan_patrols(*, actor, plan):
    return (patrols_visible_to(actor).filter(plan=plan).prefetch_related(
        Prefetch("officers"), "findings").order_by("-started_at", "-id"))
