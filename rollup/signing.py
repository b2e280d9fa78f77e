"""Ed25519 signatures over the canonical JSON of a county's forms (the `cryptography` package).

Canonical form: `json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))` in UTF-8.
The key id is the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
"""

import base64
import binascii
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(payload):
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def key_id(public_key):
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public_key):
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def generate():
    """A new private key as the one-line setting value, and its public key in PEM."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return base64.b64encode(pem).decode("ascii"), public_pem(private.public_key())


def signing_key():
    value = (settings.ROLLUP_SIGNING_KEY or "").strip()
    if not value:
        raise ImproperlyConfigured(_("No signing key: set ROLLUP_SIGNING_KEY (manage.py rollup_keygen makes one)."))
    try:
        key = serialization.load_pem_private_key(base64.b64decode(value), password=None)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(_("ROLLUP_SIGNING_KEY is not a base64-encoded PEM private key.")) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(_("ROLLUP_SIGNING_KEY must be an Ed25519 key."))
    return key


def sign(payload, private_key=None):
    private_key = private_key or signing_key()
    return {"algorithm": "Ed25519", "key_id": key_id(private_key.public_key()),
            "value": base64.b64encode(private_key.sign(canonical(payload))).decode("ascii")}


def load_public(pem):
    """An Ed25519 public key from PEM text; ValueError (Chinese) when it is not one."""
    try:
        key = serialization.load_pem_public_key(pem.strip().encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise ValueError(_("Not a PEM public key.")) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(_("The public key must be an Ed25519 key."))
    return key


def verify(pem, payload, signature_b64):
    try:
        load_public(pem).verify(base64.b64decode(signature_b64, validate=True), canonical(payload))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
