from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from enforcement.accounts import access
from enforcement.reports import selectors as report_selectors
from enforcement.workcalendar.selectors import coverage as calendar_coverage
from planning.indicators import INSPECTION_INDICATORS

from .desks import desk_data
from .forms import DashboardFilterForm
from .selectors import dashboard_data


@login_required
def home(request):
    """Each role's desk: its own work first (issue 13). A role without a desk (the auditor) opens the first page
    of its menu."""
    data = desk_data(actor=request.user)
    if data is None:
        items = access.navigation_for(request.user)
        return redirect(items[0]["url"] if items else "accounts:devices")
    return render(request, f"dashboard/desk/{data['desk']}.html", {"desk": data})


@login_required
def index(request):
    """Leadership dashboard: figures and charts for a period and a township, drill-down to the case list."""
    access.require(request.user, "dashboard.view")
    form = DashboardFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    # the latest finished monthly report of the scope: its month, read with the figures
    report_part = report_selectors.latest_report_part(actor=request.user, township=filters["township"])
    data = dashboard_data(actor=request.user, townships=form.townships(), **filters,
                          extra_parts={"latest_report": report_part} if report_part else None)
    latest_report = report_selectors.latest_report(data["extra"].get("latest_report"), township=filters["township"])
    period = filters["period"]
    charts = {
        "trend": {"labels": [f"{m}月" for m in range(1, 13)],
                  "current": data["trend"]["current"], "previous": data["trend"]["previous"],
                  "current_label": f"{data['trend']['year']}年", "previous_label": f"{data['trend']['year'] - 1}年"},
        "domains": {"labels": [name for _c, name, _n in data["cases"]["by_domain"][:12]],
                    "values": [n for _c, _name, n in data["cases"]["by_domain"][:12]]},
        "sources": {"labels": [label for _c, label, _n in data["cases"]["by_source"]],
                    "values": [n for _c, _label, n in data["cases"]["by_source"]]},
    }
    return render(request, "dashboard/index.html", {
        "form": form, "period": period, "data": data, "cases": data["cases"], "links": data["links"],
        "inspections": data["inspections"], "staffing": data["staffing"], "charts": charts,
        "inspection_indicators": [(d.name, data["inspections"].get(d.key), d.explanation)
                                  for d in INSPECTION_INDICATORS],
        "township": filters["township"], "domain": filters["domain"], "latest_report": latest_report,
        # art. 85: bureau staff and administrators maintain the holiday calendar; they see when it runs out
        "calendar_coverage": calendar_coverage() if access.can(request.user, "calendar.manage") else None,
        "can_manage_calendar": access.can(request.user, "calendar.manage"),
    })
