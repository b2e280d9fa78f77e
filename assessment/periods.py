"""Assessment periods: a month (2026-11), a quarter (2026-Q4) or a year (2026)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PeriodKind

PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")


@dataclass(frozen=True)
class AssessmentPeriod:
    kind: str
    start: date
    end: date

    @property
    def key(self):
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def label(self):
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    def as_of(self, today=None):
        return min(self.end, today or timezone.localdate())


def period_of(kind, start):
    if kind == PeriodKind.MONTH:
        return AssessmentPeriod(kind, start, start.replace(day=calendar.monthrange(start.year, start.month)[1]))
    if kind == PeriodKind.QUARTER:
        last_month = start.month + 2
        return AssessmentPeriod(kind, start, date(start.year, last_month, calendar.monthrange(start.year,
                                                                                              last_month)[1]))
    return AssessmentPeriod(kind, start, date(start.year, 12, 31))


def parse_period(text, *, field="period", today=None):
    """"2026-11", "2026-Q4" or "2026"; a period that has not begun is refused (Chinese, naming the field)."""
    match = PATTERN.match((text or "").strip())
    month = int(match[2]) if match and match[2] else None
    if not match or int(match[1]) < 2000 or (month is not None and not 1 <= month <= 12):
        raise ValidationError({field: _("“%(value)s” is not a period: write a month as YYYY-MM, a quarter as "
                                        "YYYY-Qn or a year as YYYY.") % {"value": text}})
    year = int(match[1])
    if month:
        period = period_of(PeriodKind.MONTH, date(year, month, 1))
    elif match[3]:
        period = period_of(PeriodKind.QUARTER, date(year, (int(match[3]) - 1) * 3 + 1, 1))
    else:
        period = period_of(PeriodKind.YEAR, date(year, 1, 1))
    if period.start > (today or timezone.localdate()):
        raise ValidationError({field: _("%(label)s has not begun.") % {"label": period.label}})
    return period


def days(field, start, end):
    """Filter kwargs for timestamps on the local days [start, end]: a half-open range on the column itself, so
    its index can serve it (`field__date__range` would cast every row first)."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return {f"{field}__gte": first, f"{field}__lt": after}
