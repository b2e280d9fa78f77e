"""Test settings: the env-driven settings with fast hashing and in-process Celery."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ENV_FILE", "none")  # the tests never read a developer's local .env

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The API test client sends JSON unless a test asks for multipart (the uploads) - as the real clients do.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": [], "TEST_REQUEST_DEFAULT_FORMAT": "json"}  # noqa: F405
# A throttle rate, not a password (bandit B105 reads the key "token" as one).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "10000/min"}  # nosec B105
# The cache (Redis when REDIS_URL is set) is shared by parallel test processes: no per-address login cap.
LOGIN_THROTTLE_PER_IP = 1_000_000
# django-otp's per-device back-off would refuse a right code straight after a wrong one (seconds apart in a
# test); wrong codes are still refused and counted by the lockout.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

if not ROLLUP_SIGNING_KEY:  # noqa: F405 - a throw-away county signing key, so the county-forms export works
    from base64 import b64encode

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    ROLLUP_SIGNING_KEY = b64encode(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())).decode()
# Each test run anchors its own audit chain: checkpoints go to a fresh directory, never the checkout's var/.
AUDIT_CHECKPOINT_DIR = __import__("pathlib").Path(__import__("tempfile").mkdtemp(prefix="audit-checkpoints-"))

# Tests never reach an online geocoder: only tests that mock the HTTP call configure one (ADR 0019).
GEOCODER_URL = ""
GEOCODER_KEY = ""
