"""Writes and business rules of the organisation app."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from .models import Empowerment, Officer, Township, Zone

OFFICER_FIELDS = ["name", "employee_number", "category", "certificate_number", "certificate_expiry",
                  "home_department", "township", "posted_on", "is_active", "user", "has_legal_qualification"]


def is_empowered(township, item, on_date=None, zone=None):
    """The single guard (行政处罚法 art. 24): may `township` exercise catalogue `item` on `on_date`?

    True when the item was in the catalogue on that date (a retirement ends its validity, so a past date
    before the retirement still counts) and an empowerment of the township was in force that day.
    Grants and revocations are written by `townships.empowerment`. In a 特定区域 township an empowerment
    limited to zones holds only for a record in one of those zones (`zone`).
    """
    if township is None or item is None:
        return False
    on_date = on_date or timezone.localdate()
    if item.valid_from > on_date or (item.valid_to and item.valid_to < on_date):
        return False
    if item.status != "active" and item.valid_to is None:  # retired without an end date: never valid
        return False
    empowerments = Empowerment.objects.in_force(on_date).filter(township=township, item=item)
    if township.empowerment_mode != Township.EmpowermentMode.SPECIAL_AREA:
        return empowerments.exists()
    if empowerments.filter(zones__isnull=True).exists():  # not limited: the whole township
        return True
    return zone is not None and empowerments.filter(zones=zone).exists()


def empowered_zone_names(township, item, on_date=None):
    """The zones a 特定区域 township's empowerment for `item` is limited to (names), or [] when not limited."""
    if township is None or township.empowerment_mode != Township.EmpowermentMode.SPECIAL_AREA:
        return []
    on_date = on_date or timezone.localdate()
    empowerments = Empowerment.objects.in_force(on_date).filter(township=township, item=item)
    if not empowerments.exists() or empowerments.filter(zones__isnull=True).exists():
        return []
    return sorted(set(Zone.objects.filter(empowerments__in=empowerments).values_list("name", flat=True)))


def zone_limit_refusal(township, item, zone, on_date=None):
    """特定区域 (行政处罚法 art. 24): the one rule for records of a township item outside its named zones.

    None when the record may be handled (the township is not a special-area township, its empowerment for
    `item` is not limited to zones, or `zone` is one of them); else the Chinese reason naming the article and
    the zones. Cases (cases.services.context), clues dispatched to the township (intake) and inspections
    recorded by the township's officers (planning) ask this; a township not empowered at all is another rule."""
    if township is None or item is None or township.empowerment_mode != Township.EmpowermentMode.SPECIAL_AREA:
        return None
    zones = empowered_zone_names(township, item, on_date)
    if not zones or is_empowered(township, item, on_date, zone=zone):
        return None
    return _("Art. 24: in %(township)s item %(code)s is empowered only in the zones %(zones)s (特定区域); this "
             "record's zone (%(zone)s) is outside them.") % {
        "township": township.name, "code": item.code, "zones": "、".join(zones),
        "zone": zone.name if zone is not None else _("none")}


def serving_township_ids(township):
    """The townships whose posted officers may handle records of `township`: the township itself and, for a
    1+X satellite (seed 001, 1+X 辐射), its hub township, whose team serves it."""
    if township is None:
        return set()
    ids = {township.pk}
    if township.hub_id and township.empowerment_mode == Township.EmpowermentMode.HUB:
        ids.add(township.hub_id)
    return ids


def _duplicate_certificate_error():
    return ValidationError({"certificate_number": _("Another officer already holds this certificate number.")})


def _duplicate_employee_number_error():
    return ValidationError({"employee_number": _("Another officer already has this employee number.")})


def _save_officer(officer):
    """Validate (with Chinese messages for the unique fields) and save; nothing half-written on error."""
    if officer.certificate_number == "":
        officer.certificate_number = None
    others = Officer.objects.exclude(pk=officer.pk) if officer.pk else Officer.objects.all()
    if officer.certificate_number and others.filter(certificate_number=officer.certificate_number).exists():
        raise _duplicate_certificate_error()
    if officer.employee_number and others.filter(employee_number=officer.employee_number).exists():
        raise _duplicate_employee_number_error()
    officer.full_clean()
    try:
        with transaction.atomic():
            officer.save()
    except IntegrityError as error:  # a concurrent writer took the number between check and save
        if "certificate" in str(error):
            raise _duplicate_certificate_error() from error
        raise _duplicate_employee_number_error() from error
    return officer


@transaction.atomic
def officer_create(*, actor, **data):
    """Create an officer record (org.manage roles only)."""
    access.require(actor, "org.manage")
    unknown = set(data) - set(OFFICER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown officer fields: {sorted(unknown)}")
    officer = _save_officer(Officer(**data))
    audit.record("org.officer_created", actor=actor, obj=officer, employee_number=officer.employee_number,
                 township=officer.township.code if officer.township else None)
    return officer


@transaction.atomic
def officer_update(*, actor, officer, **data):
    """Change an officer record; records which fields changed."""
    access.require(actor, "org.manage", obj=officer)
    unknown = set(data) - set(OFFICER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown officer fields: {sorted(unknown)}")
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    changed = {}
    for name, value in data.items():
        before = getattr(officer, name)
        if before != value:
            changed[name] = [_audit_value(before), _audit_value(value)]
            setattr(officer, name, value)
    if not changed:
        return officer
    _save_officer(officer)
    audit.record("org.officer_updated", actor=actor, obj=officer, employee_number=officer.employee_number,
                 changed=changed)
    return officer


def _audit_value(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return getattr(value, "code", None) or str(value)


from .zones import (  # noqa: E402,F401  (the zone register lives in its own module)
    validate_zone_for,
    zone_create,
    zone_reinstate,
    zone_retire,
    zone_update,
    zones_import,
)
