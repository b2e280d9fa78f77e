"""The HTTP benchmark is not run by the tests (make benchmark); only its guard and its arithmetic are."""

from django.core.management import CommandError, call_command

import pytest

from enforcement.core.loadtest.client import percentile


@pytest.mark.django_db
def test_it_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="_bench"):
        call_command("benchmark_http", "--cases", "10")


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 100) == 100
    assert percentile([7], 95) == 7
