from celery import shared_task


@shared_task(name="enforcement.outbox.tasks.drain_outbox")
def drain_outbox():
    """Every minute: publish the side effects that could not be sent when their change committed."""
    from .services import drain

    sent, pending = drain()
    return {"sent": sent, "pending": pending}


@shared_task(name="enforcement.outbox.tasks.purge_sent_messages")
def purge_sent_messages():
    """Nightly: forget messages sent more than 30 days ago."""
    from datetime import timedelta

    from django.utils import timezone

    from .services import purge_sent

    return purge_sent(timezone.now() - timedelta(days=30))
