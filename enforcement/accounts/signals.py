"""Authentication events go to the audit trail (SECURITY §10)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from enforcement.audit import services as audit

from .backends import REFUSAL_ATTRIBUTE


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
    refused = getattr(request, REFUSAL_ATTRIBUTE, None)  # the right password of a deactivated or locked account
    audit.record("auth.login_failed", outcome="failure", username=str(credentials.get("username", ""))[:150],
                 **({"refused": refused} if refused else {}))


# A saved or deleted token or user drops the cached token lookups (accounts.authentication): revocation,
# deactivation, a role or township change apply to the next request.
def _forget_token(sender, instance, **kwargs):
    from .authentication import forget_tokens

    forget_tokens([instance.key_hash])


def _forget_user_tokens(sender, instance, **kwargs):
    from .authentication import forget_tokens
    from .models import DeviceToken

    if instance.pk is not None:
        forget_tokens(DeviceToken.objects.filter(user_id=instance.pk).values_list("key_hash", flat=True))


def _connect_token_cache():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save, pre_delete

    from .models import DeviceToken

    post_save.connect(_forget_token, sender=DeviceToken, dispatch_uid="token-cache-token-saved")
    post_delete.connect(_forget_token, sender=DeviceToken, dispatch_uid="token-cache-token-deleted")
    post_save.connect(_forget_user_tokens, sender=get_user_model(), dispatch_uid="token-cache-user-saved")
    # before the delete: the tokens (cascade) are still there to name
    pre_delete.connect(_forget_user_tokens, sender=get_user_model(), dispatch_uid="token-cache-user-deleted")


_connect_token_cache()
