from celery import shared_task

from .services.rollup import rollup_refresh_recent


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_rollups():
    """Nightly (beat, 01:20): rebuild the clue figures of the recent days. Idempotent."""
    return rollup_refresh_recent()
