"""The command centre's figures by township and month, read from the rollups: whole months from `MonthRollup`,
the days of partial months from `DailyRollup` (ADR 0023).

Response time (median, p90: dispatch → officers on the spot), on-time rate, clue-to-case rate, merged
duplicates, warning rectification rate (已整改 / re-checked), reply on-time rate, satisfaction and the share
of first item proposals accepted. A clue counts in the month it was received. The dashboard and the
monthly PDF include these as their own section (templates intake/_dashboard_section.html and
intake/_report_section.html), so the dashboard's and the report's own code stay untouched.
"""


from django.db.models import Q

from enforcement.accounts import access
from enforcement.reports.periods import month_split

from .models import DailyRollup, MonthRollup

COUNTS = ("received", "merged", "dispatched", "arrived", "arrived_on_time", "closed", "with_case", "warnings",
          "warnings_rechecked", "warnings_rectified", "replies_due", "replies_done", "replies_on_time",
          "replies_satisfied", "triaged", "item_accepted")


def _percentile(histogram, p):
    """The p-th percentile of the minutes counted in `histogram` ({minute: clues}): the value at position
    ceil(n·p/100) of the n minutes in order (nearest rank), as if they were listed one by one."""
    n = sum(histogram.values())
    if not n:
        return None
    rank, seen = min(n, max(1, -(-n * p // 100))), 0
    for minute in sorted(histogram):
        seen += histogram[minute]
        if seen >= rank:
            return minute
    return None  # not reached: the counts add up to n


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


class _Group:
    """The counts and the response-minute histogram of a set of rollup rows."""

    __slots__ = ("histogram", "totals")

    def __init__(self):
        self.totals = dict.fromkeys(COUNTS, 0)
        self.histogram = {}

    def add_counts(self, row):
        totals = self.totals
        for key in COUNTS:
            totals[key] += row[key]

    def add_group(self, other):
        self.add_counts(other.totals)
        histogram = self.histogram
        for minute, n in other.histogram.items():
            histogram[minute] = histogram.get(minute, 0) + n

    def figures(self):
        totals = self.totals
        answered = totals["received"] - totals["merged"]
        return {
            **totals,
            "response_median_minutes": _percentile(self.histogram, 50),
            "response_p90_minutes": _percentile(self.histogram, 90),
            "on_time_rate": _rate(totals["arrived_on_time"], totals["arrived"]),
            "clue_to_case_rate": _rate(totals["with_case"], answered),
            "warning_rectification_rate": _rate(totals["warnings_rectified"], totals["warnings_rechecked"]),
            "reply_on_time_rate": _rate(totals["replies_on_time"], totals["replies_due"]),
            "satisfaction_rate": _rate(totals["replies_satisfied"], totals["replies_done"]),
            "proposal_acceptance_rate": _rate(totals["item_accepted"], totals["triaged"]),
        }


def _scoped(queryset, *, actor, township):
    if actor is not None:
        queryset = access.scope(queryset, actor)
    if township is not None:
        queryset = queryset.filter(township=township)
    return queryset.order_by()


ROW_FIELDS = ("township_id", "township__code", "township__name", "refreshed_at", *COUNTS)


def intake_figures(*, actor, start, end, township=None):
    """Totals, per township and per month for start..end. `actor` None: the system (monthly report).

    Whole months are read from the month rows (`MonthRollup`), the days of partial months from the daily rows:
    one query, two when the range does not start and end on a month's bounds."""
    months, days = month_split(start, end)
    by_township, by_month, names, as_of = {}, {}, {}, None

    def groups(row, month_key):
        township_id = row["township_id"]
        group = by_township.get(township_id)
        if group is None:
            group = by_township[township_id] = _Group()
            names[township_id] = (row["township__code"] or "", row["township__name"] or "")
        month = by_month.get(month_key)
        if month is None:
            month = by_month[month_key] = _Group()
        group.add_counts(row)
        month.add_counts(row)
        return group.histogram, month.histogram

    if months is not None:
        rows = _scoped(MonthRollup.objects.filter(month__gte=months[0], month__lte=months[1]),
                       actor=actor, township=township).values("month", "response_histogram", *ROW_FIELDS)
        for row in rows:
            by_town, by_mon = groups(row, row["month"].strftime("%Y-%m"))
            for minute, n in row["response_histogram"]:
                by_town[minute] = by_town.get(minute, 0) + n
                by_mon[minute] = by_mon.get(minute, 0) + n
            if as_of is None or row["refreshed_at"] > as_of:
                as_of = row["refreshed_at"]
    if days:
        in_days = None
        for first, last in days:
            q = Q(day__gte=first, day__lte=last)
            in_days = q if in_days is None else in_days | q
        rows = _scoped(DailyRollup.objects.filter(in_days), actor=actor, township=township).values(
            "day", "response_minutes", *ROW_FIELDS)
        for row in rows:
            by_town, by_mon = groups(row, row["day"].strftime("%Y-%m"))
            for minute in row["response_minutes"]:
                by_town[minute] = by_town.get(minute, 0) + 1
                by_mon[minute] = by_mon.get(minute, 0) + 1
            if as_of is None or row["refreshed_at"] > as_of:
                as_of = row["refreshed_at"]

    total = _Group()
    for group in by_township.values():
        total.add_group(group)
    townships = [{"code": names[township_id][0], "name": names[township_id][1], **group.figures()}
                 for township_id, group in by_township.items()]
    townships.sort(key=lambda r: (r["code"] == "", r["code"]))
    return {
        "start": start.isoformat(), "end": end.isoformat(),
        "total": total.figures(),
        "townships": townships,
        "months": [{"month": month, **group.figures()} for month, group in sorted(by_month.items())],
        "as_of": as_of,
    }


def report_section(*, period, township=None):
    """The figures of the monthly report (JSON-ready): no per-row data, no personal data."""
    figures = intake_figures(actor=None, start=period.start, end=period.end, township=township)
    figures["as_of"] = figures["as_of"].isoformat() if figures["as_of"] else None
    return figures
