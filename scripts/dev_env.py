"""Write a local development `.env` (DEBUG on, freshly generated keys) unless the file exists already.

`make run` calls it, so that after `make run` every `manage.py` command in the checkout works without typing
`DEBUG=1` each time: enforcement/settings.py reads `.env` for the variables the environment does not set.
The file is git-ignored and never copied into the Docker image (.dockerignore). Usage: dev_env.py [PATH]
"""

import base64
import os
import secrets
import sys
from pathlib import Path

TEMPLATE = """\
# Development settings written by `make run` (scripts/dev_env.py). Git-ignored; never use them in production.
# enforcement/settings.py reads this file for the variables the environment does not set; see .env.example
# for every variable. Delete the file to have `make run` write a new one with new keys.
DEBUG=1
SECRET_KEY={secret_key}
FIELD_ENCRYPTION_KEY={field_key}
ROLLUP_SIGNING_KEY={rollup_key}
"""


def _rollup_key():
    """A development Ed25519 key for the county's signed monthly forms (cryptography is a dependency)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption())
    return base64.b64encode(pem).decode()


def write_dev_env(path):
    """Create `path` with development settings; return False (and leave it alone) when it exists."""
    path = Path(path)
    if path.exists():
        return False
    text = TEMPLATE.format(secret_key=secrets.token_urlsafe(50),
                           field_key=base64.urlsafe_b64encode(os.urandom(32)).decode(), rollup_key=_rollup_key())
    # Created readable by its owner only: the keys are secrets even in development.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / ".env")
    if write_dev_env(target):
        print(f"Wrote {target.name}: development settings (DEBUG on, generated keys).")
    else:
        print(f"{target.name} exists: left as it is.")
