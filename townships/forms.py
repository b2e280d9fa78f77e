from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import selectors
from .models import Officer


class OfficerForm(forms.ModelForm):
    """Officer create/edit form. Uniqueness is checked by the service (Chinese message on the field)."""

    home_department = forms.ModelChoiceField(label=_("Home department"), queryset=selectors.Department.objects.none(),
                                             to_field_name="code")
    township = forms.ModelChoiceField(label=_("Posted township"), queryset=selectors.Township.objects.none(),
                                      to_field_name="code", required=False, empty_label=_("Not posted"))

    class Meta:
        model = Officer
        fields = ["name", "employee_number", "category", "certificate_number", "certificate_expiry",
                  "home_department", "township", "posted_on", "is_active", "has_legal_qualification"]
        widgets = {
            "certificate_expiry": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "posted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_department"].queryset = selectors.departments_visible_to(actor).order_by("code")
        self.fields["township"].queryset = selectors.townships_visible_to(actor).order_by("code")
        self.fields["certificate_number"].help_text = _("Leave empty for auxiliary staff.")
        self.fields["is_active"].label = _("On duty")
        self.fields["name"].label = pgettext_lazy("person", "Name")
        if self.instance.pk:  # the choices are keyed by code, the model's initial data by id
            self.initial["home_department"] = self.instance.home_department.code
            self.initial["township"] = self.instance.township.code if self.instance.township else None

    def validate_unique(self):
        """Left to officer_create/officer_update, which name the field in Chinese."""
