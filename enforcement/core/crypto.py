"""Protection of personal data at rest: Fernet field encryption, a keyed hash for exact search, masking.

The key (settings.FIELD_ENCRYPTION_KEY) lives outside the database. The search hash uses a separate
key derived from it, so the hash column alone reveals nothing and cannot be brute-forced without it.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from django.conf import settings

from cryptography.fernet import Fernet, InvalidToken


@lru_cache(maxsize=4)
def _keys(secret):
    raw = secret.encode()
    # Accept a proper Fernet key as is; derive one from any other secret.
    try:
        fernet_key = secret.encode() if len(base64.urlsafe_b64decode(raw)) == 32 else None
    except (ValueError, TypeError):
        fernet_key = None
    if fernet_key is None:
        fernet_key = base64.urlsafe_b64encode(hashlib.sha256(b"field-encryption:" + raw).digest())
    hash_key = hashlib.sha256(b"search-hash:" + raw).digest()
    return Fernet(fernet_key), hash_key


def _fernet():
    return _keys(settings.FIELD_ENCRYPTION_KEY)[0]


def encrypt(value):
    """Encrypt a string; empty stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(str(value).encode()).decode()


def decrypt(token):
    """Decrypt a token made by `encrypt`; empty stays empty. Raises ValueError on a bad token."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("undecryptable field") from exc


def normalise(value):
    return "".join(str(value or "").split()).upper()


def keyed_hash(value):
    """HMAC-SHA256 of the normalised value (hex), for exact-match search of encrypted fields."""
    if not value:
        return ""
    return hmac.new(_keys(settings.FIELD_ENCRYPTION_KEY)[1], normalise(value).encode(), hashlib.sha256).hexdigest()


def keyed_digest(data):
    """HMAC-SHA256 (hex) of raw bytes, as is: a fingerprint that reveals nothing without the key."""
    return hmac.new(_keys(settings.FIELD_ENCRYPTION_KEY)[1], data, hashlib.sha256).hexdigest()


def mask_id_number(value):
    """`330106199001011234` → `3301**********1234` (first four and last four kept)."""
    value = normalise(value)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value):
    """`13812345678` → `138****5678`."""
    value = normalise(value)
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
