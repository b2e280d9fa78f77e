"""Evidence files of inspection results (photos, scanned notes): one set of limits for the web form and the API."""

import hashlib
import os
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from ..models import InspectionResult

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# extension -> the file's first bytes (checked, so that a renamed executable is not stored as a photo)
EVIDENCE_TYPES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".pdf": (b"%PDF-",),
}


def evidence_check(upload, field="evidence"):
    """Refuse files over 10 MB or other than JPG, PNG or PDF (by name and by content). Returns the extension."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({field: _("Evidence files may be at most 10 MB.")})
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in EVIDENCE_TYPES:
        raise ValidationError({field: _("Evidence must be a JPG, PNG or PDF file.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[extension]):
        raise ValidationError({field: _("The file's content is not a %(type)s file.") % {
            "type": extension.lstrip(".").upper()}})
    return extension


def _sha256(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def result_attach_evidence(*, actor, result, upload):
    """Attach an evidence file to a check point's result (PDA upload after the inspection was recorded).

    One file per point; an attached file is never replaced silently. The stored name is generated, never the
    client's; the audit record keeps the original name, size and SHA-256."""
    result = (InspectionResult.objects.select_for_update(of=("self",)).select_related("inspection", "point")
              .get(pk=result.pk))
    access.require(actor, "inspection.record", result.inspection)
    extension = evidence_check(upload, field="file")
    if result.evidence:
        raise ValidationError({"point": _("Evidence is already attached to check point %(point)s.") % {
            "point": result.point.code}})
    checksum = _sha256(upload)
    original = (upload.name or "")[:100]
    upload.name = f"{result.inspection.code}-{result.point.code}-{secrets.token_hex(4)}{extension}"
    result.evidence = upload
    result.save(update_fields=["evidence"])
    audit.record("planning.evidence_attached", actor=actor, obj=result.inspection, point=result.point.code,
                 filename=original, size=upload.size, sha256=checksum)
    return result
