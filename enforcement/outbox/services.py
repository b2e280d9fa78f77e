"""Transactional outbox (SECURITY §21, §25): side effects survive a broker outage and happen once it returns.

A service that needs a task after its change calls `enqueue("cases.tasks.generate_case_document", ...)` inside
its transaction. The row commits or rolls back with the change itself: no task for a change that was rolled
back, and no lost task for a change that committed while the broker was down.

- After the commit the message is published at once (`publish`, failures are logged, never raised: the
  request that made the change answers normally).
- What could not be published stays pending; `drain` (the beat task `enforcement.outbox.tasks.drain_outbox`,
  every minute, and `manage.py drain_outbox`) retries it with exponential backoff.
- Rows are locked with SKIP LOCKED while published, so two drains never send one message twice at the same
  time. A crash between the broker accepting a message and the row being marked sent can send it again:
  tasks are idempotent (a rerun gives one result), which makes the effect exactly-once.

Without Redis (development, tests) Celery runs tasks eagerly: publishing runs the task in-process, inside a
savepoint, so a task that fails leaves the message pending with its error instead of undoing the caller.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger("enforcement.outbox")

MAX_BACKOFF_SECONDS = 3600
BATCH = 100


def enqueue(task, *args, queue="", **kwargs):
    """Record `task(*args, **kwargs)` in the current transaction; publish it once the transaction commits."""
    name = getattr(task, "name", task)  # a task object or its registered name
    message = OutboxMessage.objects.create(task=name, args=list(args), kwargs=kwargs, queue=queue or "")
    message_id = message.pk
    transaction.on_commit(lambda: publish(message_id))
    return message


def _backoff(attempts):
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 10 * 2 ** max(0, attempts - 1)))


def _send(message):
    from enforcement.celery import app

    if message.task not in app.tasks:  # a web process imports task modules lazily: autodiscover them
        app.loader.import_default_modules()
    task = app.tasks[message.task]
    options = {"retry": False}
    if message.queue:
        options["queue"] = message.queue
    task.apply_async(args=message.args, kwargs=message.kwargs, **options)


def publish(message_id):
    """Send one pending message; True when sent. Never raises (the caller's change has committed)."""
    try:
        with transaction.atomic():
            message = (OutboxMessage.objects.select_for_update(skip_locked=True)
                       .filter(pk=message_id, sent_at__isnull=True).first())
            if message is None:
                return False  # already sent, or being sent by another worker right now
            now = timezone.now()
            message.attempts += 1
            try:
                with transaction.atomic():  # an eager task's failure rolls back only its own work
                    _send(message)
            except Exception as exc:  # broker down, or (eager) the task failed: retry later
                message.available_at = now + _backoff(message.attempts)
                message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
                message.save(update_fields=["attempts", "available_at", "last_error"])
                logger.warning("Outbox message %s (%s) not sent (attempt %s): %s; retrying at %s", message.pk,
                               message.task, message.attempts, message.last_error, message.available_at)
                return False
            message.sent_at = now
            message.last_error = ""
            message.save(update_fields=["attempts", "sent_at", "last_error"])
            return True
    except Exception:  # the database itself failed: the row stays pending for the next drain
        logger.exception("Outbox message %s could not be published", message_id)
        return False


def drain(*, now=None, limit=BATCH):
    """Publish the pending messages that are due (oldest first); returns (sent, still_pending)."""
    now = now or timezone.now()
    due = list(OutboxMessage.objects.filter(sent_at__isnull=True, available_at__lte=now)
               .order_by("available_at", "id").values_list("pk", flat=True)[:limit])
    sent = sum(1 for pk in due if publish(pk))
    return sent, OutboxMessage.objects.filter(sent_at__isnull=True).count()


def purge_sent(before):
    """Forget messages sent before `before` (kept a while for inspection in the admin)."""
    deleted, _rows = OutboxMessage.objects.filter(sent_at__lt=before).delete()
    return deleted
