"""The command centre's figures by township and month, read from the daily rollup (`DailyRollup`).

Response time (median, p90: dispatch → officers on the spot), on-time rate, clue-to-case rate, merged
duplicates, warning rectification rate (已整改 / re-checked), reply on-time rate, satisfaction and the share
of first item proposals accepted. A clue counts in the month it was received. The dashboard and the
monthly PDF include these as their own section (templates intake/_dashboard_section.html and
intake/_report_section.html), so the dashboard's and the report's own code stay untouched.
"""

from collections import defaultdict

from enforcement.accounts import access
from townships.models import Township

from .models import DailyRollup

COUNTS = ("received", "merged", "dispatched", "arrived", "arrived_on_time", "closed", "with_case", "warnings",
          "warnings_rechecked", "warnings_rectified", "replies_due", "replies_done", "replies_on_time",
          "replies_satisfied", "triaged", "item_accepted")


def _percentile(ordered, p):
    if not ordered:
        return None
    index = max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))
    return ordered[int(index)]


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _merge(rows):
    totals = dict.fromkeys(COUNTS, 0)
    minutes = []
    for row in rows:
        for key in COUNTS:
            totals[key] += row[key]
        minutes.extend(row["response_minutes"])
    minutes.sort()
    answered = totals["received"] - totals["merged"]
    return {
        **totals,
        "response_median_minutes": _percentile(minutes, 50),
        "response_p90_minutes": _percentile(minutes, 90),
        "on_time_rate": _rate(totals["arrived_on_time"], totals["arrived"]),
        "clue_to_case_rate": _rate(totals["with_case"], answered),
        "warning_rectification_rate": _rate(totals["warnings_rectified"], totals["warnings_rechecked"]),
        "reply_on_time_rate": _rate(totals["replies_on_time"], totals["replies_due"]),
        "satisfaction_rate": _rate(totals["replies_satisfied"], totals["replies_done"]),
        "proposal_acceptance_rate": _rate(totals["item_accepted"], totals["triaged"]),
    }


def _rows(*, actor, start, end, township):
    qs = DailyRollup.objects.filter(day__gte=start, day__lte=end)
    if actor is not None:
        qs = access.scope(qs, actor)
    if township is not None:
        qs = qs.filter(township=township)
    return list(qs.values("day", "township_id", "response_minutes", "refreshed_at", *COUNTS))


def intake_figures(*, actor, start, end, township=None):
    """Totals, per township and per month for start..end. `actor` None: the system (monthly report)."""
    rows = _rows(actor=actor, start=start, end=end, township=township)
    by_township, by_month = defaultdict(list), defaultdict(list)
    for row in rows:
        by_township[row["township_id"]].append(row)
        by_month[row["day"].strftime("%Y-%m")].append(row)
    names = {t.id: (t.code, t.name) for t in Township.objects.filter(id__in=[k for k in by_township if k])}
    townships = []
    for township_id, group in by_township.items():
        code, name = names.get(township_id, ("", ""))
        townships.append({"code": code, "name": name, **_merge(group)})
    townships.sort(key=lambda r: (r["code"] == "", r["code"]))
    return {
        "start": start.isoformat(), "end": end.isoformat(),
        "total": _merge(rows),
        "townships": townships,
        "months": [{"month": month, **_merge(group)} for month, group in sorted(by_month.items())],
        "as_of": max((r["refreshed_at"] for r in rows), default=None),
    }


def report_section(*, period, township=None):
    """The figures of the monthly report (JSON-ready): no per-row data, no personal data."""
    figures = intake_figures(actor=None, start=period.start, end=period.end, township=township)
    figures["as_of"] = figures["as_of"].isoformat() if figures["as_of"] else None
    return figures
