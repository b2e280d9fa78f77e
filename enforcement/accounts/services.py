from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from enforcement.audit import services as audit

from . import access
from .authentication import forget_tokens
from .models import DeviceToken


@transaction.atomic
def device_token_issue(*, user, device_name=""):
    """Create a token for one device; returns the plain key (shown once, stored hashed)."""
    key = DeviceToken.new_key()
    token = DeviceToken(
        user=user,
        device_name=device_name[:100],
        key_hash=DeviceToken.hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    token.full_clean()
    token.save()
    audit.record("auth.token_issued", actor=user, obj=token, device=token.device_name)
    return key, token


@transaction.atomic
def device_token_revoke(*, actor, token):
    """Revoke one device's token: its owner may, and so may the system administrator."""
    if token.user_id != actor.pk:
        access.require(actor, "accounts.manage")
    token = DeviceToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("auth.token_revoked", actor=actor, obj=token, owner=token.user.username,
                     device=token.device_name)
    return token


def user_has_audit_history(user):
    """True when audit events name `user`: the append-only log keeps them, so the account cannot be deleted."""
    from enforcement.audit.models import AuditEvent

    return AuditEvent.objects.filter(user=user).exists()


@transaction.atomic
def user_deactivate(*, actor, user, reason=""):
    """Deactivate an account instead of deleting it: it can no longer sign in, its device tokens are revoked,
    and its audit history keeps pointing at it (SECURITY §12: the audit log is append-only)."""
    access.require(actor, "accounts.manage")
    from .models import User

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    now = timezone.now()
    tokens = DeviceToken.objects.filter(user=user, revoked_at__isnull=True)
    forget_tokens(tokens.values_list("key_hash", flat=True))  # the cached lookups (accounts.authentication)
    revoked = tokens.update(revoked_at=now)
    audit.record("accounts.user_deactivated", actor=actor, obj=user, role=user.role, reason=reason[:200],
                 tokens_revoked=revoked)
    return user
