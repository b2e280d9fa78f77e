"""Working days (行政处罚法 art. 85): the short limits of 2, 3, 5 and 7 days exclude public holidays.

The days off and the make-up working days (调休) come from the calendar the bureau maintains
(`enforcement.workcalendar`: loaded from the State Council's annual notice, seeded from the `chinese_calendar`
package). A year is *covered* when the table holds its official data (a `CalendarYear` row) or, for a year the
table does not hold, when the package knows it. In a year that is not covered only weekends are days off and
the result is **provisional**: never silently — `deadline()` says so, `strict=True` raises
`CalendarNotCovered`, every such computation is logged as a warning, `manage.py check` warns when the next
90 days are not covered and the staff dashboard shows a banner (docs/adr/0013-holiday-calendar.md).

Reads cost one primary-key query (the calendar's revision token); the days themselves are memoised per process
by that token, so a change in any process is seen by the next computation everywhere.
"""

import datetime
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from django.db import DatabaseError

logger = logging.getLogger(__name__)

COVERAGE_HORIZON_DAYS = 90
_MEMO_SIZE = 4


class CalendarNotCovered(Exception):
    """A working-day count reached a year without official holiday data."""

    def __init__(self, years):
        self.years = sorted(years)
        super().__init__(f"no official holiday calendar for {', '.join(map(str, self.years))}")


@dataclass(frozen=True)
class Snapshot:
    days: dict  # date -> "holiday" | "workday"
    table_years: frozenset
    covered_years: frozenset


@dataclass(frozen=True)
class Deadline:
    """A date computed in working days; `provisional` when a year it crossed had no official calendar."""

    date: datetime.date
    uncovered_years: tuple = ()

    @property
    def provisional(self):
        return bool(self.uncovered_years)


_lock = threading.Lock()
_memo = OrderedDict()  # revision token -> Snapshot
_warned = set()


@lru_cache(maxsize=1)
def package_days():
    """The `chinese_calendar` package's data: ({date: (kind, Chinese name)}, years it covers)."""
    from chinese_calendar import constants

    chinese = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    days = {day: ("holiday", chinese.get(name, name)) for day, name in constants.holidays.items()}
    days.update({day: ("workday", chinese.get(name, name)) for day, name in constants.workdays.items()})
    first, last = min(constants.holidays).year, max(constants.holidays).year
    return days, frozenset(range(first, last + 1))


def _load():
    from enforcement.workcalendar.models import CalendarDay, CalendarYear

    table_years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    days = {}
    pkg, pkg_years = package_days()
    for day, (kind, _name) in pkg.items():
        if day.year not in table_years:
            days[day] = kind
    days.update(dict(CalendarDay.objects.values_list("date", "kind")))
    return Snapshot(days=days, table_years=table_years, covered_years=table_years | pkg_years)


def snapshot():
    """The calendar as of the current revision (one query when memoised)."""
    from enforcement.workcalendar.models import CalendarRevision

    token = CalendarRevision.objects.values_list("token", flat=True).first()
    with _lock:
        if token in _memo:
            _memo.move_to_end(token)
            return _memo[token]
    loaded = _load()
    with _lock:
        _memo[token] = loaded
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return loaded


def reset():
    """Forget the memo (after a write in this process; tests)."""
    with _lock:
        _memo.clear()
        _warned.clear()


def _warn(years, context):
    key = (tuple(sorted(years)), context)
    if key not in _warned:
        _warned.add(key)
        logger.warning("Working days %s reach %s, a year without an official holiday calendar: Monday-Friday "
                       "used, the result is provisional. Load the State Council's notice at /calendar/.",
                       context, ", ".join(map(str, sorted(years))))


def _is_workday(snap, day):
    kind = snap.days.get(day)
    if kind is not None:
        return kind == "workday"
    return day.weekday() < 5


def is_covered(day, snap=None):
    return day.year in (snap or snapshot()).covered_years


def uncovered_years(start, end, snap=None):
    """Years in [start, end] without official data."""
    snap = snap or snapshot()
    return tuple(year for year in range(start.year, end.year + 1) if year not in snap.covered_years)


def coverage_gap(today=None, days=COVERAGE_HORIZON_DAYS):
    """Years of the next `days` days (from today) not covered by official data; empty when all are."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return uncovered_years(today, today + datetime.timedelta(days=days))


def is_workday(day, *, strict=False):
    """Is `day` an official working day in mainland China? In an uncovered year: Mon–Fri, logged (or raises)."""
    snap = snapshot()
    if day.year not in snap.covered_years:
        if strict:
            raise CalendarNotCovered([day.year])
        _warn([day.year], f"on {day:%Y-%m-%d}")
    return _is_workday(snap, day)


def deadline(start, days):
    """The date `days` working days after `start` (the start day itself is not counted), with its coverage."""
    if days < 0:
        raise ValueError("days must not be negative")
    snap = snapshot()
    current = start
    remaining = days
    while remaining:
        current += datetime.timedelta(days=1)
        if _is_workday(snap, current):
            remaining -= 1
    missing = uncovered_years(start + datetime.timedelta(days=1), current, snap) if days else ()
    if missing:
        _warn(missing, f"from {start:%Y-%m-%d} ({days} working days)")
    return Deadline(current, missing)


def add_workdays(start, days, *, strict=False):
    """The date `days` working days after `start`; raises CalendarNotCovered with strict=True in an uncovered
    year, otherwise logs a warning there (use `deadline()` to show the date as provisional)."""
    result = deadline(start, days)
    if strict and result.provisional:
        raise CalendarNotCovered(result.uncovered_years)
    return result.date


def workdays_between(start, end, *, strict=False):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    snap = snapshot()
    missing = uncovered_years(start + datetime.timedelta(days=1), end, snap)
    if missing:
        if strict:
            raise CalendarNotCovered(missing)
        _warn(missing, f"between {start:%Y-%m-%d} and {end:%Y-%m-%d}")
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if _is_workday(snap, current):
            count += 1
    return count


def is_provisional(day):
    """For display: is a deadline on `day` computed without official data for its year? False when unknown."""
    if day is None:
        return False
    try:
        return not is_covered(day)
    except DatabaseError:
        return False
