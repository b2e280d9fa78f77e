"""Working days (行政处罚法 art. 85): the short limits of 2, 3, 5 and 7 days exclude public holidays.

One function family on the maintained `chinese_calendar` package (official holidays and 调休 make-up
working days). Settings EXTRA_HOLIDAYS / EXTRA_WORKDAYS (ISO dates) add days the package does not know
yet; for a year the package does not cover at all, weekends are the only days off.
"""

import datetime
from functools import lru_cache

from django.conf import settings

import chinese_calendar


@lru_cache(maxsize=8)
def _overrides(holidays, workdays):
    return ({datetime.date.fromisoformat(d) for d in holidays if d},
            {datetime.date.fromisoformat(d) for d in workdays if d})


def is_workday(day):
    """Is `day` an official working day in mainland China?"""
    holidays, workdays = _overrides(tuple(getattr(settings, "EXTRA_HOLIDAYS", ()) or ()),
                                    tuple(getattr(settings, "EXTRA_WORKDAYS", ()) or ()))
    if day in workdays:
        return True
    if day in holidays:
        return False
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # The package does not know this year yet: fall back to Monday–Friday.
        return day.weekday() < 5


def add_workdays(start, days):
    """The date `days` working days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def workdays_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count
