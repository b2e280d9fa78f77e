"""Writing and verifying the audit trail. `record()` is the one call every app uses."""

from django.db import connection, transaction
from django.utils import timezone

from enforcement.core.middleware import current_request_context

from .models import AuditEvent

GENESIS = "0" * 64
# Any constant works: it serialises appends so the hash chain stays linear under concurrency.
_CHAIN_LOCK_ID = 74_231_001


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def record(event_type, *, actor=None, obj=None, outcome=AuditEvent.Outcome.SUCCESS, username=None,
           ip=None, **detail):
    """Append one audit event. Request id, IP and user come from the ambient request when not given."""
    context = current_request_context()
    if actor is None:
        candidate = context["user"]
        actor = candidate if candidate is not None and candidate.is_authenticated else None
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            created_at=timezone.now(),
            user=actor,
            username=username or (actor.get_username() if actor else ""),
            ip=ip or context["ip"],
            request_id=context["request_id"],
            event_type=event_type,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(getattr(obj, "code", None) or getattr(obj, "pk", "")) if obj is not None else "",
            outcome=outcome,
            detail=detail,
            prev_hash=last or GENESIS,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def verify_chain():
    """Return the ids of events whose hash or link does not match (empty list: chain intact)."""
    broken = []
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous or event.compute_hash() != event.hash:
            broken.append(event.pk)
        previous = event.hash
    return broken
