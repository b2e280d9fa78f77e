"""Authentication events go to the audit trail (SECURITY §10)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from enforcement.audit import services as audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record("auth.login", actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record("auth.logout", actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if credentials.get("second_factor"):
        return  # a wrong TOTP code: accounts/otp.py audits it as otp.failed
    audit.record("auth.login_failed", outcome="failure", username=str(credentials.get("username", ""))[:150])
