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



# ------------------------------------------------------------------------------------------------------------
# Account administration (三员分立): the system administrator creates and deactivates accounts, the security
# administrator assigns roles, locks, unlocks and resets passwords. Every write goes through services.

def _user_or_404(request, pk):
    from django.http import Http404

    user = selectors.user_detail(actor=request.user, pk=pk)
    if user is None:
        raise Http404
    return user


@login_required
def user_list(request):
    from enforcement.accounts import access

    from .forms_admin import UserFilterForm

    access.require(request.user, "accounts.view")
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.user_list(actor=request.user, q=filters.get("q", ""), role=filters.get("role", ""),
                               state=filters.get("state", ""))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {
        "form": form, "page": page, "can_create": access.can(request.user, "accounts.manage")})


@login_required
def user_create(request):
    from django.core.exceptions import ValidationError

    from enforcement.accounts import access

    from .forms_admin import UserCreateForm

    access.require(request.user, "accounts.manage")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Account %(user)s created. The security administrator gives it a role "
                                        "and its first password.") % {"user": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form}, status=400 if form.errors else 200)


def _detail_page(request, account, status=200, **bound):
    """The account page with its action forms; `bound` replaces one of them by the submitted form (with its errors
    next to its fields)."""
    from enforcement.accounts import access

    from .forms_admin import UserAssignForm, UserDeactivateForm, UserLockForm, UserOtpResetForm

    security = access.can(request.user, "accounts.security")
    initial = {"role": account.role, "township": account.township, "department": account.department}
    forms = {
        "assign_form": UserAssignForm(initial=initial, auto_id="id_assign_%s") if security else None,
        "lock_form": UserLockForm(auto_id="id_lock_%s") if security else None,
        "otp_form": UserOtpResetForm(auto_id="id_otp_%s") if access.can(request.user, "accounts.otp_reset") else None,
        "deactivate_form": UserDeactivateForm(auto_id="id_deactivate_%s"),
        **bound,
    }
    return render(request, "accounts/user_detail.html", {
        "account": account, "own": account.pk == request.user.pk,
        "can_manage": access.can(request.user, "accounts.manage"), "can_secure": security,
        "failed_logins": selectors.failed_login_lock(user=account) if security else None,
        "tokens": selectors.device_tokens_of(user=account)[:20] if security else [],
        "now": timezone.now(), **forms,
    }, status=status)


@login_required
def user_detail(request, pk):
    from enforcement.accounts import access

    access.require(request.user, "accounts.view")
    return _detail_page(request, _user_or_404(request, pk))


def _user_action(request, pk, act, done, form_class=None, form_name="", prefix=""):
    """POST of one action form: the service decides. A refused form comes back on the page (400) with its errors
    next to its fields; a refusal without a field is a message at the top."""
    from django.core.exceptions import PermissionDenied, ValidationError

    account = _user_or_404(request, pk)
    form = form_class(request.POST, auto_id=f"id_{prefix}_%s") if form_class else None
    if form is not None and not form.is_valid():
        return _detail_page(request, account, status=400, **{form_name: form})
    try:
        result = act(account, form.cleaned_data if form is not None else {})
    except PermissionDenied as exc:
        if not str(exc):
            raise
        messages.error(request, str(exc))
        return _detail_page(request, account, status=403)
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
            return _detail_page(request, account, status=400)
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _detail_page(request, account, status=400, **{form_name: form})
    done(result)
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_deactivate(request, pk):
    from enforcement.accounts import access

    from .forms_admin import UserDeactivateForm

    access.require(request.user, "accounts.manage")
    return _user_action(request, pk,
                        lambda user, data: services.user_deactivate(actor=request.user, user=user,
                                                                    reason=data["reason"]),
                        lambda user: messages.success(request, _("The account was deactivated: it can no longer "
                                                                 "sign in and its device tokens are revoked.")),
                        UserDeactivateForm, "deactivate_form", "deactivate")


@login_required
@require_POST
def user_assign(request, pk):
    from enforcement.accounts import access

    from .forms_admin import UserAssignForm

    access.require(request.user, "accounts.security")
    return _user_action(request, pk,
                        lambda user, data: services.user_assign(actor=request.user, user=user, **data),
                        lambda user: messages.success(request, _("Role and scope saved.")),
                        UserAssignForm, "assign_form", "assign")


@login_required
@require_POST
def user_lock(request, pk):
    from enforcement.accounts import access

    from .forms_admin import UserLockForm

    access.require(request.user, "accounts.security")
    return _user_action(request, pk,
                        lambda user, data: services.user_lock(actor=request.user, user=user, reason=data["reason"]),
                        lambda user: messages.success(request, _("The account is locked until it is unlocked.")),
                        UserLockForm, "lock_form", "lock")


@login_required
@require_POST
def user_unlock(request, pk):
    from enforcement.accounts import access

    access.require(request.user, "accounts.security")
    return _user_action(request, pk, lambda user, data: services.user_unlock(actor=request.user, user=user),
                        lambda user: messages.success(request, _("The account is unlocked.")))


@login_required
@require_POST
def user_reset_password(request, pk):
    from enforcement.accounts import access

    access.require(request.user, "accounts.security")

    def done(result):
        _user, password = result
        messages.warning(request, _("Temporary password: %(password)s — hand it over in person; it is shown only "
                                    "once and must be changed at the next login.") % {"password": password})

    return _user_action(request, pk, lambda user, data: services.user_reset_password(actor=request.user, user=user),
                        done)


@login_required
@require_POST
def user_otp_reset(request, pk):
    from enforcement.accounts import access

    from . import otp
    from .forms_admin import UserOtpResetForm

    access.require(request.user, "accounts.otp_reset")
    return _user_action(request, pk,
                        lambda user, data: otp.reset(actor=request.user, user=user, reason=data["reason"]),
                        lambda user: messages.success(request, _("Two-factor login was reset: the user sets it up "
                                                                 "again at the next login.")),
                        UserOtpResetForm, "otp_form", "otp")


@login_required
@require_POST
def user_token_revoke(request, pk, prefix):
    from enforcement.accounts import access

    access.require(request.user, "accounts.security")

    def act(user, data):
        tokens = list(selectors.device_tokens_of(user=user).filter(prefix=prefix, revoked_at__isnull=True))
        for token in tokens:
            services.device_token_revoke(actor=request.user, token=token)
        return tokens

    return _user_action(request, pk, act, lambda tokens: messages.success(
        request, _("The device was signed out: its token no longer works.")) if tokens else messages.error(
        request, _("No active token with this prefix.")))
