import logging

from celery import shared_task

from .services import verify_chain

logger = logging.getLogger(__name__)


@shared_task
def verify_audit_chain():
    broken = verify_chain()
    if broken:
        logger.error("Audit chain broken at events %s", broken[:20])
    return {"broken": broken[:100]}
