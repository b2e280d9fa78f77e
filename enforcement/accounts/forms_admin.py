"""Forms of the account administration pages (三员分立): one per action, the services check the rules."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from townships.models import Department, Township

from .models import ADMINISTRATOR_ROLES, Role


def assignable_roles():
    return [(role.value, role.label) for role in Role if role not in ADMINISTRATOR_ROLES]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("User name or display name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("all")), ("active", _("active")), ("locked", _("locked")), ("inactive", _("deactivated"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("all")), ("-", _("no role yet")), *Role.choices]


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text=_("Letters, digits and @ . + - _ only."))
    display_name = forms.CharField(label=_("Display name"), max_length=50, required=False)


class UserDeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class UserAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    township = forms.ModelChoiceField(label=_("Township"), queryset=Township.objects.order_by("code"),
                                      required=False, to_field_name="code",
                                      help_text=_("Township roles only."))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.order_by("code"),
                                        required=False, to_field_name="code",
                                        help_text=_("Department liaisons and bureau staff."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = assignable_roles()


class UserOtpResetForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the reset"), max_length=200,
                             help_text=_("e.g. the phone was lost or replaced"))


class UserLockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the lock"), max_length=200)
