import logging

from celery import shared_task

from .verification import CHAIN_CHECK_CACHE_KEY, chain_check

logger = logging.getLogger(__name__)

__all__ = ["CHAIN_CHECK_CACHE_KEY", "verify_audit_chain", "write_audit_checkpoint"]


@shared_task
def verify_audit_chain(actor_id=None):
    """Nightly (beat), or queued from the auditor's page for a log too large for one request (`actor_id`): the full
    chain and checkpoint check, recorded as an `audit.verify` event (verification.chain_check). Idempotent: a rerun
    is one more check."""
    from enforcement.accounts.models import User

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    event = chain_check(actor=actor, source="queued" if actor_id else "schedule")
    if event is None:
        logger.info("Audit chain check skipped: another check is running")
        return None
    return {"broken": event.detail["broken"], "checkpoint_problems": event.detail["checkpoint_problems"]}


@shared_task(name="enforcement.audit.tasks.write_audit_checkpoint")
def write_audit_checkpoint():
    """Every 10 minutes: a signed checkpoint of the chain's head in the file and the log (when it moved)."""
    from .checkpoints import write_checkpoint

    written = write_checkpoint()
    return {"last_id": written["last_id"]} if written else None
