"""Small shared pieces of the intake services: numbers, parsing of inputs, the reporter's protected data."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import crypto

from ..models import ClueSequence

MAX_TEXT = 4000


def issue_clue_code(year):
    """The next clue number of the year, e.g. XS2026000123 (the sequence row is locked until commit)."""
    sequence, _created = ClueSequence.objects.get_or_create(year=year)
    sequence = ClueSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"XS{year}{sequence.last_number:06d}"


def text(data, key, *, required=False, max_length=MAX_TEXT, minimum=0):
    value = data.get(key)
    value = "" if value is None else str(value).strip()
    if "\x00" in value:
        raise ValidationError({key: _("The text contains a NUL character.")})
    if required and not value:
        raise ValidationError({key: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({key: _("At most %(n)s characters.") % {"n": max_length}})
    if value and len(value) < minimum:
        raise ValidationError({key: _("At least %(n)s characters.") % {"n": minimum}})
    return value


def choice(data, key, choices, default=None):
    value = text(data, key) or default
    if value not in choices:
        raise ValidationError({key: _("Choose one of the listed options.")})
    return value


def date_value(data, key, default=None, *, required=False):
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise ValidationError({key: _("This date is required.")})
        return default
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({key: _("Enter a valid date (YYYY-MM-DD).")}) from None


def datetime_value(data, key, default=None):
    value = data.get(key)
    if value in (None, ""):
        return default
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError({key: _("Enter a valid date and time (YYYY-MM-DD HH:MM).")}) from None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(9))
    if not isinstance(value, datetime.datetime):
        raise ValidationError({key: _("Enter a valid date and time (YYYY-MM-DD HH:MM).")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not 2000 <= value.year <= 2100:
        raise ValidationError({key: _("Enter a valid date and time (YYYY-MM-DD HH:MM).")})
    return value


def coordinate(data, key, low, high):
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: _("Enter a number in degrees.")}) from None
    if not number.is_finite() or number < low or number > high:
        raise ValidationError({key: _("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high}})
    return number.quantize(Decimal("0.000001"))


def position(data, lat_key="latitude", lon_key="longitude"):
    lat, lon = coordinate(data, lat_key, -90, 90), coordinate(data, lon_key, -180, 180)
    if (lat is None) != (lon is None):
        raise ValidationError({lat_key: _("Give both latitude and longitude, or neither.")})
    return lat, lon


def set_reporter(clue, *, name="", phone="", anonymous=False):
    """Validate and store the reporter on `clue` (not saved): encrypted, phone searchable by keyed hash."""
    name = (name or "").strip()
    phone = crypto.normalise(phone)
    if anonymous and (name or phone):
        raise ValidationError({"reporter_name": _("An anonymous report has no reporter details.")})
    if len(name) > 50:
        raise ValidationError({"reporter_name": _("At most %(n)s characters.") % {"n": 50}})
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 13):
        raise ValidationError({"reporter_phone": _("Enter a valid phone number (digits only).")})
    clue.reporter_anonymous = bool(anonymous)
    clue.reporter_name_encrypted = crypto.encrypt(name)
    clue.reporter_name_masked = (name[0] + "*" * (len(name) - 1)) if name else ""
    clue.reporter_phone_encrypted = crypto.encrypt(phone)
    clue.reporter_phone_masked = crypto.mask_phone(phone) if phone else ""
    clue.reporter_phone_hash = crypto.keyed_hash(phone)


@transaction.atomic
def clue_reporter_unmask(*, clue, actor, reason):
    """The reporter's name and phone in plain text: permission, a recorded reason, an audit event."""
    access.require(actor, "clue.unmask", obj=clue)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("State why you need the unmasked personal data (at least 4 characters).")})
    audit.record("clue.unmask", actor=actor, obj=clue, reason=reason)
    return {"name": crypto.decrypt(clue.reporter_name_encrypted),
            "phone": crypto.decrypt(clue.reporter_phone_encrypted)}
