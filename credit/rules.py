"""The rule of 信用修复 for published penalty decisions, as settings (enforcement/settings.py cites the source):
国家发展改革委《失信行为纠正后的信用信息修复管理办法（试行）》(2023).

- The publicity period runs from the day of the decision: a general breach (一般失信行为) at least
  CREDIT_PUBLICITY_MIN_MONTHS (3) and at most CREDIT_PUBLICITY_MAX_MONTHS (12) months, a serious breach (严重失信行为)
  at least CREDIT_PUBLICITY_MIN_MONTHS_SERIOUS (12) and at most CREDIT_PUBLICITY_MAX_MONTHS_SERIOUS (36).
- Credit repair (ending the publicity early) needs the minimum period passed and the obligations of the decision
  fulfilled: the fine paid in full, the violation corrected and a public credit commitment (信用承诺书).
- At the maximum the publication ends by itself (the public page no longer lists it).
"""

import calendar
from datetime import timedelta

from django.conf import settings

RULE = "《失信行为纠正后的信用信息修复管理办法（试行）》"


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day: 31 Jan + 1 → 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def publicity_months(serious):
    """(minimum, maximum) publicity in months for a general or a serious breach."""
    if serious:
        return settings.CREDIT_PUBLICITY_MIN_MONTHS_SERIOUS, settings.CREDIT_PUBLICITY_MAX_MONTHS_SERIOUS
    return settings.CREDIT_PUBLICITY_MIN_MONTHS, settings.CREDIT_PUBLICITY_MAX_MONTHS


def repair_possible_from(publication):
    """The first day credit repair may be applied for: the minimum publicity period has passed."""
    return add_months(publication.decided_on, publicity_months(publication.serious)[0])


def publicity_ends_on(publication):
    """The first day the publication is no longer shown (the maximum period has passed)."""
    return add_months(publication.decided_on, publicity_months(publication.serious)[1])


def shown_since(today, *, serious):
    """The earliest decision day still shown on `today` (decided on or after it)."""
    months = publicity_months(serious)[1]
    earliest = add_months(today, -months)
    # add_months(decided_on, months) > today  ⇔  decided_on > today - months (up to month ends)
    return earliest + timedelta(days=1) if add_months(earliest, months) <= today else earliest


def fine_outstanding(case):
    """The part of the fine not yet paid (0 when paid in full or no fine)."""
    fine = case.fine_amount or 0
    paid = case.paid_amount or 0
    return max(fine - paid, 0)
