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


class ZoneCreateForm(forms.Form):
    """A new zone: its township, a code and a name; responsible officers are chosen on the edit page next."""

    township = forms.ModelChoiceField(label=_("Township"), queryset=selectors.Township.objects.none(),
                                      to_field_name="code")
    code = forms.RegexField(label=_("Zone code"), max_length=40, regex=r"^[-a-zA-Z0-9_]+$",
                            help_text=_("Letters, digits, hyphens, e.g. 330212001-07."),
                            error_messages={"invalid": _("Letters, digits, hyphens or underscores only.")})
    name = forms.CharField(label=_("Zone name"), max_length=100)
    description = forms.CharField(label=_("Zone description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = selectors.townships_visible_to(actor).order_by("code")


class ZoneEditForm(forms.Form):
    """Name, description and the responsible officers (on-duty officers posted to the zone's township)."""

    name = forms.CharField(label=_("Zone name"), max_length=100)
    description = forms.CharField(label=_("Zone description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    officers = forms.ModelMultipleChoiceField(label=_("Responsible officers"), required=False,
                                              queryset=selectors.Officer.objects.none(),
                                              to_field_name="employee_number",
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, actor, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = (selectors.officers_visible_to(actor)
                                            .filter(township=zone.township, is_active=True)
                                            .order_by("category", "name"))
        self.fields["officers"].label_from_instance = (
            lambda o: f"{o.name}（{o.employee_number}，{o.get_category_display()}）")
        if not self.is_bound:
            self.initial.update(name=zone.name, description=zone.description,
                                officers=[o.employee_number for o in zone.officers.all()])


class ZoneImportForm(forms.Form):
    file = forms.FileField(label=_("Zone file (.xlsx or .csv)"))
