"""The second-factor pages: enrolment with a QR code, the code page after the password, and the user's own
device page (recovery codes). The rules and the audit are in accounts/otp.py."""

from base64 import b32encode
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from axes.handlers.proxy import AxesProxyHandler

from enforcement.core import qr

from . import otp
from .forms import OTPTokenForm
from .lockout import lockout_response


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _locked(request):
    """The username is locked (wrong passwords or codes): end the session and show the lockout page."""
    credentials = {"username": request.user.get_username()}
    if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        request.axes_locked_out = False  # answered here; the axes middleware must not answer a second time
        return lockout_response(request, credentials=credentials)
    return None


def _recovery_codes_page(request, codes, next_url):
    text = _("Recovery codes for %(user)s (each works once):") % {"user": request.user.get_username()}
    body = "\n".join([text, *codes, ""])
    return render(request, "accounts/otp_recovery_codes.html", {
        "codes": codes, "next": next_url,
        "download_href": "data:text/plain;charset=utf-8," + quote(body),
        "download_name": f"recovery-codes-{request.user.get_username()}.txt",
    })


@login_required
def setup(request):
    """Enrol an authenticator app: QR code and the secret in text, confirmed with a first code."""
    user = request.user
    if user.otp_confirmed_at and not user.is_verified():
        return redirect(f"{reverse('accounts:otp_verify')}?next={quote(_next_url(request))}")
    device = otp.enrolment_device(user=user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locked = _locked(request)
        if locked:
            return locked
        codes = otp.confirm_enrolment(request=request, device=device, token=form.cleaned_data["otp_token"])
        locked = _locked(request)
        if locked:
            return locked
        if codes is not None:
            messages.success(request, _("Two-factor login is on for your account."))
            return _recovery_codes_page(request, codes, _next_url(request))
        form.add_error("otp_token", _("Wrong or expired code: enter the 6 digits your app shows now. "
                                      "After 5 failures the account is locked for 30 minutes."))
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr_svg": qr.svg_markup(device.config_url), "next": _next_url(request),
        "secret_groups": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": user.role in settings.OTP_REQUIRED_ROLES,
    }, status=400 if form.errors else 200)


@login_required
def verify(request):
    """After the password: a TOTP code or one recovery code."""
    user = request.user
    if not user.otp_confirmed_at:
        return redirect(f"{reverse('accounts:otp_setup')}?next={quote(_next_url(request))}")
    if user.is_verified():
        return redirect(_next_url(request))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locked = _locked(request)
        if locked:
            return locked
        if otp.verify(request=request, token=form.cleaned_data["otp_token"]):
            return redirect(_next_url(request))
        locked = _locked(request)
        if locked:
            return locked
        form.add_error("otp_token", _("Wrong or expired code. After 5 failures the account is locked for "
                                      "30 minutes."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)},
                  status=400 if form.errors else 200)


@login_required
def manage(request):
    """The user's own second factor: since when, last used, recovery codes left; regenerate them."""
    user = request.user
    return render(request, "accounts/otp_manage.html", {
        "device": otp.totp_device(user) if user.otp_confirmed_at else None,
        "remaining": otp.remaining_recovery_codes(user),
        "required": otp.required(user) and user.role in settings.OTP_REQUIRED_ROLES,
    })


@login_required
@require_POST
def regenerate_recovery_codes(request):
    if not request.user.otp_confirmed_at:
        messages.error(request, _("Enrol an authenticator app first."))
        return redirect("accounts:otp_manage")
    codes = otp.regenerate_recovery_codes(user=request.user)
    messages.success(request, _("New recovery codes: the old ones no longer work."))
    return _recovery_codes_page(request, codes, reverse("accounts:otp_manage"))
