"""Import jobs: the web upload is stored, then a Celery task runs the import and reports progress."""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.outbox import services as outbox

from ..models import ImportJob
from .importing import ImportFileError, import_catalog, max_import_bytes

ALLOWED_EXTENSIONS = (".xlsx", ".xlsm", ".csv")


@transaction.atomic
def import_job_start(*, actor, upload, dry_run=False, document_number="", effective_date=None):
    """Check the upload, store it, and queue the import task once the job row is committed."""
    from ..tasks import run_import_job

    access.require(actor, "catalog.manage")
    name = os.path.basename(upload.name or "")
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError({"file": _("Only .xlsx and .csv files can be imported.")})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = max_import_bytes()
    if upload.size > limit:
        raise ValidationError({"file": _(
            "The file is %(size).1f MB; at most %(limit).0f MB can be imported at once.") % {
            "size": upload.size / 1024 / 1024, "limit": limit / 1024 / 1024}})
    job = ImportJob(actor=actor, filename=name[:255], dry_run=dry_run, document_number=document_number,
                    effective_date=effective_date or timezone.localdate())
    job.file.save(f"{job.token}{os.path.splitext(name)[1].lower()}", ContentFile(upload.read()), save=False)
    job.full_clean()
    job.save()
    outbox.enqueue(run_import_job, job.pk)  # sent after the commit; survives a broker outage
    return job


def import_job_run(job_id):
    """Run one queued job (idempotent: a finished job is left alone). Progress is saved as it goes."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done, total):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as handle:
            content = handle.read()
        result = import_catalog(actor=job.actor, content=content, filename=job.filename, dry_run=job.dry_run,
                                document_number=job.document_number, effective_date=job.effective_date,
                                progress=progress)
    except ImportFileError as exc:
        job.status, job.message, job.errors = ImportJob.Status.FAILED, str(exc), []
    except ValidationError as exc:
        job.status, job.message, job.errors = ImportJob.Status.FAILED, "；".join(exc.messages), []
    else:
        job.total_rows = result.total
        job.processed_rows = result.total
        job.errors = result.errors
        job.created_count, job.updated_count = result.created, result.updated + result.retired
        job.unchanged_count = result.unchanged
        if result.errors:
            job.status = ImportJob.Status.FAILED
            job.message = _("%(n)s errors found; nothing was imported.") % {"n": len(result.errors)}
        else:
            job.status = ImportJob.Status.SUCCEEDED
            job.message = (_("Checked: the file is valid; nothing was written (dry run).") if job.dry_run
                           else _("Import complete."))
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "errors", "total_rows", "processed_rows", "created_count",
                            "updated_count", "unchanged_count", "finished_at"])
    return job
