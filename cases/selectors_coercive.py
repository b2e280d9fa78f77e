"""Reads of coercive measures (查封 / 扣押 / 先行登记保存): the county list with its overdue filter, a case's
measures, those due soon, and the monthly figures of the county forms."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from enforcement.accounts import access

from .models_coercive import IN_FORCE, CoerciveKind, CoerciveMeasure, CoerciveStatus

DUE_SOON_DAYS = 7


def measures(*, actor, filters=None, today=None):
    """Measures in the actor's scope, the overdue and soonest deadlines first. Filters: `overdue` (in force past
    the deadline, art. 25 / 56), `in_force`, `kind`, `status`."""
    today = today or timezone.localdate()
    filters = filters or {}
    qs = access.scope(CoerciveMeasure.objects.all(), actor).select_related("case__township", "case__item")
    if filters.get("overdue") in ("1", "true", True):
        qs = qs.filter(status__in=IN_FORCE, deadline__lt=today)
    elif filters.get("in_force") in ("1", "true", True):
        qs = qs.filter(status__in=IN_FORCE)
    if filters.get("kind") in CoerciveKind.values:
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status") in CoerciveStatus.values:
        qs = qs.filter(status=filters["status"])
    return qs.order_by("deadline", "id")


def due_measures(*, actor, today=None, days=DUE_SOON_DAYS):
    """Measures in force whose deadline has passed or comes within `days` (the deadline views and desks)."""
    today = today or timezone.localdate()
    return (access.scope(CoerciveMeasure.objects.filter(status__in=IN_FORCE,
                                                        deadline__lte=today + datetime.timedelta(days=days)), actor)
            .select_related("case__township", "case__item").order_by("deadline", "id"))


def overdue_count(*, actor, today=None):
    today = today or timezone.localdate()
    return access.scope(CoerciveMeasure.objects.filter(status__in=IN_FORCE, deadline__lt=today), actor).count()


def case_measures(*, actor, case):
    return (access.scope(CoerciveMeasure.objects.filter(case=case), actor).prefetch_related("items")
            .select_related("extension_approved_by").order_by("number"))


def coercive_figures(*, start, end, township=None):
    """The county forms' figures for [start, end]: measures taken by kind, extended, released, handled, and
    those overdue on `end` (in force past the deadline: not released, not decided, art. 25 / 56)."""
    qs = CoerciveMeasure.objects.all()
    if township is not None:
        qs = qs.filter(case__township=township)
    taken = dict(qs.filter(decided_on__gte=start, decided_on__lte=end).order_by().values_list("kind")
                 .annotate(n=Count("id")).values_list("kind", "n"))
    figures = qs.aggregate(
        extended=Count("id", filter=Q(extended_on__gte=start, extended_on__lte=end)),
        released=Count("id", filter=Q(released_on__gte=start, released_on__lte=end)),
        handled=Count("id", filter=Q(handled_on__gte=start, handled_on__lte=end)),
        # in force on `end` and past the deadline: neither released nor decided by then
        overdue=Count("id", filter=Q(decided_on__lte=end, deadline__lt=end)
                      & (Q(released_on__isnull=True) | Q(released_on__gt=end))
                      & (Q(handled_on__isnull=True) | Q(handled_on__gt=end))),
    )
    return {"taken": {kind: taken.get(kind, 0) for kind in CoerciveKind.values},
            "taken_total": sum(taken.values()), **figures}
