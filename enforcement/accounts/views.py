from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.audit import services as audit
from enforcement.core.middleware import client_ip

from . import selectors, services
from .forms import LoginForm, PasswordChangeForm
from .throttling import login_attempt_allowed


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not login_attempt_allowed(client_ip(request)):
            username = request.POST.get("username", "")[:150]
            audit.record("auth.login_throttled", outcome="denied", username=username)
            message = _("Too many login attempts from your network address. Wait a few minutes and try again.")
            form = self.get_form_class()(request, initial={"username": username})
            return render(request, self.template_name, {"form": form, "locked_message": message}, status=429)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("auth.password_changed", actor=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
def device_list(request):
    """The user's own PDA device tokens, each revocable on its own."""
    page = Paginator(selectors.device_tokens_of(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/devices.html", {"page": page, "now": timezone.now()})


@login_required
@require_POST
def device_revoke(request, prefix):
    tokens = selectors.device_tokens_of(user=request.user).filter(prefix=prefix, revoked_at__isnull=True)
    revoked = 0
    for token in tokens:
        services.device_token_revoke(actor=request.user, token=token)
        revoked += 1
    if revoked:
        messages.success(request, _("The device was signed out: its token no longer works."))
    else:
        messages.error(request, _("No active token with this prefix."))
    return redirect("accounts:devices")

