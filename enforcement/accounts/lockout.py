"""What django-axes answers once an account is locked (AXES_LOCKOUT_CALLABLE)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from enforcement.audit import services as audit


def lockout_message():
    return _("Too many failed logins: this account is locked for 30 minutes. Contact the system administrator "
             "if you need it unlocked sooner.")


def lockout_response(request, original_response=None, credentials=None):
    """Chinese, 429: JSON for the API, the login page with the message for the web.

    django-axes 8 calls this as (request, original_response, credentials) from its middleware, on the
    attempt that reaches the limit and on every attempt while the lock lasts; each one is audited.
    """
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))[:150]
    audit.record("auth.lockout", outcome="denied", username=username)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    from .forms import LoginForm

    form = LoginForm(request, initial={"username": username})
    return render(request, "accounts/login.html", {"form": form, "locked_message": lockout_message()}, status=429)
