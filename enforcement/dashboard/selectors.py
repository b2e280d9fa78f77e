"""What the dashboard shows: the statistics service's figures for the actor, period and scope."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from enforcement.core.replica import replica_reads
from enforcement.reports.statistics import StatScope, dashboard_figures


def case_list_url(**filters):
    """A link to the case list page with the given filters (the drill-down), or None without that page.

    The case list page's query parameters (cases/views.py FILTER_KEYS): township and domain (codes),
    procedure, status, case_date_from / case_date_to (YYYY-MM-DD, the statistics' case date) and
    overdue=1 (past the deadline today), overdue_on=YYYY-MM-DD (past the deadline on that day, undecided then).
    """
    try:
        base = reverse("cases:list")
    except NoReverseMatch:
        return None
    query = {key: value for key, value in filters.items() if value not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def _overdue_filter(period, today):
    """The case list's filter for the cases the overdue figure counts: overdue today, or on the period's last day."""
    as_of = period.as_of(today)
    return {"overdue": 1} if as_of >= (today or timezone.localdate()) else {"overdue_on": as_of.isoformat()}


@replica_reads()  # figures only: read on the replica when one is configured
def dashboard_data(*, actor, period, township=None, domain=None, today=None, townships=None, extra_parts=None):
    """`townships`: the townships the actor may see in code order, when the caller has read them (the picker's);
    `extra_parts`: the page's own one-row aggregates, read with the figures' (`dashboard_figures`)."""
    scope = StatScope(township=township, domain=domain)
    figures = dashboard_figures(actor=actor, period=period, scope=scope, today=today, townships=townships,
                                extra_parts=extra_parts)
    cases = figures["cases"]
    base = {
        "township": township.code if township else None,
        "domain": domain.code if domain else None,
        "case_date_from": period.start.isoformat(),
        "case_date_to": period.end.isoformat(),
    }
    scope_only = {"township": base["township"], "domain": base["domain"]}
    links = {
        "all": case_list_url(**base),
        "simple": case_list_url(**base, procedure="simple"),
        "ordinary": case_list_url(**base, procedure="ordinary"),
        # the overdue figure follows the period: overdue on its last day (today while it runs)
        "overdue": case_list_url(**scope_only, **_overdue_filter(period, today)),
    }
    rows = {
        "status": [(label, n, case_list_url(**base, status=code)) for code, label, n in cases["by_status"]],
        # the case list has no source filter: no drill-down for sources
        "source": [(label, n, None) for _code, label, n in cases["by_source"]],
        "domain": [(name, n, case_list_url(**{**base, "domain": code})) for code, name, n in cases["by_domain"]],
        "item": [(f"{name}", n, code) for code, name, n in cases["by_item"]],
    }
    townships = figures["townships"]
    for row in townships:
        row["overdue_url"] = case_list_url(township=row["code"], domain=base["domain"],
                                           **_overdue_filter(period, today))
    return {
        "scope": scope,
        "townships": townships,
        "cases": cases,
        "links": links,
        "rows": rows,
        "inspections": figures["inspections"],
        "staffing": figures["staffing"],
        "trend": figures["trend"],
        "extra": figures["extra"],
    }
