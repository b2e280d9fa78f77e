"""Two factors: TOTP with recovery codes (SECURITY §5, GB/T 22239 level 3), on django-otp.

The rule: a user must enter a code when their role is in settings.OTP_REQUIRED_ROLES, or when they enrolled a
device voluntarily (`User.otp_confirmed_at` is set). A session counts as verified when django-otp's device id is
in it together with the `otp_confirmed_at` it was verified under: a reset or a new enrolment changes that value,
which ends every session verified with the old device, and deciding it costs no query per request.

Every write here is audited: otp.enrolled, otp.verified, otp.failed, otp.recovery_code_used,
otp.recovery_codes_regenerated, otp.reset.
"""

import secrets

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone

import django_otp
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from enforcement.audit import services as audit

from . import access

STAMP_SESSION_KEY = "otp_confirmed_at"
TOTP_NAME = "totp"
RECOVERY_NAME = "recovery"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper without doubt


def required(user):
    """True when `user` must pass the second factor before using the site."""
    return bool(user.is_authenticated and (user.role in settings.OTP_REQUIRED_ROLES or user.otp_confirmed_at))


def stamp(user):
    """The enrolment a session was verified under (microseconds since the epoch, the same from every database)."""
    return str(round(user.otp_confirmed_at.timestamp() * 1_000_000)) if user.otp_confirmed_at else None


def session_verified(request, user):
    """The session passed the second factor, with the device the user has now."""
    session = request.session
    return bool(session.get(DEVICE_ID_SESSION_KEY)) and stamp(user) is not None \
        and session.get(STAMP_SESSION_KEY) == stamp(user)


def totp_device(user, *, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _mark_verified(request, device):
    django_otp.login(request, device)
    request.session[STAMP_SESSION_KEY] = stamp(request.user)


@transaction.atomic
def enrolment_device(*, user):
    """The unconfirmed TOTP device an enrolment shows (created once, so reloading the page keeps the QR code)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
             for _ in range(settings.OTP_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_enrolment(*, request, device, token):
    """Confirm the scanned device with its first code. Returns the new recovery codes (shown once), or None
    when the code is wrong (counted like a wrong password)."""
    from .models import User

    user = User.objects.select_for_update().get(pk=request.user.pk)
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_digits(token)):
        _count_failure(request, user, step="enrolment")
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    user.otp_confirmed_at = timezone.now()
    user.save(update_fields=["otp_confirmed_at"])
    request.user.otp_confirmed_at = user.otp_confirmed_at
    _mark_verified(request, device)
    audit.record("otp.enrolled", actor=user, device=device.name, recovery_codes=len(codes))
    return codes


def _digits(token):
    return "".join(str(token or "").split())


def verify(*, request, token):
    """Check a TOTP code or a recovery code for the signed-in user; True verifies the session.
    A used recovery code is consumed; a wrong code is counted by the lockout."""
    user = request.user
    token = _digits(token)
    device = None
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is not None and token.isdigit() and totp.verify_token(token):
            device = totp
    if device is not None:
        _mark_verified(request, device)
        audit.record("otp.verified", actor=user, device="totp")
        return True
    with transaction.atomic():
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if recovery is not None and token and recovery.verify_token(token.lower()):
            device = recovery
    if device is not None:
        _mark_verified(request, device)
        audit.record("otp.recovery_code_used", actor=user, remaining=remaining_recovery_codes(user))
        return True
    _count_failure(request, user, step="login")
    return False


def verify_for_token(*, request, user, token):
    """The API token endpoint's check (no session). True when `token` is a current TOTP or recovery code."""
    token = _digits(token)
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is not None and token.isdigit() and totp.verify_token(token):
            audit.record("otp.verified", actor=user, device="totp", channel="api")
            return True
    with transaction.atomic():
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if recovery is not None and token and recovery.verify_token(token.lower()):
            audit.record("otp.recovery_code_used", actor=user, remaining=remaining_recovery_codes(user),
                         channel="api")
            return True
    _count_failure(request, user, step="api")
    return False


def count_missing(*, request, user):
    """The API was sent a right password without the code: counted too, or the endpoint would tell an
    attacker which passwords are right at no cost."""
    _count_failure(request, user, step="api-missing")


def _count_failure(request, user, *, step):
    """A wrong code is a failed login for the lockout (django-axes listens to user_login_failed)."""
    audit.record("otp.failed", actor=user, outcome="failure", step=step)
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username(), "second_factor": True},
                           request=request)


@transaction.atomic
def regenerate_recovery_codes(*, user):
    """New recovery codes for the user's own device; the old ones stop working."""
    codes = _new_recovery_codes(user)
    audit.record("otp.recovery_codes_regenerated", actor=user, recovery_codes=len(codes))
    return codes


@transaction.atomic
def reset(*, actor, user, reason=""):
    """Remove a user's TOTP device and recovery codes (a lost phone): they enrol again at their next login,
    and every session verified with the old device ends. Only the security administrator may (accounts.otp_reset,
    三员分立), and not for their own account."""
    access.require(actor, "accounts.otp_reset")
    from .models import User
    from .services import _not_self

    _not_self(actor, user)

    user = User.objects.select_for_update().get(pk=user.pk)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    user.otp_confirmed_at = None
    user.save(update_fields=["otp_confirmed_at"])
    audit.record("otp.reset", actor=actor, obj=user, owner=user.username, devices_removed=removed,
                 reason=reason[:200])
    return user
