"""The officer register as a spreadsheet: export (xlsx/CSV, capped, audited) and the all-or-nothing import that
creates or updates officers by employee number through `officer_create` / `officer_update` (same validation,
uniqueness messages and audit as the form)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import spreadsheets

from .models import Department, Officer, Township
from .services import officer_create, officer_update

MAX_IMPORT_ROWS = 5_000
MAX_EXPORT_ROWS = 20_000
YES, NO = "是", "否"

COLUMNS = [
    ("employee_number", pgettext_lazy("officer file", "Employee number")),
    ("name", pgettext_lazy("officer file", "Name")),
    ("category", pgettext_lazy("officer file", "Category")),
    ("certificate_number", pgettext_lazy("officer file", "Certificate number")),
    ("certificate_expiry", pgettext_lazy("officer file", "Certificate expiry")),
    ("home_department", pgettext_lazy("officer file", "Home department code")),
    ("township", pgettext_lazy("officer file", "Posted township code")),
    ("posted_on", pgettext_lazy("officer file", "Posted on")),
    ("is_active", pgettext_lazy("officer file", "On duty")),
    ("has_legal_qualification", pgettext_lazy("officer file", "Legal professional qualification")),
]
REQUIRED = ("employee_number", "name", "category", "home_department")


def export_headers():
    return [str(header) for _name, header in COLUMNS]


def export_rows(officers):
    labels = dict(Officer.Category.choices)
    for o in officers:
        yield [o.employee_number, o.name, str(labels.get(o.category, o.category)), o.certificate_number or "",
               o.certificate_expiry, o.home_department.code, o.township.code if o.township_id else "", o.posted_on,
               YES if o.is_active else NO, YES if o.has_legal_qualification else NO]


class _Failed(Exception):
    pass


def _date(text):
    return date.fromisoformat(text[:10]) if text else None


@transaction.atomic
def officers_import(*, actor, content, filename=""):
    """Create or update officers by employee number; any row error: nothing is written. Returns
    (created, updated, errors) with errors as (row, column, message)."""
    access.require(actor, "org.manage")
    rows = spreadsheets.read_rows(content, filename)
    labels = {name: str(header) for name, header in COLUMNS}
    known = {str(header): name for name, header in COLUMNS} | {name: name for name, _h in COLUMNS}
    if not rows or not any(rows[0]):
        return 0, 0, [(1, "", _("The file is empty."))]
    header = [known.get(str(cell).strip()) for cell in rows[0]]
    missing = [labels[c] for c in REQUIRED if c not in header]
    if missing:
        return 0, 0, [(1, "", _("Missing columns: %(columns)s") % {"columns": "、".join(missing)})]
    data_rows = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(cells)]
    if not data_rows:
        return 0, 0, [(2, "", _("The file has no data rows."))]
    if len(data_rows) > MAX_IMPORT_ROWS:
        return 0, 0, [(1, "", _("At most %(n)s rows per import.") % {"n": MAX_IMPORT_ROWS})]
    categories = {str(label): value for value, label in Officer.Category.choices} | {
        value: value for value in Officer.Category.values}
    departments = {d.code: d for d in access.scope(Department.objects.all(), actor)}
    townships = {t.code: t for t in access.scope(Township.objects.all(), actor)}
    existing = {o.employee_number: o for o in access.scope(Officer.objects.all(), actor)}
    errors, created, updated, seen = [], 0, 0, {}
    try:
        with transaction.atomic():
            for number, cells in data_rows:
                row = {header[i]: str(cells[i]).strip() for i in range(min(len(header), len(cells))) if header[i]}
                row_errors = []
                employee = row.get("employee_number", "")
                if employee in seen:
                    row_errors.append(("employee_number", _("Duplicate of row %(row)s.") % {"row": seen[employee]}))
                seen.setdefault(employee, number)
                data = {"name": row.get("name", ""), "employee_number": employee,
                        "certificate_number": row.get("certificate_number", "") or None}
                category = categories.get(row.get("category", ""))
                if category is None:
                    row_errors.append(("category", _("Category must be one of: %(choices)s.") % {
                        "choices": "、".join(str(label) for _v, label in Officer.Category.choices)}))
                data["category"] = category
                data["home_department"] = departments.get(row.get("home_department", ""))
                if data["home_department"] is None:
                    row_errors.append(("home_department", _("Unknown department “%(value)s”.")
                                       % {"value": row.get("home_department", "")}))
                township_code = row.get("township", "")
                data["township"] = townships.get(township_code) if township_code else None
                if township_code and data["township"] is None:
                    row_errors.append(("township", _("Unknown township “%(value)s”, or outside your area.")
                                       % {"value": township_code}))
                for name in ("certificate_expiry", "posted_on"):
                    try:
                        data[name] = _date(row.get(name, ""))
                    except ValueError:
                        row_errors.append((name, _("Enter a date as YYYY-MM-DD.")))
                for name in ("is_active", "has_legal_qualification"):
                    value = row.get(name, "")
                    if value not in ("", YES, NO):
                        row_errors.append((name, _("Enter 是 or 否.")))
                    data[name] = value != NO if name == "is_active" else value == YES
                if row_errors:
                    errors.extend((number, labels[c], str(m)) for c, m in row_errors)
                    continue
                try:
                    with transaction.atomic():
                        officer = existing.get(employee)
                        if officer is None:
                            officer_create(actor=actor, **data)
                            created += 1
                        else:
                            officer_update(actor=actor, officer=officer, **data)
                            updated += 1
                except ValidationError as error:
                    for field_name, messages in error.message_dict.items():
                        column = labels.get(field_name, "")
                        errors.extend((number, column, str(m)) for m in messages)
            if errors:
                raise _Failed
    except _Failed:
        return 0, 0, errors
    audit.record("org.officers_imported", actor=actor, created=created, updated=updated, filename=str(filename)[:100])
    return created, updated, []
