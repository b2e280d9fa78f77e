"""Device-token authentication (`Authorization: Token <key>`), with the token lookup cached (issue 14).

The lookup (token, user, township, department: one query with three joins) was most of the request floor.
It is cached in the shared cache for TOKEN_CACHE_SECONDS under the key's hash (never the key; the user's
password hash is not loaded), and every check — revoked, expired, user active — still runs on each request
against the cached row. Revocation is honoured at once: any save or delete of a token or a user, and the
bulk revocation of `user_deactivate`, deletes the cached entries (again after the transaction commits, so a
request in between cannot put the old row back for long). While the cache is in its local fallback (Redis
unreachable, other workers' deletions not seen) nothing is cached. `last_used_at` is written at most once
a minute per token.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from .models import DeviceToken

TOKEN_CACHE_SECONDS = 60
LAST_USED_EVERY_SECONDS = 60


def token_cache_key(key_hash):
    return f"auth:token:v1:{key_hash}"


def forget_tokens(key_hashes):
    """Drop the cached lookups of these tokens now and once more when the current transaction commits."""
    keys = [token_cache_key(key_hash) for key_hash in key_hashes if key_hash]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _caching():
    return not getattr(cache, "in_fallback", False)


def _lookup(key_hash):
    return (DeviceToken.objects.select_related("user", "user__township", "user__department")
            .defer("user__password").filter(key_hash=key_hash).first())


class DeviceTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; the key is stored hashed, expires and can be revoked per device."""

    def authenticate_credentials(self, key):
        key_hash = DeviceToken.hash_key(key)
        cache_key = token_cache_key(key_hash)
        caching = _caching()
        token = cache.get(cache_key) if caching else None
        if token is None:
            token = _lookup(key_hash)
            if token is not None and caching:
                cache.set(cache_key, token, TOKEN_CACHE_SECONDS)
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("The token has expired; log in again."))
        user = token.user
        if not user.is_active or user.locked_at is not None or (user.is_demo and not settings.DEBUG):
            raise exceptions.AuthenticationFailed(_("The account is disabled."))
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY_SECONDS:
            DeviceToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
            if caching:
                cache.set(cache_key, token, TOKEN_CACHE_SECONDS)
        return user, token


class OTPSessionAuthentication(authentication.SessionAuthentication):
    """The site's session, once it passed the second factor where the user needs one (SECURITY §5).
    Token clients are not asked again: the token endpoint asked for the code."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            from . import otp

            user = result[0]
            if otp.required(user) and not user.is_verified():
                raise exceptions.AuthenticationFailed(
                    _("This session has not passed the second factor: enter your dynamic code on the web site."))
        return result


class OTPSessionScheme(SessionScheme):
    """The schema shows the session as the same cookie scheme as DRF's SessionAuthentication."""

    target_class = "enforcement.accounts.authentication.OTPSessionAuthentication"
