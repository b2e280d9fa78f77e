"""Celery tasks of the reports app: thin wrappers that load by id and call the services."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)

MAX_RETRIES = 4
BACKOFF_SECONDS = 30  # 30 s, 60 s, 120 s, 240 s


@shared_task(bind=True, name="enforcement.reports.tasks.generate_previous_month_reports")
def generate_previous_month_reports(self):
    """Celery beat, 06:00 Asia/Shanghai on the 1st: queue last month's report for the county and each township.

    The builds go to the queue this task came from, so a deployment that routes reports to a queue of
    their own keeps them there."""
    delivery = getattr(self.request, "delivery_info", None) or {}
    queue = None if self.request.is_eager else delivery.get("routing_key")
    period, reports = services.previous_month_request_all(queue=queue)
    logger.info("queued %s monthly reports for %s", len(reports), period.key)
    return {"period": period.key, "reports": [report.pk for report in reports]}


@shared_task(bind=True, name="enforcement.reports.tasks.build_monthly_report", max_retries=MAX_RETRIES,
             acks_late=True)
def build_monthly_report(self, report_id):
    """Build one report. A transient failure is retried with exponential backoff; after the last retry
    the report is marked failed. A duplicate delivery of a report already being built does nothing."""
    try:
        report = services.monthly_report_build(report_id=report_id)
    except services.TransientReportError as exc:
        if self.request.retries >= self.max_retries:
            services.monthly_report_fail(report_id=report_id, error=str(exc))
            raise
        raise self.retry(exc=exc, countdown=BACKOFF_SECONDS * 2 ** self.request.retries) from exc
    return None if report is None else {"report": report.pk, "status": report.status}


ROLLUP_REFRESH_DAYS = 400


@shared_task(name="enforcement.reports.tasks.refresh_rollups")
def refresh_rollups():
    """Nightly (beat, 01:40): rebuild the figures' rollups of the recent days from the cases and inspections
    and drop rows that sum to nothing. The facts follow every write anyway; this heals bulk loads."""
    from datetime import timedelta

    from django.utils import timezone

    from . import rollup

    today = timezone.localdate()
    result = rollup.rebuild(today - timedelta(days=ROLLUP_REFRESH_DAYS), None)  # and any day ahead
    result["compacted"] = rollup.compact()
    return result
