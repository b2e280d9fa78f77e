"""The archived case file (卷宗, 案卷归档): archiving a closed case makes ONE PDF — cover (案由, 当事人, 案号,
dates, retention period), 卷内目录 with the page numbers of the whole file, then every issued document
(the stored PDFs, oldest first, every version) and every evidence item (images on their own pages, PDFs
as they are, other files by their record) — stored with its SHA-256. It is made once: a file that exists
is returned as it is, never regenerated."""

import base64
import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.audit import services as audit
from enforcement.core.pdf import render_pdf
from enforcement.outbox import services as outbox

from ..models import Case, Document, Evidence, Status
from ..models_archive import CaseFile

RETENTION_MAJOR = "永久"  # 重大案件案卷永久保存
RETENTION_ORDINARY = "30年"
MAX_TOC_PASSES = 4
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


def _page_count(pdf):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _read(field):
    with field.open("rb") as handle:
        return handle.read()


def _evidence_part(evidence):
    """One evidence item as PDF bytes: an image on its own page, a PDF as it is, anything else by its record."""
    data = _read(evidence.file) if evidence.file else b""
    if evidence.content_type == "application/pdf" and data:
        return data
    image = None
    if evidence.content_type in IMAGE_TYPES and data:
        image = f"data:{evidence.content_type};base64,{base64.b64encode(data).decode()}"
    item = {"kind": evidence.get_kind_display(), "name": evidence.original_name, "uploaded_at": evidence.uploaded_at,
            "sha256": evidence.sha256 or "—", "description": evidence.description, "image": image}
    return render_pdf("cases/pdf/case_file_evidence.html", {"items": [item]})


def _parts(case):
    """[(toc row, pdf bytes)] in the order of the file: documents by issue time, then evidence."""
    from .documents import TITLES  # documents → filing → transition → here: import when used

    parts = []
    for document in Document.objects.filter(case=case).order_by("created_at", "version", "id"):
        if not document.file:
            continue
        title = TITLES.get(document.kind, document.get_kind_display())
        if document.version > 1:
            title = f"{title}(第{document.version}版)"
        parts.append(({"title": title, "number": document.number,
                       "date": timezone.localdate(document.created_at).isoformat()}, _read(document.file)))
    for number, evidence in enumerate(Evidence.objects.filter(case=case).order_by("uploaded_at", "id"), 1):
        parts.append(({"title": f"证据{number}:{evidence.get_kind_display()} {evidence.original_name}".strip(),
                       "number": "", "date": timezone.localdate(evidence.uploaded_at).isoformat()},
                      _evidence_part(evidence)))
    return parts


def _front(case, rows, total_pages, retention):
    from .filing import agency_name

    return render_pdf("cases/pdf/case_file_cover.html", {
        "case": case, "contents": rows, "total_pages": total_pages, "retention": retention,
        "agency": agency_name(case.township), "archived_on": case.archived_on or timezone.localdate()})


def build_case_file_pdf(case):
    """(pdf bytes, contents rows, page count). The front matter is laid out until its own length is stable,
    so that every page number in the 卷内目录 is the real page of the whole file."""
    from pypdf import PdfWriter

    retention = RETENTION_MAJOR if case.is_major else RETENTION_ORDINARY
    parts = _parts(case)
    counts = [_page_count(pdf) for _row, pdf in parts]
    front_pages = 2  # cover + one page of contents, to begin with
    for _attempt in range(MAX_TOC_PASSES):
        rows, page = [], front_pages + 1
        for (row, _pdf), count in zip(parts, counts, strict=True):
            rows.append({**row, "page": page, "pages": count})
            page += count
        total = page - 1
        front = _front(case, rows, total, retention)
        if _page_count(front) == front_pages:
            break
        front_pages = _page_count(front)
    writer = PdfWriter()
    writer.append(io.BytesIO(front))
    for _row, pdf in parts:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), rows, total, retention


def case_file_build(*, case_id, actor=None):
    """Make the 卷宗 of an archived case once; an existing one is returned untouched (never regenerated)."""
    existing = CaseFile.objects.filter(case_id=case_id).first()
    if existing is not None:
        return existing
    case = Case.objects.select_related("item", "township").get(pk=case_id)
    if case.status != Status.ARCHIVED:
        raise ValidationError(_("Only an archived case has a case file."))
    pdf, rows, pages, retention = build_case_file_pdf(case)
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        with transaction.atomic():
            case_file = CaseFile(case=case, sha256=digest, size=len(pdf), pages=pages, contents=rows,
                                 retention=retention)
            case_file.file.save(f"{case.code}-case-file.pdf", ContentFile(pdf), save=False)
            case_file.save()
    except IntegrityError:  # made meanwhile by another worker: keep that one
        return CaseFile.objects.get(case_id=case_id)
    audit.record("case.case_file", actor=actor, obj=case, sha256=digest, pages=pages)
    return case_file


def verify_case_file(case_file):
    """True when the stored file still has the SHA-256 recorded when it was made."""
    return hashlib.sha256(_read(case_file.file)).hexdigest() == case_file.sha256


def after_transition(case, action, *, actor=None):
    """Archiving queues the 卷宗 (on commit)."""
    if action != "archive":
        return
    from ..tasks import build_case_file

    # Written with the transition, sent after the commit: a broker outage delays the case file, never loses it.
    outbox.enqueue(build_case_file, case.pk, getattr(actor, "pk", None))
