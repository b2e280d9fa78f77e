"""The month rows of the clue figures (`MonthRollup`): the figures read from them equal those of the days."""

import random
from datetime import date, timedelta

from django.utils import timezone

import pytest

from enforcement.accounts.models import Role
from intake.figures import COUNTS, intake_figures
from intake.models import DailyRollup, MonthRollup
from intake.services.rollup import month_rollup_refresh, rollup_refresh
from townships.tests.factories import TownshipFactory

from .factories import ClueFactory

pytestmark = pytest.mark.django_db


def _nearest_rank(values, p):
    """The figures' percentile as they were computed before the month rows: the sorted list, index ceil(n·p/100)-1."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


def _expected(rows):
    """A figures block straight from daily rows: counts added, percentiles over every minute."""
    totals = {key: sum(row.__dict__[key] for row in rows) for key in COUNTS}
    minutes = [minute for row in rows for minute in row.response_minutes]
    return {**totals, "response_median_minutes": _nearest_rank(minutes, 50),
            "response_p90_minutes": _nearest_rank(minutes, 90)}


def _picked(block):
    return {key: block[key] for key in (*COUNTS, "response_median_minutes", "response_p90_minutes")}


@pytest.fixture
def days_over_two_years():
    """Daily rows of two townships and the county level on scattered days of 2025 and 2026, month rows built."""
    generator = random.Random(14)
    towns = [TownshipFactory(code="east"), TownshipFactory(code="west"), None]
    rows = []
    day = date(2025, 1, 3)
    while day <= date(2026, 12, 30):
        for township in towns:
            if generator.random() < 0.3:
                continue
            arrived = generator.randint(0, 9)
            rows.append(DailyRollup(
                day=day, township=township, received=arrived + 3, merged=1, dispatched=arrived + 1, arrived=arrived,
                arrived_on_time=generator.randint(0, arrived), with_case=generator.randint(0, 2), warnings=1,
                warnings_rechecked=1, warnings_rectified=generator.randint(0, 1), replies_due=2, replies_done=1,
                replies_on_time=generator.randint(0, 1), replies_satisfied=1, triaged=2, item_accepted=1,
                response_minutes=sorted(generator.randint(0, 400) for _ in range(arrived))))
        day += timedelta(days=generator.randint(1, 4))
    DailyRollup.objects.bulk_create(rows)
    month_rollup_refresh(start=date(2025, 1, 1), end=date(2026, 12, 31))
    return towns


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 1, 1), date(2026, 12, 31)),  # a year: month rows only
    (date(2026, 11, 1), date(2026, 11, 30)),  # a month
    (date(2025, 11, 17), date(2026, 2, 9)),  # partial months at both ends around whole ones
    (date(2026, 3, 5), date(2026, 3, 20)),  # days inside one month
    (date(2025, 1, 1), date(2026, 12, 31)),  # two years
])
def test_figures_from_month_rows_equal_those_of_the_days(days_over_two_years, start, end):
    figures = intake_figures(actor=None, start=start, end=end)
    days = list(DailyRollup.objects.filter(day__gte=start, day__lte=end))
    assert _picked(figures["total"]) == _expected(days)
    by_code = {row["code"]: row for row in figures["townships"]}
    for township in days_over_two_years:
        mine = [row for row in days if row.township_id == (township.pk if township else None)]
        assert _picked(by_code[township.code if township else ""]) == _expected(mine)
    months = {row["month"]: row for row in figures["months"]}
    assert sorted(months) == sorted({f"{row.day:%Y-%m}" for row in days})
    for key, row in months.items():
        assert _picked(row) == _expected([day for day in days if f"{day.day:%Y-%m}" == key])
    assert figures["as_of"] == max(row.refreshed_at for row in days)


def test_a_year_reads_one_query_and_a_partial_range_two(days_over_two_years, django_assert_num_queries):
    with django_assert_num_queries(1):
        intake_figures(actor=None, start=date(2026, 1, 1), end=date(2026, 12, 31))
    with django_assert_num_queries(2):
        intake_figures(actor=None, start=date(2025, 12, 15), end=date(2026, 3, 31))


def test_percentiles_count_the_nearest_rank_exactly():
    from intake.figures import _percentile

    # 0.9 × 70 is 63.000000000000014 in floating point: the 63rd value, not the 64th
    values = list(range(1, 71))
    assert _percentile({value: 1 for value in values}, 90) == _nearest_rank(values, 90) == 63
    assert _percentile({5: 3, 9: 1}, 50) == 5 and _percentile({5: 3, 9: 1}, 90) == 9
    assert _percentile({}, 50) is None


def test_a_township_room_reads_only_its_month_rows(days_over_two_years, users):
    room = users[Role.TOWNSHIP_COMMAND]
    DailyRollup.objects.bulk_create([DailyRollup(day=date(2026, 5, 5), township=room.township, received=4,
                                                 arrived=2, response_minutes=[7, 9])])
    month_rollup_refresh(start=date(2026, 5, 5), end=date(2026, 5, 5))
    own = list(DailyRollup.objects.filter(township=room.township, day__year=2026))
    figures = intake_figures(actor=room, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert [row["code"] for row in figures["townships"]] == [room.township.code]
    assert _picked(figures["total"]) == _expected(own)


def test_refreshing_days_rebuilds_the_months_they_fall_in(township):
    today = timezone.localdate()
    ClueFactory(township=township)
    rollup_refresh(start=today, end=today)
    month = MonthRollup.objects.get(month=today.replace(day=1), township=township)
    assert month.received == 1
    ClueFactory(township=township)
    rollup_refresh(start=today, end=today)
    assert MonthRollup.objects.get(month=today.replace(day=1), township=township).received == 2
    assert MonthRollup.objects.count() == 1
