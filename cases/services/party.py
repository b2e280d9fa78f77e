"""The party's personal data: validated, encrypted at rest, searchable by keyed hash, shown masked."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import crypto
from enforcement.core.validators import is_valid_id_number, is_valid_uscc

from ..models import PartyType


def set_party_identity(case, *, id_number="", phone="", address=""):
    """Validate and store the party's ID/USCC number, phone and address on `case` (not saved)."""
    errors = {}
    id_number = crypto.normalise(id_number)
    if id_number:
        if case.party_type == PartyType.ORGANISATION and not is_valid_uscc(id_number):
            errors["party_id_number"] = _("Invalid unified social credit code (GB 32100 checksum).")
        elif case.party_type == PartyType.CITIZEN and not is_valid_id_number(id_number):
            errors["party_id_number"] = _("Invalid citizen ID number (GB 11643 checksum).")
    phone = crypto.normalise(phone)
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 13):
        errors["party_phone"] = _("Enter a valid phone number (digits only).")
    if errors:
        raise ValidationError(errors)
    case.party_id_encrypted = crypto.encrypt(id_number)
    case.party_id_hash = crypto.keyed_hash(id_number)
    case.party_id_masked = crypto.mask_id_number(id_number) if id_number else ""
    case.party_phone_encrypted = crypto.encrypt(phone)
    case.party_phone_masked = crypto.mask_phone(phone) if phone else ""
    case.party_address_encrypted = crypto.encrypt((address or "").strip())


def party_id_hash(value):
    return crypto.keyed_hash(value)


@transaction.atomic
def case_party_unmask(*, case, actor, reason):
    """Plaintext personal data, for those with the permission and a recorded reason (audited)."""
    access.require(actor, "case.unmask", obj=case)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("State why you need the unmasked personal data (at least 4 characters).")})
    audit.record("case.unmask", actor=actor, obj=case, reason=reason)
    return {
        "id_number": crypto.decrypt(case.party_id_encrypted),
        "phone": crypto.decrypt(case.party_phone_encrypted),
        "address": crypto.decrypt(case.party_address_encrypted),
    }
