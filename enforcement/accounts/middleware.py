"""Sends a user whose password is older than PASSWORD_MAX_AGE_DAYS to the change page (SECURITY §2)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PasswordExpiryMiddleware:
    # Pages an expired-password user may still open: the change page itself, logging out, static files.
    ALLOWED_URL_NAMES = ("accounts:password_change", "accounts:logout", "accounts:login")

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
