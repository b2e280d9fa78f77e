"""Celery tasks of the catalogue: load by id, call the service."""

from django.db import OperationalError

from celery import shared_task

from .services.items import adjustments_apply_due
from .services.jobs import import_job_run


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def run_import_job(job_id):
    """Idempotent: a finished job is left alone, and the import itself is all or nothing."""
    import_job_run(job_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def apply_due_adjustments():
    """Daily (Celery beat): amendments dated ahead take effect on their date. Idempotent."""
    return adjustments_apply_due()
