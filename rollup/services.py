"""County side: build and sign the month's forms (JSON and xlsx). Upstream side: register counties, verify and
import their files (refusing tampering, duplicates and schema mismatches with a clear message), and add them up.
"""

import hashlib
import io
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

import jsonschema
from openpyxl import Workbook

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core.spreadsheets import safe_cell
from enforcement.reports.models import county_name
from enforcement.reports.statistics import StatScope, case_figures, inspection_figures, staffing_figures

from . import forms as form_lines
from . import signing
from .models import CountyKey, Submission

MAX_FILE_BYTES = 2 * 1024 * 1024


def county_code():
    return settings.ROLLUP_COUNTY_CODE or settings.AGENCY_REGION_CODE


# ------------------------------------------------------------------------------------------------ county side
def county_forms(*, period, today=None):
    """The county's forms for a month as plain JSON data (the payload of the signed file)."""
    from assessment.supervision import supervision_figures
    from cases.selectors_appeals import appeal_figures
    from cases.selectors_coercive import coercive_figures

    scope = StatScope()
    cases = case_figures(actor=None, period=period, scope=scope, today=today)
    inspections = inspection_figures(actor=None, period=period, scope=scope)
    staffing = staffing_figures(actor=None, scope=scope, today=period.end)
    supervision = supervision_figures(actor=None, start=period.start, end=period.end)
    appeals = appeal_figures(start=period.start, end=period.end)
    coercive = coercive_figures(start=period.start, end=period.end)
    forms = {
        "cases": {line: cases[line] for line, _label in form_lines.LINES["cases"]},
        "inspections": {line: inspections[line] for line, _label in form_lines.LINES["inspections"]},
        "staffing": {line: staffing[line] for line, _label in form_lines.LINES["staffing"]},
        "supervision": {line: supervision[line] for line, _label in form_lines.LINES["supervision"]},
        "appeals": {f"{kind}_{measure}": appeals[kind][measure] for kind in ("review", "litigation")
                    for measure in ("filed", "decided", "corrected")} | {"pending": appeals["pending"]},
        "coercive": {**coercive["taken"], **{line: coercive[line] for line in ("extended", "released", "handled",
                                                                               "overdue")}},
        "by_domain": [{"code": code, "name": name, "cases": n} for code, name, n in cases["by_domain"]],
    }
    return {"county": {"code": county_code(), "name": county_name()}, "month": period.key,
            "generated_at": timezone.now().isoformat(timespec="seconds"), "forms": forms}


def county_export(*, actor, period, today=None):
    """The signed file {format, version, payload, signature}; audited. Refused without a signing key."""
    access.require(actor, "rollup.export")
    return build_envelope(period=period, today=today, actor=actor)


def build_envelope(*, period, today=None, actor=None):
    """The signed file; `actor` None is the server's own command (manage.py rollup_export)."""
    if period.kind != "month":
        raise ValidationError({"month": _("The forms are monthly: write the month as YYYY-MM.")})
    payload = county_forms(period=period, today=today)
    envelope = {"format": form_lines.FORMAT, "version": form_lines.VERSION, "payload": payload,
                "signature": signing.sign(payload)}
    audit.record("rollup.exported", actor=actor, month=period.key, key_id=envelope["signature"]["key_id"])
    return envelope


def envelope_bytes(envelope):
    return json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def forms_xlsx(rows, total, month):
    """A workbook of the forms: one column per county and the total (rows: [(label, forms)])."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Forms"))
    sheet.append([str(_("Monthly enforcement forms")), month])
    sheet.append([str(_("Section")), str(_("Line")), *[safe_cell(str(label)) for label, _forms in rows],
                  str(_("Total"))])
    for section, lines in form_lines.LINES.items():
        for line, label in lines:
            values = [forms[section][line] for _label, forms in rows]
            money = (section, line) in form_lines.MONEY
            sheet.append([section, str(label), *[float(v) if money else v for v in values],
                          float(total[section][line]) if money else total[section][line]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ upstream side
def county_register(*, actor, code, name, public_key_pem, system=False):
    if not system:
        access.require(actor, "rollup.import")
    code, name = (code or "").strip(), (name or "").strip()
    errors = {}
    if not code or len(code) > 12 or not code.replace("-", "").isalnum():
        errors["code"] = _("The county code has 1 to 12 letters or digits.")
    if not name:
        errors["name"] = _("Name the county.")
    try:
        public_key = signing.load_public(public_key_pem or "")
    except ValueError as exc:
        errors["public_key"] = str(exc)
        public_key = None
    if errors:
        raise ValidationError(errors)
    kid = signing.key_id(public_key)
    try:
        with transaction.atomic():
            county, created = CountyKey.objects.update_or_create(code=code, defaults={
                "name": name, "public_key": signing.public_pem(public_key), "key_id": kid, "is_active": True,
                "registered_by": actor, "registered_at": timezone.now()})
    except IntegrityError:
        raise ValidationError({"public_key": _("This key is already registered for another county.")}) from None
    audit.record("rollup.county_registered", actor=actor, obj=county, key_id=kid, created=created)
    return county


def _schema_error(error):
    where = "/".join(str(part) for part in error.absolute_path) or "(root)"
    return _("The file does not follow the forms format (version %(version)s) at %(where)s: %(message)s") % {
        "version": form_lines.VERSION, "where": where, "message": error.message[:200]}


def parse_file(content):
    """The file's envelope, validated against the schema; ValidationError with the first problems."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 2 MB.")})
    try:
        envelope = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValidationError({"file": _("The file is not JSON in UTF-8.")}) from None
    validator = jsonschema.Draft202012Validator(form_lines.SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(envelope), key=lambda e: list(e.absolute_path))[:5]
    if errors:
        raise ValidationError({"file": [_schema_error(e) for e in errors]})
    if parse_datetime(envelope["payload"]["generated_at"]) is None:
        raise ValidationError({"file": _("generated_at is not a date and time.")})
    return envelope


def submission_import(*, actor, content, name=""):
    """Verify one county file and store it; refused when unsigned by the registered key, tampered with,
    already imported for that county and month, or not in the format."""
    access.require(actor, "rollup.import")
    return store_file(content=content, actor=actor, name=name)


def store_file(*, content, actor=None, name=""):
    """Verify and store; `actor` None is the server's own command (manage.py rollup_import)."""
    envelope = parse_file(content)
    payload, signature = envelope["payload"], envelope["signature"]
    code = payload["county"]["code"]
    county = CountyKey.objects.filter(code=code, is_active=True).first()
    if county is None:
        raise ValidationError({"file": _("County %(code)s is not registered here: register its public key first.")
                               % {"code": code}})
    if signature["key_id"] != county.key_id or not signing.verify(county.public_key, payload, signature["value"]):
        audit.record("rollup.signature_refused", actor=actor, obj=county, month=payload["month"], file=name[:100],
                     outcome="failure")
        raise ValidationError({"file": _("The signature does not match %(county)s's registered key: the file has "
                                         "been altered or was not signed by that county.") % {"county": county.name}})
    duplicate = ValidationError({"file": _("%(county)s's forms for %(month)s have already been imported.") % {
        "county": county.name, "month": payload["month"]}})
    if Submission.objects.filter(county=county, month=payload["month"]).exists():
        raise duplicate
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                county=county, month=payload["month"], version=envelope["version"], payload=payload,
                sha256=hashlib.sha256(content).hexdigest(), generated_at=parse_datetime(payload["generated_at"]),
                imported_by=actor)
    except IntegrityError:  # the same file imported twice at once: one wins
        raise duplicate from None
    audit.record("rollup.imported", actor=actor, obj=county, month=payload["month"], sha256=submission.sha256)
    return submission


def month_rollup(*, actor, month):
    """(rows, total, rates) of a month: each county's forms beside their sum."""
    access.require(actor, "rollup.view")
    submissions = list(Submission.objects.filter(month=month).select_related("county").order_by("county__code"))
    rows = [(s.county, s.payload["forms"]) for s in submissions]
    total = form_lines.add_up([forms for _county, forms in rows])
    return rows, total, form_lines.rates(total)
