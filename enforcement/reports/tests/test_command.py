from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from enforcement.reports.models import MonthlyReport

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("generate_monthly_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("month", ["2026-13", "2026-1x", "10-2026", "2026"])
def test_malformed_month_is_refused_with_a_clear_message(month):
    with pytest.raises(CommandError) as error:
        run(month)
    assert "YYYY-MM" in str(error.value) and month in str(error.value)
    assert not MonthlyReport.objects.exists()


def test_future_month_is_refused():
    with pytest.raises(CommandError) as error:
        run("2099-01")
    assert "2099年1月" in str(error.value)
    assert not MonthlyReport.objects.exists()


def test_unknown_township_code_is_refused(township):
    with pytest.raises(CommandError) as error:
        run("2026-10", "--township", "atlantis")
    assert "atlantis" in str(error.value)
    assert not MonthlyReport.objects.exists()


def test_builds_the_township_report(world):
    output = run("2026-10", "--township", world["township"].code)
    report = MonthlyReport.objects.get()
    assert report.township == world["township"] and report.status == MonthlyReport.Status.DONE
    assert report.file.name in output
