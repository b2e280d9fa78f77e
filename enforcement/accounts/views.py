from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import access
from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        from enforcement.audit import services as audit

        response = super().form_valid(form)
        audit.record("auth.password_changed", actor=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
def home(request):
    """Send each role to the first page its menu offers."""
    items = access.navigation_for(request.user)
    if items:
        return redirect(items[0]["url"])
    return redirect("accounts:password_change")
