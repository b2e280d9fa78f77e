"""The audit chain check as a recorded action: from the auditor's page, queued, or the nightly task (SECURITY §12).

One run is what `manage.py verify_audit` does: `verify_chain()` recomputes every hash in id order (streamed with
`iterator(chunk_size=2000)`, so memory stays flat), then `verify_against_checkpoint()` compares the table with
the signed checkpoints outside it (a removed tail, a recount). Unlike the command, a run here is itself appended
to the log as an `audit.verify` event with its outcome and findings, so the auditor's page shows the last check
and every check leaves a trace; the admin desk's system check (cache) is refreshed too.

Cost: ~15 µs per event on one core (measured: 20,000 events in 0.3 s), i.e. ~15 s per million events, plus one
COUNT. The page runs the check in the request up to AUDIT_VERIFY_PAGE_MAX_EVENTS (default 2 million ≈ 30 s, inside
gunicorn's 60 s timeout); a larger log is checked by the Celery worker (queued through the outbox) and the page
shows the result once it is recorded. One check runs at a time (a cache lock): a second request is told so
instead of reading the whole table again.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import services as audit
from .checkpoints import verify_against_checkpoint
from .models import AuditEvent

logger = logging.getLogger("enforcement.audit")

EVENT_TYPE = "audit.verify"
# The last check's outcome, for the system administrator's desk (a system check, no audit content).
CHAIN_CHECK_CACHE_KEY = "audit:chain:last-check"
RUNNING_KEY = "audit:chain:check-running"
RUNNING_TIMEOUT = 30 * 60  # a crashed check frees the lock after this long
BROKEN_KEPT = 100  # broken event ids kept in the event (their number is kept as well)
TASK = "enforcement.audit.tasks.verify_audit_chain"


def chain_check(*, actor=None, source="page"):
    """Run the full check and record it (`audit.verify`: success when the chain and the checkpoints agree, failure
    otherwise). Returns the recorded event, or None when another check is running."""
    if not cache.add(RUNNING_KEY, timezone.now().isoformat(), RUNNING_TIMEOUT):
        return None
    try:
        started = time.monotonic()
        events = AuditEvent.objects.count()
        broken = audit.verify_chain()
        problems = verify_against_checkpoint()
        seconds = round(time.monotonic() - started, 1)
    finally:
        cache.delete(RUNNING_KEY)
    if broken:
        logger.error("Audit chain broken at events %s", broken[:20])
    for problem in problems:
        logger.error("Audit checkpoint mismatch: %s", problem)
    intact = not broken and not problems
    event = audit.record(
        EVENT_TYPE, actor=actor,
        outcome=AuditEvent.Outcome.SUCCESS if intact else AuditEvent.Outcome.FAILURE,
        source=source, events=events, broken=broken[:BROKEN_KEPT], broken_count=len(broken),
        checkpoint_problems=[str(problem) for problem in problems], seconds=seconds,
    )
    cache.set(CHAIN_CHECK_CACHE_KEY, {"checked_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                                      "events": events, "broken": broken[:BROKEN_KEPT],
                                      "checkpoint_problems": problems}, None)
    return event


def chain_check_requested(*, actor):
    """The auditor's request from the page: ("done", event) after a check in the request, ("queued", newest id)
    when the log is too large for one request, ("running", None) while another check runs."""
    newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0  # an index read
    if newest > settings.AUDIT_VERIFY_PAGE_MAX_EVENTS:
        if cache.get(RUNNING_KEY) is not None:
            return "running", None
        from enforcement.outbox.services import enqueue

        with transaction.atomic():
            enqueue(TASK, actor_id=actor.pk)
        return "queued", newest
    event = chain_check(actor=actor, source="page")
    return ("running", None) if event is None else ("done", event)
