"""Celery tasks of the catalogue: load by id, call the service."""

from celery import shared_task

from .services.jobs import import_job_run


@shared_task(bind=True, max_retries=3, default_retry_delay=10, acks_late=True)
def run_import_job(self, job_id):
    import_job_run(job_id)
