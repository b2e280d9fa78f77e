from datetime import date

from django.core.exceptions import ValidationError

import pytest

from enforcement.reports.periods import Period, change_pct, month_split

TODAY = date(2026, 11, 23)


def test_parse_month_year_and_week():
    assert Period.parse("2026-10", today=TODAY) == Period(date(2026, 10, 1), date(2026, 10, 31), "month")
    assert Period.parse("2025", today=TODAY).end == date(2025, 12, 31)
    assert Period.parse("2026-W43", today=TODAY).start == date(2026, 10, 19)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-10", "2026/10", "", "abc", "2026-W60"])
def test_malformed_period_is_refused_with_a_chinese_message(text):
    with pytest.raises(ValidationError) as error:
        Period.parse(text, today=TODAY)
    assert "YYYY-MM" in " ".join(error.value.messages)


def test_future_month_is_refused():
    with pytest.raises(ValidationError) as error:
        Period.parse("2026-12", today=TODAY)
    assert "2026年12月" in " ".join(error.value.messages)


def test_previous_and_year_before():
    october = Period.month(2026, 10)
    assert october.previous() == Period.month(2026, 9)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert october.year_before() == Period.month(2025, 10)
    assert october.label == "2026年10月"


def test_previous_month_of_the_first():
    assert Period.previous_month(date(2026, 11, 1)) == Period.month(2026, 10)
    assert Period.previous_month(date(2026, 1, 1)) == Period.month(2025, 12)


def test_change_pct():
    assert change_pct(11441, 10106) == 13.21
    assert change_pct(5, 0) is None
    assert change_pct(4, 8) == -50.0


def test_quarter_and_custom_range_have_a_period_before_and_a_year_before():
    from datetime import date

    q3 = Period.parse("2026-Q3", today=date(2026, 11, 1))
    assert (q3.start, q3.end, q3.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026年第3季度")
    assert q3.previous() == Period.quarter(2026, 2) and q3.year_before() == Period.quarter(2025, 3)
    span = Period.parse("2026-10-05..2026-10-14", today=date(2026, 11, 1))
    assert span.previous() == Period.between(date(2026, 9, 25), date(2026, 10, 4))
    assert span.year_before() == Period.between(date(2025, 10, 5), date(2025, 10, 14))


def test_year_on_year_of_a_running_month_compares_the_same_dates():
    from datetime import date

    november = Period.month(2026, 11)
    assert november.year_before(as_of=date(2026, 11, 23)) == Period(date(2025, 11, 1), date(2025, 11, 23), "month")
    assert november.is_partial(date(2026, 11, 23)) and not november.is_partial(date(2026, 12, 1))


@pytest.mark.parametrize("start, end, months, days", [
    (date(2026, 1, 1), date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 1)), []),
    (date(2026, 1, 5), date(2026, 3, 10), (date(2026, 2, 1), date(2026, 2, 1)),
     [(date(2026, 1, 5), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 3, 10))]),
    (date(2026, 2, 3), date(2026, 2, 20), None, [(date(2026, 2, 3), date(2026, 2, 20))]),
    (date(2025, 12, 15), date(2026, 2, 28), (date(2026, 1, 1), date(2026, 2, 1)),
     [(date(2025, 12, 15), date(2025, 12, 31))]),
])
def test_month_split_gives_the_whole_months_and_the_days_left_at_either_end(start, end, months, days):
    assert month_split(start, end) == (months, days)
