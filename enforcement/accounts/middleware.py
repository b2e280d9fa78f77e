"""Sends a user whose password is older than PASSWORD_MAX_AGE_DAYS to the change page (SECURITY §2), and a
user who has not passed the second factor to the OTP pages (SECURITY §5)."""

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from . import otp

# The pages of the second factor: the only ones a signed-in but unverified user may open (and logging out).
OTP_URL_NAMES = ("accounts:otp_verify", "accounts:otp_setup")


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (request.user.is_verified()), deciding verification from the session alone (see
    accounts/otp.py), and sending an unverified user who needs the second factor to enrol or enter a code.

    The API is left to its authentication classes: a token was issued after the code, and session
    authentication refuses an unverified session (OTPSessionAuthentication).
    """

    EXEMPT_URL_NAMES = OTP_URL_NAMES + ("accounts:logout",)

    def __call__(self, request):
        self._install_lazy_accessors(request)
        user = getattr(request, "user", None)
        if user is not None and otp.required(user) and not user.is_verified() and not self._exempt(request):
            target = "accounts:otp_verify" if user.otp_confirmed_at else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={_safe_next(request)}")
        return self.get_response(request)

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            user.is_verified = functools.partial(otp.session_verified, request, user)
        return user

    def _exempt(self, request):
        path = request.path
        if path in {reverse(name) for name in self.EXEMPT_URL_NAMES}:
            return True
        return path.startswith(("/static/", "/media/", "/api/"))


def _safe_next(request):
    from urllib.parse import quote

    if request.method != "GET":
        return quote(reverse("home"))
    return quote(request.get_full_path())


class PasswordExpiryMiddleware:
    # Pages an expired-password user may still open: the change page itself, logging out, static files.
    ALLOWED_URL_NAMES = ("accounts:password_change", "accounts:logout", "accounts:login") + OTP_URL_NAMES

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.password_expired() and not self._exempt(request):
            messages.warning(request, _("Your password is older than the allowed age: choose a new one to continue."))
            return redirect("accounts:password_change")
        return self.get_response(request)

    def _exempt(self, request):
        path = request.path
        if path in {reverse(name) for name in self.ALLOWED_URL_NAMES}:
            return True
        # The API authenticates inside each view; TokenView refuses new tokens for expired passwords.
        return path.startswith(("/static/", "/media/", "/api/"))
