from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from .models import DeviceToken


class DeviceTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; the key is stored hashed, expires and can be revoked per device."""

    def authenticate_credentials(self, key):
        token = (
            DeviceToken.objects.select_related("user", "user__township", "user__department")
            .filter(key_hash=DeviceToken.hash_key(key))
            .first()
        )
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired; log in again."))
        user = token.user
        if not user.is_active or (user.is_demo and not settings.DEBUG):
            raise exceptions.AuthenticationFailed(_("The account is disabled."))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            DeviceToken.objects.filter(pk=token.pk).update(last_used_at=now)
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
