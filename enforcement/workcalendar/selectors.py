"""Reads of the holiday calendar (reference data: every business role, through access.scope)."""

import datetime

from django.utils import timezone

from enforcement.accounts import access
from enforcement.core import workdays

from .models import CalendarDay, CalendarYear


def day_list(*, actor, year):
    return access.scope(CalendarDay.objects.filter(year=year), actor).select_related("updated_by").order_by("date")


def year_list(*, actor):
    return access.scope(CalendarYear.objects.all(), actor).select_related("confirmed_by").order_by("-year")


def coverage(*, today=None):
    """What the banner and the page say: the uncovered years of the next 90 days."""
    today = today or timezone.localdate()
    return {"missing": workdays.coverage_gap(today), "until": today + datetime.timedelta(
        days=workdays.COVERAGE_HORIZON_DAYS), "days": workdays.COVERAGE_HORIZON_DAYS}
