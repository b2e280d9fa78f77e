import pytest

from enforcement.core import workdays


@pytest.fixture(autouse=True)
def fresh_calendar_memo():
    """These tests write the calendar inside a rolled-back transaction: forget what they memoised."""
    workdays.reset()
    yield
    workdays.reset()
