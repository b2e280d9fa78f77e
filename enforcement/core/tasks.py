from celery import shared_task


@shared_task(name="enforcement.core.tasks.ping")
def ping(payload=None):
    """Echo the payload: proves that a task travels through the broker to a worker and back."""
    return {"pong": payload}


@shared_task(name="enforcement.core.tasks.purge_client_requests")
def purge_client_requests():
    """Nightly: forget client request ids older than CLIENT_REQUEST_RETENTION_DAYS (idempotent)."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from .idempotency import purge_before

    return purge_before(timezone.now() - timedelta(days=settings.CLIENT_REQUEST_RETENTION_DAYS))
