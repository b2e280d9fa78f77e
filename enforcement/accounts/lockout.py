from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from enforcement.audit import services as audit


def lockout_message():
    return _("Too many failed logins: this account is locked for 30 minutes. Contact the system administrator "
             "if you need it unlocked sooner.")


def lockout_response(request, *args, credentials=None, **kwargs):
    """What django-axes returns once an account is locked: Chinese, HTML for pages, JSON for the API."""
    username = (credentials or {}).get("username", "")
    audit.record("auth.lockout", outcome="denied", username=username)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    from .forms import LoginForm

    form = LoginForm(request)
    return render(request, "accounts/login.html", {"form": form, "locked_message": lockout_message()}, status=429)
