from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from enforcement.audit import services as audit

from .models import DeviceToken


@transaction.atomic
def device_token_issue(*, user, device_name=""):
    """Create a token for one device; returns the plain key (shown once, stored hashed)."""
    key = DeviceToken.new_key()
    token = DeviceToken.objects.create(
        user=user,
        device_name=device_name[:100],
        key_hash=DeviceToken.hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    audit.record("auth.token_issued", actor=user, obj=token, device=token.device_name)
    return key, token


@transaction.atomic
def device_token_revoke(*, actor, token):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("auth.token_revoked", actor=actor, obj=token, owner=token.user.username)
    return token
