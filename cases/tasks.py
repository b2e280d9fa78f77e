from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def generate_case_document(case_id, kind, actor_id=None, event_id=None):
    """Load by id → the service. Idempotent: a rerun for the same event rebuilds that event's version."""
    from django.contrib.auth import get_user_model

    from .services.documents import document_generate

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return document_generate(case_id=case_id, kind=kind, actor=actor, event_id=event_id).pk


@shared_task
def publish_missing_decisions():
    """Daily (行政处罚法 art. 48): publish every delivered penalty decision that has no publication yet."""
    from .services.publication import publish_missing

    return publish_missing()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def build_case_file(case_id, actor_id=None):
    """The 卷宗 of an archived case, made once (a rerun returns the stored file)."""
    from django.contrib.auth import get_user_model

    from .services.archive import case_file_build

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return case_file_build(case_id=case_id, actor=actor).pk
