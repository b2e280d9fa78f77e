"""Subjects (检查对象): creation, conflicts of interest, and the all-or-nothing Excel/CSV import."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core.locks import import_lock
from enforcement.core.validators import validate_uscc
from townships.models import Township, Zone
from townships.zones import validate_zone_for

from ..models import Industry, OfficerConflict, RiskLevel, Subject, SubjectRiskChange

MAX_IMPORT_ROWS = 20000

# Header (Chinese as printed in the template, or the English field name) -> field.
IMPORT_COLUMNS = {
    "统一社会信用代码": "uscc", "uscc": "uscc",
    "名称": "name", "主体名称": "name", "name": "name",
    "行业": "industry", "industry": "industry",
    "地址": "address", "address": "address",
    "乡镇": "township", "乡镇街道": "township", "乡镇(街道)": "township", "township": "township",
    "风险等级": "risk_level", "risk_level": "risk_level",
    "片区": "zone", "执法责任片区": "zone", "片区编码": "zone", "zone": "zone",
}
REQUIRED_COLUMNS = ("uscc", "name", "industry", "township")
TEMPLATE_HEADER = ["统一社会信用代码", "名称", "行业", "地址", "乡镇街道", "风险等级"]
RISK_WORDS = {"低": RiskLevel.LOW, "低风险": RiskLevel.LOW, "low": RiskLevel.LOW,
              "中": RiskLevel.MEDIUM, "中风险": RiskLevel.MEDIUM, "medium": RiskLevel.MEDIUM,
              "高": RiskLevel.HIGH, "高风险": RiskLevel.HIGH, "high": RiskLevel.HIGH}


EXPORT_HEADER = TEMPLATE_HEADER + ["片区", "在用"]
MAX_EXPORT_ROWS = 50_000
RISK_NAMES = {RiskLevel.LOW: "低", RiskLevel.MEDIUM: "中", RiskLevel.HIGH: "高"}


def export_rows(subjects):
    """Rows in the import's format (a round trip changes nothing), plus the zone and whether in use."""
    for s in subjects:
        yield [s.uscc, s.name, s.industry.code, s.address, s.township.code, RISK_NAMES.get(s.risk_level, ""),
               s.zone.code if s.zone_id else "", "是" if s.is_active else "否"]


def subjects_export_response(*, actor, queryset, file_format="xlsx"):
    """The filtered subjects as xlsx/CSV, capped and audited (SECURITY §16, §26)."""
    from enforcement.core import spreadsheets

    access.require(actor, "plan.view")
    subjects = list(queryset.select_related("industry", "township", "zone")[:MAX_EXPORT_ROWS + 1])
    capped = len(subjects) > MAX_EXPORT_ROWS
    subjects = subjects[:MAX_EXPORT_ROWS]
    file_format = "csv" if file_format == "csv" else "xlsx"
    response = spreadsheets.response(EXPORT_HEADER, export_rows(subjects), filename="subjects",
                                     file_format=file_format, sheet_title=_("Subjects"))
    audit.record("planning.subjects_exported", actor=actor, rows=len(subjects), capped=capped,
                 file_format=file_format)
    if capped:
        response["X-Export-Capped"] = str(MAX_EXPORT_ROWS)
    return response


def column_label(field_name):
    labels = {"uscc": _("unified social credit code"), "name": _("name"), "industry": _("industry"),
              "address": _("address"), "township": _("township"), "risk_level": _("risk level"),
              "zone": _("zone")}
    return labels.get(field_name, field_name)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # dicts: row, column, message

    @property
    def ok(self):
        return not self.errors

    def add(self, row, column, message):
        self.errors.append({"row": row, "column": column_label(column) if column else "", "message": str(message)})


@transaction.atomic
def subject_create(*, actor, uscc, name, industry, township, address="", risk_level=RiskLevel.LOW, zone=None):
    access.require(actor, "subject.manage")
    subject = Subject(uscc=(uscc or "").strip().upper(), name=name, industry=industry, township=township,
                      address=address, risk_level=risk_level, zone=zone)
    subject.full_clean()
    validate_zone_for(zone, township)
    subject.save()
    SubjectRiskChange.objects.create(subject=subject, to_level=subject.risk_level, changed_by=actor,
                                     source=_("registered"))
    audit.record("planning.subject_created", actor=actor, obj=subject)
    return subject


SUBJECT_FIELDS = ("name", "industry", "township", "address", "risk_level", "is_active", "zone")


@transaction.atomic
def subject_update(*, actor, subject, **changes):
    """Change a subject's particulars; the credit code is its identity and never changes."""
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    access.require(actor, "subject.manage", subject)
    changed = []
    for name, value in changes.items():
        if name not in SUBJECT_FIELDS:
            raise ValueError(f"subject_update cannot change {name}")
        if getattr(subject, name) != value:
            setattr(subject, name, value)
            changed.append(name)
    if not changed:
        return subject
    before_risk = Subject.objects.filter(pk=subject.pk).values_list("risk_level", flat=True).first()
    subject.full_clean()
    if "risk_level" in changed:
        SubjectRiskChange.objects.create(subject=subject, from_level=before_risk, to_level=subject.risk_level,
                                         changed_by=actor, source=_("edited"))
    if "zone" in changed or "township" in changed:
        if "township" in changed and "zone" not in changed and subject.zone_id:
            subject.zone = None  # moved to another township: the old township's zone no longer applies
            changed.append("zone")
        validate_zone_for(subject.zone, subject.township)
    subject.save(update_fields=changed)
    audit.record("planning.subject_updated", actor=actor, obj=subject, fields=sorted(changed))
    return subject


@transaction.atomic
def conflict_record(*, actor, officer, subject, reason):
    """Record that an officer must not inspect a subject (回避); draws never pick the officer for it.

    Liaisons record conflicts of their own department's officers (the officer must be in their scope)."""
    access.require(actor, "draw.run")
    access.require(actor, "draw.run", officer)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the conflict.")})
    if OfficerConflict.objects.filter(officer=officer, subject=subject).exists():
        raise ValidationError({"subject": _("A conflict of %(officer)s with %(subject)s is already recorded.") % {
            "officer": officer.name, "subject": subject.name}})
    conflict = OfficerConflict(officer=officer, subject=subject, reason=reason)
    conflict.full_clean()
    conflict.save()
    audit.record("planning.conflict_recorded", actor=actor, obj=subject, officer=officer.employee_number,
                 reason=reason)
    return conflict


def _decode(raw):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": _("The CSV file is neither UTF-8 nor GBK encoded.")})


def _read_rows(uploaded, filename):
    """Yield lists of cell strings, header first. Excel (.xlsx) or CSV in UTF-8 / GBK."""
    name = (filename or getattr(uploaded, "name", "") or "").lower()
    raw = uploaded.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationError({"file": _("The Excel file cannot be read.")}) from exc
        return [["" if cell is None else str(cell).strip() for cell in row]
                for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv") or not name:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(_decode(raw)))]
    raise ValidationError({"file": _("Upload an Excel (.xlsx) or CSV file.")})


@transaction.atomic
def subjects_import(*, actor, uploaded, filename=""):
    """Create or update subjects from a spreadsheet. Any row error: nothing is written."""
    access.require(actor, "subject.manage")
    result = ImportResult()
    rows = _read_rows(uploaded, filename)
    if not rows or not any(rows[0]):
        result.add(1, None, _("The file is empty."))
        return result
    header = [IMPORT_COLUMNS.get(cell.strip().lower() if cell.isascii() else cell.strip()) for cell in rows[0]]
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        labels = "、".join(column_label(c) for c in missing)
        result.add(1, None, _("Missing columns: %(columns)s") % {"columns": labels})
        return result
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        result.add(1, None, _("At most %(n)s rows per import.") % {"n": MAX_IMPORT_ROWS})
        return result

    industries = {}
    for industry in Industry.objects.all():
        industries[industry.name] = industries[industry.code] = industry
    townships = {}
    for township in Township.objects.all():
        townships[township.name] = townships[township.code] = township

    zones = {}
    for zone in Zone.objects.filter(is_active=True):
        zones[(zone.township_id, zone.code)] = zones[(zone.township_id, zone.name)] = zone
    has_zone_column = "zone" in header

    parsed, seen = [], {}
    for index, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        data = {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i]}
        uscc = data.get("uscc", "").strip().upper()
        try:
            validate_uscc(uscc)
        except ValidationError as exc:
            result.add(index, "uscc", exc.messages[0])
        else:
            if uscc in seen:
                result.add(index, "uscc", _("Duplicate of row %(row)s.") % {"row": seen[uscc]})
            seen[uscc] = index
        name = data.get("name", "").strip()
        if not name:
            result.add(index, "name", _("This field is required."))
        elif len(name) > 200:
            result.add(index, "name", _("At most 200 characters."))
        industry = industries.get(data.get("industry", "").strip())
        if industry is None:
            result.add(index, "industry", _("Unknown industry “%(value)s”.") % {"value": data.get("industry", "")})
        township = townships.get(data.get("township", "").strip())
        if township is None:
            result.add(index, "township", _("Unknown township “%(value)s”.") % {"value": data.get("township", "")})
        risk_text = data.get("risk_level", "").strip().lower()
        risk = RISK_WORDS.get(risk_text, RiskLevel.LOW if not risk_text else None)
        if risk is None:
            result.add(index, "risk_level", _("Risk level must be 低, 中 or 高."))
        address = data.get("address", "").strip()[:300]
        zone_text, zone = data.get("zone", "").strip(), None
        if zone_text and township is not None:
            zone = zones.get((township.pk, zone_text))
            if zone is None:
                result.add(index, "zone", _("No zone “%(value)s” in use in %(township)s.")
                           % {"value": zone_text, "township": township.name})
        parsed.append(Subject(uscc=uscc, name=name, industry=industry, township=township, address=address,
                              risk_level=risk or RiskLevel.LOW, zone=zone))
    if not parsed and not result.errors:
        result.add(2, None, _("The file has no data rows."))
    if result.errors:
        return result

    import_lock("planning.subjects")  # a concurrent import waits, then sees what this one wrote
    existing = {s.uscc: s for s in Subject.objects.filter(uscc__in=[s.uscc for s in parsed])}
    previous_risk = {s.pk: s.risk_level for s in existing.values()}
    to_create, to_update = [], []
    for subject in parsed:
        current = existing.get(subject.uscc)
        if current is None:
            to_create.append(subject)
        else:
            if not has_zone_column:  # the file says nothing of zones: keep the subject's, if still its township's
                subject.zone_id = current.zone_id if current.township_id == subject.township.pk else None
            for attr in ("name", "industry", "township", "address", "risk_level", "zone_id"):
                setattr(current, attr, getattr(subject, attr))
            to_update.append(current)
    risk_changes = [SubjectRiskChange(subject=current, from_level=before, to_level=current.risk_level,
                                      changed_by=actor, source=_("imported"))
                    for current, before in ((s, previous_risk[s.pk]) for s in to_update)
                    if before != current.risk_level]
    Subject.objects.bulk_create(to_create, batch_size=1000)
    risk_changes += [SubjectRiskChange(subject=s, to_level=s.risk_level, changed_by=actor, source=_("imported"))
                     for s in to_create]
    SubjectRiskChange.objects.bulk_create(risk_changes, batch_size=1000)
    Subject.objects.bulk_update(to_update, ["name", "industry", "township", "address", "risk_level", "zone"],
                                batch_size=1000)
    result.created, result.updated = len(to_create), len(to_update)
    audit.record("planning.subjects_imported", actor=actor, created=result.created, updated=result.updated,
                 filename=str(filename or getattr(uploaded, "name", ""))[:100])
    return result
