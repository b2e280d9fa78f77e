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
    events = AuditEvent.objects.count()
    broken = verify_chain()
    if broken:
        logger.error("Audit chain broken at events %s", broken[:20])
    cache.set(CHAIN_CHECK_CACHE_KEY, {"checked_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                                      "events": events, "broken": broken[:100]}, None)
    return {"broken": broken[:100]}
