from celery import shared_task


@shared_task(name="enforcement.core.tasks.ping")
def ping(payload=None):
    """Echo the payload: proves that a task travels through the broker to a worker and back."""
    return {"pong": payload}
