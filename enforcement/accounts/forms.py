from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .backends import refusal_message


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False, max_length=256,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": _("Wrong username or password. After 5 failures the account is locked for 30 minutes."),
        "inactive": _("This account is disabled."),
    }

    def clean(self):
        """A RIGHT password for a deactivated or locked account is told why (backends.refusal_message); a wrong one
        keeps the generic message, so nobody learns from the page which accounts are locked."""
        try:
            return super().clean()
        except forms.ValidationError:
            message = refusal_message(self.request)
            if message is None:
                raise
            raise forms.ValidationError(message, code="account_refused") from None


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with our labels; the password rules come from AUTH_PASSWORD_VALIDATORS."""

    error_messages = {
        "password_incorrect": _("Your current password was entered incorrectly."),
        "password_mismatch": _("The two new passwords do not match."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")


class OTPTokenForm(forms.Form):
    """A 6-digit code of the authenticator app, or one recovery code."""

    otp_token = forms.CharField(
        label=_("Dynamic code"), max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "spellcheck": "false",
                                      "autocapitalize": "none"}),
        error_messages={"required": _("Enter the code.")},
    )
