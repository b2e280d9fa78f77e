"""Reporting periods: a month, a quarter, a year, an ISO week or a custom range of days, with the period before and
the same period a year ago."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
YEAR_RE = re.compile(r"^(\d{4})$")
WEEK_RE = re.compile(r"^(\d{4})-W(\d{1,2})$")
QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
RANGE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
MAX_RANGE_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str  # "month", "quarter", "year", "week" or "range"

    # ------------------------------------------------------------------ constructors
    @classmethod
    def month(cls, year, month):
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month")

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def quarter(cls, year, quarter):
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1]), "quarter")

    @classmethod
    def between(cls, start, end):
        return cls(start, end, "range")

    @classmethod
    def week(cls, year, week):
        start = date.fromisocalendar(year, week, 1)
        return cls(start, start + timedelta(days=6), "week")

    @classmethod
    def containing_month(cls, day):
        return cls.month(day.year, day.month)

    @classmethod
    def previous_month(cls, today=None):
        today = today or timezone.localdate()
        return cls.containing_month(today.replace(day=1) - timedelta(days=1))

    @classmethod
    def last_full_week(cls, today=None):
        today = today or timezone.localdate()
        monday = today - timedelta(days=today.weekday()) - timedelta(days=7)
        year, week, _day = monday.isocalendar()
        return cls.week(year, week)

    @classmethod
    def parse(cls, text, *, field="period", allow_future=False, today=None):
        """Parse "2026", "2026-10" or "2026-W43"; raise ValidationError (Chinese, naming the field)."""
        text = (text or "").strip()
        today = today or timezone.localdate()
        period = None
        try:
            if match := MONTH_RE.match(text):
                year, month = int(match[1]), int(match[2])
                if not 1 <= month <= 12:
                    raise ValueError
                period = cls.month(year, month)
            elif match := YEAR_RE.match(text):
                period = cls.year(int(match[1]))
            elif match := WEEK_RE.match(text):
                period = cls.week(int(match[1]), int(match[2]))
            elif match := QUARTER_RE.match(text):
                period = cls.quarter(int(match[1]), int(match[2]))
            elif match := RANGE_RE.match(text):
                start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
                if start > end:
                    raise ValidationError({field: _("The start of the period is after its end.")})
                if (end - start).days > MAX_RANGE_DAYS:
                    raise ValidationError({field: _("Choose a range of at most three years.")})
                period = cls.between(start, end)
        except ValueError:
            period = None
        if period is None or period.start.year < 2000:
            raise ValidationError(
                {field: _("“%(value)s” is not a valid period: write a month as YYYY-MM (for example 2026-10), "
                          "a year as YYYY or a week as YYYY-Www.") % {"value": text}}
            )
        if not allow_future and period.start > today:
            raise ValidationError(
                {field: _("%(label)s is in the future: there are no figures for it yet.") % {"label": period.label}}
            )
        return period

    # ------------------------------------------------------------------ derived periods
    def previous(self):
        """The period of the same kind just before this one (month-on-month, week-on-week)."""
        if self.kind == "month":
            return Period.containing_month(self.start - timedelta(days=1))
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        if self.kind == "quarter":
            before = self.start - timedelta(days=1)
            return Period.quarter(before.year, (before.month - 1) // 3 + 1)
        length = (self.end - self.start).days + 1  # a week or a range: as many days just before
        return Period(self.start - timedelta(days=length), self.start - timedelta(days=1), self.kind)

    def year_before(self, as_of=None):
        """The same period one year earlier (year-on-year). With `as_of` inside a running period, the same dates
        a year earlier only (1–23 November against 1–23 November last year, never against the whole month)."""
        if as_of is not None and self.start <= as_of < self.end:
            return Period(_year_earlier(self.start), _year_earlier(as_of), self.kind)
        if self.kind == "month":
            return Period.month(self.start.year - 1, self.start.month)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        if self.kind == "quarter":
            return Period.quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "range":
            return Period(_year_earlier(self.start), _year_earlier(self.end), "range")
        return Period(self.start - timedelta(days=364), self.end - timedelta(days=364), "week")

    def as_of(self, today=None):
        """The last day the period has figures for: its end, or today while it is running."""
        today = today or timezone.localdate()
        return min(self.end, today)

    def is_partial(self, today=None):
        """Is the period still running (its figures cover only part of it)?"""
        today = today or timezone.localdate()
        return self.start <= today < self.end

    def months(self):
        """The months of a year period (or the period's own month), for trend charts."""
        if self.kind == "year":
            return [Period.month(self.start.year, m) for m in range(1, 13)]
        if self.kind == "quarter":
            return [Period.month(self.start.year, m) for m in range(self.start.month, self.start.month + 3)]
        return [Period.containing_month(self.start)]

    # ------------------------------------------------------------------ labels
    @property
    def label(self):
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "range":
            return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"
        year, week, _day = self.start.isocalendar()
        return f"{year}年第{week}周({self.start:%m.%d}–{self.end:%m.%d})"

    @property
    def key(self):
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "year":
            return f"{self.start:%Y}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "range":
            return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"
        year, week, _day = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def __str__(self):
        return self.key


def _year_earlier(day):
    """The same calendar day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def change_pct(current, previous):
    """Relative change in percent, rounded to two places; None when there is nothing to compare with."""
    if not previous:
        return None
    return round((float(current) - float(previous)) * 100 / float(previous), 2)


def month_split(start, end):
    """The whole months inside start..end as (first day of the first, first day of the last) — None when there
    is none — and the ranges of days left over at either end: what the month rollups answer and what the daily
    rows must (the case figures' `CaseMonthFact` and the clue figures' `MonthRollup` alike)."""
    first = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = end if (end + timedelta(days=1)).day == 1 else end.replace(day=1) - timedelta(days=1)
    if first > last:
        return None, [(start, end)]
    days = [(start, first - timedelta(days=1))] if start < first else []
    if last < end:
        days.append((last + timedelta(days=1), end))
    return (first, last.replace(day=1)), days
