"""Evidence uploads: size and type limits by content sniffing, random storage names, hashes, audit."""

import hashlib
import os
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from ..models import Case, CaseEvent, Evidence

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

# (magic prefix, offset, content type, extension, evidence kinds allowed)
_SIGNATURES = [
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"GIF87a", 0, "image/gif", "gif"),
    (b"GIF89a", 0, "image/gif", "gif"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"ID3", 0, "audio/mpeg", "mp3"),
    (b"\xff\xfb", 0, "audio/mpeg", "mp3"),
    (b"#!AMR", 0, "audio/amr", "amr"),
]
_EXECUTABLE_PREFIXES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")


def sniff(head):
    """(content type, extension) from the first bytes, or None when the type is not allowed."""
    if head.startswith(_EXECUTABLE_PREFIXES):
        return None
    for magic, offset, content_type, ext in _SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return content_type, ext
    if head[4:8] == b"ftyp":
        return "video/mp4", "mp4"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    return None


@transaction.atomic
def evidence_add(*, case, actor, kind, description="", upload=None):
    """Attach a file (≤ 20 MB, an image, video, audio or PDF by its content) or a note to the case."""
    access.require(actor, "case.handle", obj=case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_final:
        raise ValidationError(_("The case is closed; its file can no longer change."))
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": _("Choose one of the listed options.")})
    evidence = Evidence(case=case, kind=kind, description=(description or "").strip(), uploaded_by=actor,
                        uploaded_at=timezone.now())
    if upload is None:
        if kind != Evidence.Kind.NOTE or not evidence.description:
            raise ValidationError({"file": _("Choose a file, or write a note.")})
    else:
        if upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError({"file": _("The file is larger than 20 MB.")})
        upload.seek(0)
        head = upload.read(64)
        sniffed = sniff(head)
        if sniffed is None:
            raise ValidationError({"file": _(
                "This file type is not accepted (executables and unknown types are refused); upload a photo, "
                "video, audio recording or PDF.")})
        content_type, ext = sniffed
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        evidence.content_type = content_type
        evidence.size = upload.size
        evidence.sha256 = digest.hexdigest()
        evidence.original_name = os.path.basename(upload.name or "")[:200]
        evidence.file.save(f"{secrets.token_hex(16)}.{ext}", ContentFile(upload.read()), save=False)
    evidence.full_clean()
    evidence.save()
    CaseEvent.objects.create(case=case, action="add_evidence", from_status=case.status, to_status=case.status,
                             actor=actor, note=evidence.description[:200],
                             data={"kind": kind, "name": evidence.original_name, "sha256": evidence.sha256})
    audit.record("case.evidence_add", actor=actor, obj=case, kind=kind, sha256=evidence.sha256, size=evidence.size)
    return evidence
