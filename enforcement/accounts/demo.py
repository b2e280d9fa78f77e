"""Demo county only (seed_demo, DEBUG): the demo accounts whose role needs the second factor get a TOTP device
with one documented key, so that a newcomer can sign in. Real accounts always enrol with a random key.

Key (base32, for an authenticator app): DEMO_OTP_SECRET below; or `manage.py demo_otp_code <username>`."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

DEMO_OTP_KEY = "64656d6f2d6f74702d7365637265742d32303236"  # hex of b"demo-otp-secret-2026"
# The same key in base32, as authenticator apps want it; documented in the README (demo accounts only).
DEMO_OTP_SECRET = "MRSW23ZNN52HALLTMVRXEZLUFUZDAMRW"  # noqa: S105  # nosec B105 - the public demo key


def seed(*, stdout, rng):
    if not settings.DEBUG:  # seed_demo refuses too; a fixed key never reaches a production database
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User

    enrolled = 0
    for user in User.objects.filter(is_demo=True, role__in=settings.OTP_REQUIRED_ROLES, otp_confirmed_at=None):
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_OTP_KEY, confirmed=True)
        user.otp_confirmed_at = timezone.now()
        user.save(update_fields=["otp_confirmed_at"])
        enrolled += 1
    if enrolled:
        stdout.write(_("Two-factor login: %(n)d demo accounts use the demo key %(key)s.") % {
            "n": enrolled, "key": DEMO_OTP_SECRET})
