"""The zone register (执法责任片区 / 网格, seed 003): create, edit, retire, reinstate, and the all-or-nothing
spreadsheet import and the export in one file format.

Every write needs org.manage and the zone's township in the actor's scope; responsible officers must be posted to
the zone's township and on duty. Records (cases, clues, subjects, inspections) name a zone of their own township
(`validate_zone_for`); a retired zone keeps its records but takes no new ones.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import spreadsheets

from .models import Officer, Township, Zone

MAX_IMPORT_ROWS = 5_000
MAX_EXPORT_ROWS = 20_000
ACTIVE_WORD, RETIRED_WORD = "在用", "停用"

# (field, header) in file order; the export writes exactly these, the import reads them back.
COLUMNS = [
    ("code", pgettext_lazy("zone file", "Zone code")),
    ("name", pgettext_lazy("zone file", "Zone name")),
    ("township", pgettext_lazy("zone file", "Township code")),
    ("township_name", pgettext_lazy("zone file", "Township name")),
    ("description", pgettext_lazy("zone file", "Zone description")),
    ("officers", pgettext_lazy("zone file", "Responsible officers (employee numbers)")),
    ("officer_names", pgettext_lazy("zone file", "Responsible officers (names)")),
    ("status", pgettext_lazy("zone file", "Zone status")),
]
REQUIRED = ("code", "name", "township")
_SPLIT = re.compile(r"[、,，;；\s]+")
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")


def validate_zone_for(zone, township, *, field_name="zone", allow_retired=False):
    """A record of `township` may name `zone` only when the zone belongs to that township and is in use."""
    if zone is None:
        return
    if township is None or zone.township_id != township.pk:
        raise ValidationError({field_name: _("The zone %(zone)s does not belong to the record's township.")
                               % {"zone": zone.name}})
    if not zone.is_active and not allow_retired:
        raise ValidationError({field_name: _("The zone %(zone)s is retired and takes no new records.")
                               % {"zone": zone.name}})


def _check_officers(township, officers):
    foreign = [o.name for o in officers if o.township_id != township.pk]
    if foreign:
        raise ValidationError({"officers": _("Responsible officers must be posted to the zone's township: %(names)s.")
                               % {"names": "、".join(foreign)}})
    off_duty = [o.name for o in officers if not o.is_active]
    if off_duty:
        raise ValidationError({"officers": _("Officers who are not on duty cannot be responsible for a zone: "
                                             "%(names)s.") % {"names": "、".join(off_duty)}})


def _save(zone):
    zone.full_clean(validate_unique=False, validate_constraints=False)
    others = Zone.objects.exclude(pk=zone.pk) if zone.pk else Zone.objects.all()
    if others.filter(code=zone.code).exists():
        raise ValidationError({"code": _("Another zone already has the code %(code)s.") % {"code": zone.code}})
    if others.filter(township_id=zone.township_id, name=zone.name).exists():
        raise ValidationError({"name": _("This township already has a zone named %(name)s.") % {"name": zone.name}})
    try:
        with transaction.atomic():
            zone.save()
    except IntegrityError as error:  # a concurrent writer took the code or name between check and save
        raise ValidationError({"code": _("Another zone already has this code or name.")}) from error


@transaction.atomic
def zone_create(*, actor, township, code, name, description="", officers=()):
    """Create a responsibility zone; its responsible officers must be posted to the same township."""
    access.require(actor, "org.manage", obj=township)
    officers = list(officers)
    zone = Zone(township=township, code=(code or "").strip(), name=(name or "").strip(),
                description=(description or "").strip())
    _check_officers(township, officers)
    _save(zone)
    zone.officers.set(officers)
    audit.record("org.zone_created", actor=actor, obj=zone, township=township.code, code=zone.code,
                 officers=sorted(o.employee_number for o in officers))
    return zone


@transaction.atomic
def zone_update(*, actor, zone, **changes):
    """Change name, description or responsible officers (the township and code stay: records point at them)."""
    access.require(actor, "org.manage", obj=zone)
    unknown = set(changes) - {"name", "description", "officers"}
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    zone = Zone.objects.select_for_update().select_related("township").get(pk=zone.pk)
    changed = {}
    for name in ("name", "description"):
        if name in changes:
            value = (changes[name] or "").strip()
            if getattr(zone, name) != value:
                changed[name] = [getattr(zone, name), value]
                setattr(zone, name, value)
    if changed:
        _save(zone)
    if "officers" in changes:
        officers = list(changes["officers"])
        _check_officers(zone.township, officers)
        before = sorted(zone.officers.values_list("employee_number", flat=True))
        after = sorted(o.employee_number for o in officers)
        if before != after:
            zone.officers.set(officers)
            changed["officers"] = [before, after]
    if changed:
        audit.record("org.zone_updated", actor=actor, obj=zone, code=zone.code, changed=changed)
    return zone


@transaction.atomic
def zone_retire(*, actor, zone, on_date=None):
    """Retire a zone: it keeps its records but is no longer offered for new cases, clues, subjects, dispatches."""
    access.require(actor, "org.manage", obj=zone)
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    if not zone.is_active:
        raise ValidationError(_("The zone %(zone)s is already retired.") % {"zone": zone.name})
    zone.is_active = False
    zone.retired_on = on_date or timezone.localdate()
    zone.save(update_fields=["is_active", "retired_on"])
    audit.record("org.zone_retired", actor=actor, obj=zone, code=zone.code, retired_on=zone.retired_on.isoformat())
    return zone


@transaction.atomic
def zone_reinstate(*, actor, zone):
    access.require(actor, "org.manage", obj=zone)
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    if zone.is_active:
        raise ValidationError(_("The zone %(zone)s is in use.") % {"zone": zone.name})
    zone.is_active, zone.retired_on = True, None
    zone.save(update_fields=["is_active", "retired_on"])
    audit.record("org.zone_reinstated", actor=actor, obj=zone, code=zone.code)
    return zone


# ---------------------------------------------------------------- export and import

def export_rows(zones):
    """Cells of each zone in COLUMNS order (zones with township and officers prefetched)."""
    for zone in zones:
        officers = sorted(zone.officers.all(), key=lambda o: o.employee_number)
        yield [zone.code, zone.name, zone.township.code, zone.township.name, zone.description,
               "、".join(o.employee_number for o in officers), "、".join(o.name for o in officers),
               ACTIVE_WORD if zone.is_active else RETIRED_WORD]


def export_headers():
    return [str(header) for _field, header in COLUMNS]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (row, column header or "", message)

    @property
    def ok(self):
        return not self.errors

    def add(self, row, column, message):
        self.errors.append((row, column, str(message)))


def _header_map():
    names = {}
    for name, header in COLUMNS:
        names[str(header)] = name
        names[name] = name
    return names


@transaction.atomic
def zones_import(*, actor, content, filename=""):
    """Create or update zones (by code) with their responsible officers; any error → nothing is written."""
    access.require(actor, "org.manage")
    result = ImportResult()
    rows = spreadsheets.read_rows(content, filename)
    if not rows or not any(rows[0]):
        result.add(1, "", _("The file is empty."))
        return result
    labels = {name: str(header) for name, header in COLUMNS}
    known = _header_map()
    header = [known.get(str(cell).strip()) for cell in rows[0]]
    missing = [labels[c] for c in REQUIRED if c not in header]
    if missing:
        result.add(1, "", _("Missing columns: %(columns)s") % {"columns": "、".join(missing)})
        return result
    data_rows = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cells)]
    if not data_rows:
        result.add(2, "", _("The file has no data rows."))
        return result
    if len(data_rows) > MAX_IMPORT_ROWS:
        result.add(1, "", _("At most %(n)s rows per import.") % {"n": MAX_IMPORT_ROWS})
        return result

    townships = {t.code: t for t in access.scope(Township.objects.all(), actor)}
    officers = {o.employee_number: o for o in Officer.objects.filter(township__in=list(townships.values()))}
    existing = {z.code: z for z in Zone.objects.select_related("township").prefetch_related("officers")}
    existing_names = {(z.township_id, z.name): z.code for z in existing.values()}
    parsed, seen_codes, seen_names = [], {}, {}
    for number, cells in data_rows:
        row = {header[i]: str(cells[i]).strip() for i in range(min(len(header), len(cells))) if header[i]}
        code, name = row.get("code", ""), row.get("name", "")
        township = townships.get(row.get("township", ""))
        if not code:
            result.add(number, labels["code"], _("This field is required."))
        elif len(code) > 40 or not _CODE.match(code):
            result.add(number, labels["code"], _("A code has at most 40 letters, digits, hyphens or underscores."))
        elif code in seen_codes:
            result.add(number, labels["code"], _("Duplicate of row %(row)s.") % {"row": seen_codes[code]})
        seen_codes.setdefault(code, number)
        if not name:
            result.add(number, labels["name"], _("This field is required."))
        elif len(name) > 100:
            result.add(number, labels["name"], _("At most 100 characters."))
        if township is None:
            result.add(number, labels["township"], _("Unknown township “%(value)s”, or outside your area.")
                       % {"value": row.get("township", "")})
        current = existing.get(code)
        if current is not None and township is not None and current.township_id != township.pk:
            result.add(number, labels["township"], _("A zone cannot move to another township (it is in %(name)s).")
                       % {"name": current.township.name})
        if township is not None and name:
            key = (township.pk, name)
            if key in seen_names:
                result.add(number, labels["name"], _("Duplicate of row %(row)s.") % {"row": seen_names[key]})
            seen_names.setdefault(key, number)
            if existing_names.get(key, code) != code:
                result.add(number, labels["name"], _("This township already has a zone named %(name)s.")
                           % {"name": name})
        chosen = []
        for employee_number in (e for e in _SPLIT.split(row.get("officers", "")) if e):
            officer = officers.get(employee_number)
            if officer is None or township is None or officer.township_id != township.pk:
                result.add(number, labels["officers"], _("%(number)s is not an officer posted to this township.")
                           % {"number": employee_number})
            elif not officer.is_active:
                result.add(number, labels["officers"], _("%(number)s is not on duty.") % {"number": employee_number})
            else:
                chosen.append(officer)
        status = row.get("status", "") or ACTIVE_WORD
        if status not in (ACTIVE_WORD, RETIRED_WORD):
            result.add(number, labels["status"], _("Status must be 在用 or 停用."))
        if len(row.get("description", "")) > 2000:
            result.add(number, labels["description"], _("At most 2,000 characters."))
        parsed.append((code, name, township, row.get("description", ""), chosen, status == ACTIVE_WORD,
                       "officers" in header))
    if result.errors:
        return result

    today = timezone.localdate()
    for code, name, township, description, chosen, active, has_officers in parsed:
        zone = existing.get(code)
        if zone is None:
            zone = Zone(code=code, township=township)
            result.created += 1
        else:
            result.updated += 1
        zone.name, zone.description = name, description
        if zone.is_active != active or zone.pk is None:
            zone.is_active, zone.retired_on = active, (None if active else (zone.retired_on or today))
        zone.full_clean(validate_unique=False, validate_constraints=False)
        zone.save()
        if has_officers:
            zone.officers.set(chosen)
    audit.record("org.zones_imported", actor=actor, created=result.created, updated=result.updated,
                 filename=str(filename)[:100])
    return result
