"""Checksum validators for Chinese identity numbers: GB 11643 (citizen ID) and GB 32100 (USCC)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")

# GB 32100-2015: 18 characters from this alphabet (no I, O, Z, S, V); the last is a MOD 31 check.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def id_number_check_digit(body):
    return _ID_CHECK[sum(int(ch) * w for ch, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value):
    value = (value or "").strip().upper()
    return bool(_ID_RE.match(value)) and id_number_check_digit(value[:17]) == value[17]


def validate_id_number(value):
    """GB 11643-1999 citizen identity number: 18 characters with the ISO 7064 MOD 11-2 check digit."""
    if not is_valid_id_number(value):
        raise ValidationError(_("Invalid citizen ID number (GB 11643 checksum)."), code="invalid_id_number")


def uscc_check_char(body):
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(value):
    value = (value or "").strip().upper()
    return bool(_USCC_RE.match(value)) and uscc_check_char(value[:17]) == value[17]


def validate_uscc(value):
    """GB 32100-2015 unified social credit code: 18 characters with the MOD 31 check character."""
    if not is_valid_uscc(value):
        raise ValidationError(_("Invalid unified social credit code (GB 32100 checksum)."), code="invalid_uscc")
