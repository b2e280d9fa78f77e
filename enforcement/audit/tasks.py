import logging

from django.core.cache import cache
from django.utils import timezone

from celery import shared_task

from .models import AuditEvent
from .services import verify_chain

logger = logging.getLogger(__name__)

# The last verification's outcome, for the administrator's desk (a system check, no audit content).
CHAIN_CHECK_CACHE_KEY = "audit:chain:last-check"


@shared_task
def verify_audit_chain():
    from .checkpoints import verify_against_checkpoint

    events = AuditEvent.objects.count()
    broken = verify_chain()
    if broken:
        logger.error("Audit chain broken at events %s", broken[:20])
    problems = verify_against_checkpoint()
    for problem in problems:
        logger.error("Audit checkpoint mismatch: %s", problem)
    cache.set(CHAIN_CHECK_CACHE_KEY, {"checked_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                                      "events": events, "broken": broken[:100],
                                      "checkpoint_problems": problems}, None)
    return {"broken": broken[:100], "checkpoint_problems": problems}


@shared_task(name="enforcement.audit.tasks.write_audit_checkpoint")
def write_audit_checkpoint():
    """Every 10 minutes: a signed checkpoint of the chain's head in the file and the log (when it moved)."""
    from .checkpoints import write_checkpoint

    written = write_checkpoint()
    return {"last_id": written["last_id"]} if written else None
