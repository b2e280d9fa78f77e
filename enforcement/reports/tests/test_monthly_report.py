import os
import shutil
import subprocess
import threading
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection

import pytest

from enforcement.accounts.models import Role
from enforcement.reports import services
from enforcement.reports.models import MonthlyReport
from enforcement.reports.monthly import money, render_monthly_report
from enforcement.reports.periods import Period, change_pct

from .conftest import OCTOBER, counted, expected

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)


def pdf_text(path):
    binary = shutil.which("pdftotext")
    assert binary, "poppler-utils (pdftotext) is needed: `make test` installs it"
    out = subprocess.run([binary, "-layout", str(path), "-"], capture_output=True, check=True,  # noqa: S603
                         text=True).stdout
    return "".join(out.split())  # line breaks fall anywhere in Chinese text


def test_county_pdf_states_the_right_chinese_figures(world, media_root):
    report = services.monthly_report_generate_now(period=OCT)
    assert report.status == MonthlyReport.Status.DONE and report.file_size > 1000
    text = pdf_text(report.file.path)
    wanted = expected(world)
    last_october = len(counted(world["cases"], date(2025, 10, 1), date(2025, 10, 31)))
    yoy = change_pct(wanted["total"], last_october)
    direction = "增加" if yoy > 0 else "减少"
    assert (f"2026年10月示范县累计执法{wanted['total']}件(简易程序{wanted['simple']}件,"
            f"普通程序{wanted['ordinary']}件),同比{direction}{abs(yoy):.2f}%") in text
    assert f"已在{wanted['domains_with_cases']}个领域{wanted['items_with_cases']}项事项办理过案件" in text
    assert f"罚款{money(wanted['fines_decided'])}元" in text
    assert f"不予处罚{wanted['no_penalty']}件,单处警告{wanted['warning_only']}件" in text
    assert f"超期未决案件{wanted['overdue']}件" in text
    assert "第1页/共" in text  # page numbers
    assert report.figures["cases"]["total"] == wanted["total"]


def test_township_pdf_covers_only_that_township(world):
    township = world["township"]
    report = services.monthly_report_generate_now(period=OCT, township=township)
    wanted = expected(world, township=township)
    text = pdf_text(report.file.path)
    assert f"2026年10月{township.name}累计执法{wanted['total']}件(简易程序{wanted['simple']}件" in text
    assert report.figures["scope"] == township.code


def test_pdf_lists_zero_case_items_for_adjustment(world):
    report = services.monthly_report_generate_now(period=OCT, township=world["township"])
    text = pdf_text(report.file.path)
    assert "建议调整的零办件事项" in text and world["items"][3].name in text
    summary = report.figures["evaluation"][0]
    assert summary["empowered"] == 4 and summary["zero"] >= 1


def test_second_run_replaces_the_report_and_never_duplicates(world):
    first = services.monthly_report_generate_now(period=OCT)
    first_path = first.file.path
    second = services.monthly_report_generate_now(period=OCT)
    assert second.pk == first.pk and second.attempts == 2
    assert MonthlyReport.objects.filter(period=OCT.start, township__isnull=True).count() == 1
    assert second.file.path == first_path
    assert os.listdir(os.path.dirname(first_path)) == [os.path.basename(first_path)]


def test_failed_render_leaves_the_previous_file_untouched_and_no_temp_file(world):
    report = services.monthly_report_generate_now(period=OCT)
    before = open(report.file.path, "rb").read()

    def broken(**kwargs):
        raise ValueError("template exploded")

    with pytest.raises(ValueError):
        services.monthly_report_build(report_id=report.pk, render=broken)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.FAILED and "template exploded" in report.error
    assert open(report.file.path, "rb").read() == before
    assert os.listdir(os.path.dirname(report.file.path)) == [os.path.basename(report.file.path)]


def test_write_failure_midway_leaves_no_half_written_file(world, monkeypatch, media_root):
    report, _queued = services.monthly_report_request(period=OCT, enqueue=False)
    real_fsync = os.fsync

    def dying_fsync(fd):
        real_fsync(fd)
        raise OSError("disk full")

    monkeypatch.setattr(services.os, "fsync", dying_fsync)
    with pytest.raises(services.TransientReportError):
        services.monthly_report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.PENDING and "disk full" in report.error
    assert not report.file
    folder = os.path.join(media_root, "reports", "2026-10")
    assert os.path.isdir(folder) and os.listdir(folder) == []  # the temporary file was removed


def test_transient_database_error_is_retried_with_backoff(world, monkeypatch):
    from enforcement.reports import tasks

    report, _queued = services.monthly_report_request(period=OCT, enqueue=False)
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return render_monthly_report(**kwargs)

    monkeypatch.setattr("enforcement.reports.monthly.render_monthly_report", flaky)
    retries = []
    monkeypatch.setattr(tasks.build_monthly_report, "retry",
                        lambda exc, countdown: retries.append(countdown) or (_ for _ in ()).throw(exc))
    with pytest.raises(services.TransientReportError):
        tasks.build_monthly_report.run(report.pk)
    assert retries == [tasks.BACKOFF_SECONDS]
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.PENDING
    tasks.build_monthly_report.run(report.pk)  # the retry
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.DONE and len(calls) == 2


def test_request_while_pending_queues_nothing_more(world, django_capture_on_commit_callbacks):
    staff = world["users"][Role.STAFF]
    with django_capture_on_commit_callbacks() as callbacks:
        first, queued_first = services.monthly_report_request(period=OCT, actor=staff)
        second, queued_second = services.monthly_report_request(period=OCT, actor=staff)
    assert first.pk == second.pk and queued_first and not queued_second
    assert len(callbacks) == 1
    assert MonthlyReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_two_simultaneous_requests_make_one_report(township):
    results, errors = [], []
    barrier = threading.Barrier(2)

    def request():
        try:
            barrier.wait()
            results.append(services.monthly_report_request(period=OCT, township=township, enqueue=False))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert MonthlyReport.objects.filter(period=OCT.start, township=township).count() == 1
    assert sorted(queued for _report, queued in results) == [False, True]


def test_future_month_and_other_kinds_are_refused(world):
    with pytest.raises(ValidationError):
        services.monthly_report_request(period=Period.month(2099, 1), enqueue=False)
    with pytest.raises(ValidationError):
        services.monthly_report_request(period=Period.year(2026), enqueue=False)
    assert not MonthlyReport.objects.exists()


def test_only_report_generators_may_request(world):
    with pytest.raises(PermissionDenied):
        services.monthly_report_request(period=OCT, actor=world["users"][Role.LEADER], enqueue=False)


def test_beat_entry_point_queues_county_and_every_township(world, django_capture_on_commit_callbacks):
    from enforcement.reports.tasks import generate_previous_month_reports

    with django_capture_on_commit_callbacks(execute=True):
        result = generate_previous_month_reports.apply().get()
    period = Period.previous_month()
    assert result["period"] == period.key
    reports = MonthlyReport.objects.filter(period=period.start)
    assert reports.count() == 3  # county + two townships
    assert set(reports.values_list("status", flat=True)) == {MonthlyReport.Status.DONE}


def test_money_format():
    assert money(Decimal("12345.5")) == "12,345.50"
    assert OCTOBER[0].month == 10


def test_a_request_stuck_for_long_may_be_queued_again(world):
    from datetime import timedelta

    from django.utils import timezone

    report, queued = services.monthly_report_request(period=OCT, enqueue=False)
    assert queued
    assert services.monthly_report_request(period=OCT, enqueue=False)[1] is False
    MonthlyReport.objects.filter(pk=report.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert services.monthly_report_request(period=OCT, enqueue=False)[1] is True
