"""The transactional outbox: messages commit with their change, are sent once, and wait while sending fails."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

import pytest

from enforcement.outbox import services
from enforcement.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
PING = "enforcement.core.tasks.ping"


def test_a_message_of_a_rolled_back_change_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.enqueue(PING, "x")
                raise RuntimeError("the change failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()


def test_a_committed_message_is_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue(PING, "x")
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1


def test_a_message_is_sent_only_once(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "_send", lambda message: sent.append(message.pk))
    message = services.enqueue(PING, "x")
    assert services.publish(message.pk) is True
    assert services.publish(message.pk) is False
    assert services.drain() == (0, 0)
    assert sent == [message.pk]


def test_a_failed_send_stays_pending_with_its_error_and_a_growing_backoff(monkeypatch):
    def refuse(message):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(services, "_send", refuse)
    message = services.enqueue(PING, "x")
    delays = []
    for _attempt in range(3):
        before = timezone.now()
        assert services.publish(message.pk) is False
        message.refresh_from_db()
        delays.append((message.available_at - before).total_seconds())
        OutboxMessage.objects.filter(pk=message.pk).update(available_at=before)
    assert message.sent_at is None and message.attempts == 3
    assert "broker down" in message.last_error
    assert delays[0] < delays[1] < delays[2]


def test_drain_skips_messages_not_yet_due(monkeypatch):
    sent = []
    monkeypatch.setattr(services, "_send", lambda message: sent.append(message.pk))
    later = services.enqueue(PING, "later")
    OutboxMessage.objects.filter(pk=later.pk).update(available_at=timezone.now() + timedelta(minutes=5))
    due = services.enqueue(PING, "now")
    assert services.drain() == (1, 1)
    assert sent == [due.pk]


def test_an_eager_task_that_fails_leaves_the_message_pending_and_keeps_the_callers_change(monkeypatch):
    from enforcement.core.tasks import ping

    def explode(*args, **kwargs):
        raise ValueError("task failed")

    monkeypatch.setattr(ping, "run", explode)
    message = services.enqueue(PING, "x")
    assert services.publish(message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is None and "task failed" in message.last_error


def test_purge_forgets_old_sent_messages_only(monkeypatch):
    monkeypatch.setattr(services, "_send", lambda message: None)
    old = services.enqueue(PING, "old")
    services.publish(old.pk)
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=40))
    pending = services.enqueue(PING, "pending")
    assert services.purge_sent(timezone.now() - timedelta(days=30)) == 1
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [pending.pk]
