"""Writes of the reports app: request a monthly report, build it, rate items for the catalogue evaluation.

Reliability (SECURITY §21):
- one row per (month, scope): the unique constraints plus `select_for_update` make two simultaneous
  requests end in one report and one queued build;
- the PDF is rendered completely in memory, written to a temporary file in the target folder and
  moved over the final name with `os.replace` (atomic), so a reader never sees a half-written file and a
  build killed midway leaves the previous file (or none) in place;
- a second build of the same month replaces the file and the figures of the same row.
"""

import logging
import os
import tempfile
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.outbox import services as outbox
from townships.models import Township

from .models import EaseRating, MonthlyReport
from .periods import Period

logger = logging.getLogger(__name__)

# A build queued or "running" longer than this is taken to be lost (worker killed) and may be requested again.
STALE_RUNNING_AFTER = timedelta(minutes=30)


class TransientReportError(Exception):
    """A failure worth retrying (database connection lost, storage momentarily unavailable)."""


def _check_period(period, today=None):
    today = today or timezone.localdate()
    if period.kind != "month":
        raise ValidationError({"period": _("A monthly report covers one calendar month.")})
    if period.start > today:
        raise ValidationError({"period": _("%(label)s is in the future: there are no figures for it yet.")
                               % {"label": period.label}})


def _is_busy(report, now=None):
    """Queued or running, and recently: a report stuck in either state for long (a lost message, a killed
    worker) may be requested again."""
    now = now or timezone.now()
    active = report.status in (MonthlyReport.Status.PENDING, MonthlyReport.Status.RUNNING)
    return active and now - report.updated_at < STALE_RUNNING_AFTER


@transaction.atomic
def monthly_report_request(*, period, township=None, actor=None, enqueue=True, queue=None):
    """Create or re-open the report of `period` for the county (township None) or a township, and queue
    its build once the transaction commits. Returns (report, queued): queued is False when a build of the
    same report is already waiting or running, so a double request never builds twice.

    `actor` None is the system (Celery beat); a user needs "report.generate" and must see the township.
    """
    if actor is not None:
        access.require(actor, "report.generate")
        if township is not None:
            access.require(actor, "report.view", township)
    _check_period(period)
    try:
        with transaction.atomic():
            report, created = MonthlyReport.objects.get_or_create(
                period=period.start, township=township, defaults={"requested_by": actor})
    except IntegrityError:  # a concurrent request inserted the same row first
        created = False
        report = None
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk) if report else (
        MonthlyReport.objects.select_for_update().get(period=period.start, township=township))
    if not created and _is_busy(report):
        return report, False
    report.status = MonthlyReport.Status.PENDING
    report.error = ""
    report.requested_by = actor
    report.save(update_fields=["status", "error", "requested_by", "updated_at"])
    audit.record("report.requested", actor=actor, obj=report, period=period.key,
                 township=township.code if township else None)
    if enqueue:
        from .tasks import build_monthly_report

        outbox.enqueue(build_monthly_report, report.pk, queue=queue or "")  # sent after the commit
    return report, True


def _claim(report_id):
    """Lock the row and mark it running; None when another build already runs (a duplicate delivery)."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update(of=("self",)).select_related("township").get(pk=report_id)
        if report.status == MonthlyReport.Status.RUNNING and _is_busy(report):
            return None
        report.status = MonthlyReport.Status.RUNNING
        report.attempts += 1
        report.save(update_fields=["status", "attempts", "updated_at"])
        return report


def _write_atomically(name, content):
    """Store `content` under `name`, replacing any earlier file in one atomic step. Returns the name."""
    try:
        final_path = default_storage.path(name)
    except NotImplementedError:  # remote storage: its save is a single upload of the complete bytes
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(content))
    directory = os.path.dirname(final_path)
    os.makedirs(directory, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=directory)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(content)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_path, 0o640)
        os.replace(temp_path, final_path)
    except BaseException:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
        raise
    return name


def monthly_report_build(*, report_id, render=None):
    """Compute the figures and render the PDF of one MonthlyReport row; mark it done or failed.

    Raises TransientReportError for failures worth a retry (the row goes back to pending); any other
    error marks the row failed with the message and is re-raised.
    """
    from django.db import InterfaceError, OperationalError

    from .monthly import render_monthly_report

    report = _claim(report_id)
    if report is None:
        logger.info("monthly report %s is already being built; skipped", report_id)
        return None
    started = time.monotonic()
    period = Period.containing_month(report.period)
    try:
        pdf_bytes, figures = (render or render_monthly_report)(period=period, township=report.township)
        name = f"reports/{period.start:%Y-%m}/{report.download_name}"
        name = _write_atomically(name, pdf_bytes)
    except (OperationalError, InterfaceError, OSError) as exc:
        _mark(report_id, MonthlyReport.Status.PENDING, error=str(exc)[:2000])
        raise TransientReportError(str(exc)) from exc
    except Exception as exc:
        _mark(report_id, MonthlyReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        audit.record("report.failed", obj=report, outcome="failure", error=str(exc)[:200])
        raise
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report_id)
        report.file.name = name
        report.file_size = len(pdf_bytes)
        report.figures = figures
        report.status = MonthlyReport.Status.DONE
        report.generated_at = timezone.now()
        report.error = ""
        report.save(update_fields=["file", "file_size", "figures", "status", "generated_at", "error", "updated_at"])
    audit.record("report.generated", obj=report, period=period.key, seconds=round(time.monotonic() - started, 2),
                 size=len(pdf_bytes))
    return report


def monthly_report_fail(*, report_id, error):
    """Give up on a report after the last retry."""
    _mark(report_id, MonthlyReport.Status.FAILED, error=error[:2000])


def _mark(report_id, status, *, error=""):
    MonthlyReport.objects.filter(pk=report_id).update(status=status, error=error, updated_at=timezone.now())


def monthly_report_generate_now(*, period, township=None, actor=None):
    """Build a report synchronously (the management command): request without queueing, then build."""
    report, _queued = monthly_report_request(period=period, township=township, actor=actor, enqueue=False)
    return monthly_report_build(report_id=report.pk)


def previous_month_request_all(*, today=None, queue=None):
    """Queue last month's report for the county and for every township (the beat task).

    `queue`: where to send the builds (None: the default queue)."""
    period = Period.previous_month(today)
    reports = [monthly_report_request(period=period, township=None, queue=queue)[0]]
    for township in Township.objects.order_by("code"):
        reports.append(monthly_report_request(period=period, township=township, queue=queue)[0])
    return period, reports


# ---------------------------------------------------------------------------------------------- ratings


@transaction.atomic
def ease_rating_set(*, actor, township, item, easy_to_take_over, easy_to_operate, note=""):
    """Record (or change) staff's 两易 rating of an item empowered to a township."""
    access.require(actor, "evaluation.rate")
    access.require(actor, "org.view", township)
    rating = (EaseRating.objects.select_for_update().filter(township=township, item=item).first()
              or EaseRating(township=township, item=item))
    before = None if rating.pk is None else [rating.easy_to_take_over, rating.easy_to_operate]
    rating.easy_to_take_over = easy_to_take_over
    rating.easy_to_operate = easy_to_operate
    rating.note = note
    rating.rated_by = actor
    rating.rated_at = timezone.now()
    rating.full_clean()
    rating.save()
    audit.record("evaluation.rated", actor=actor, obj=rating, township=township.code, item=item.code,
                 before=before, after=[easy_to_take_over, easy_to_operate])
    return rating
