from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from enforcement.accounts import access

from .. import indicators
from .common import date_param, int_param


@login_required
def indicator_page(request):
    """Indicators per department / township / month, and the weekly ranking (一周一晾晒)."""
    access.require(request.user, "plan.view")
    today = timezone.localdate()
    year = int_param(request, "year", today.year, 2000, 2100)
    month = int_param(request, "month", 0, 0, 12) or None
    group_by = request.GET.get("group") if request.GET.get("group") in indicators.GROUPS else "department"
    rows, total = indicators.year_indicators(actor=request.user, year=year, month=month, group_by=group_by)
    rank_group = "township" if request.GET.get("rank") == "township" else "department"
    monday, ranking = indicators.weekly_ranking(actor=request.user, day=date_param(request, "week", today),
                                                group_by=rank_group)
    definitions = indicators.INSPECTION_INDICATORS  # the one definition: names shared with dashboard and PDF
    return render(request, "planning/indicators.html", {
        "rows": [(row, [getattr(row, d.row_attr) for d in definitions]) for row in rows],
        "total": total, "total_rates": [(d, getattr(total, d.row_attr)) for d in definitions],
        "definitions": definitions, "year": year, "month": month, "group_by": group_by, "months": range(1, 13),
        "ranking": ranking, "monday": monday, "rank_group": rank_group,
    })
