"""Photos of a clue: checked by content (images only, ≤ 20 MB), stored under random names, hashed, audited."""

import hashlib
import os
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services.evidence import MAX_EVIDENCE_BYTES, sniff
from enforcement.accounts import access
from enforcement.audit import services as audit

from ..models import Attachment, Clue, State

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
WRITERS = ("clue.create", "clue.triage", "clue.respond")


@transaction.atomic
def attachment_add(*, clue, actor, upload, stage=Attachment.Stage.INTAKE):
    access.require(actor, "clue.view", obj=clue)
    if not any(access.can(actor, p) for p in WRITERS):
        access.require(actor, "clue.respond")
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.state in (State.CLOSED, State.MERGED):
        raise ValidationError(_("The clue is closed; no more photos can be added."))
    if stage not in Attachment.Stage.values:
        raise ValidationError({"stage": _("Choose one of the listed options.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a photo.")})
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    content = upload.read()
    kind = sniff(content[:16])
    if kind is None or kind[0] not in IMAGE_TYPES:
        raise ValidationError({"file": _("Only photos (JPEG, PNG, WebP, GIF) can be attached.")})
    content_type, ext = kind
    name = os.path.basename(getattr(upload, "name", "") or "")[:200]
    attachment = Attachment(clue=clue, stage=stage, original_name=name, content_type=content_type, size=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor, uploaded_at=timezone.now())
    attachment.file.save(f"{secrets.token_hex(16)}.{ext}", ContentFile(content), save=False)
    attachment.save()
    audit.record("clue.attachment", actor=actor, obj=clue, sha256=attachment.sha256, stage=stage)
    return attachment
