from datetime import date

from django.core.exceptions import ValidationError

import pytest

from enforcement.reports.periods import Period, change_pct

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
