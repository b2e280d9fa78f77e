from django import forms
from django.utils.translation import gettext_lazy as _

from enforcement.accounts import access
from townships.models import Township

from .models import Adjustment, DiscretionLevel, Domain, Item, ItemStatus, ListTier, PenaltyKind, PowerType


def date_input():
    """An HTML date input: the value must be ISO (YYYY-MM-DD), whatever the locale's date format."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


SPECIAL_LIST_CHOICES = [
    ("no_penalty", _("no-penalty list")),
    ("correction_first", _("correction-first list")),
    ("warning_only", _("warning-only list")),
]
STATUS_CHOICES = [("", _("in force today (default)")), (ItemStatus.RETIRED, _("retired")), ("all", _("all"))]


def _blank(choices):
    return [("", _("all"))] + list(choices)


class ItemFilterForm(forms.Form):
    """The filters of the item list page, the export and the items API (same names everywhere)."""

    search = forms.CharField(label=_("search"), required=False, max_length=100,
                             help_text=_("Code, name, pinyin initials (e.g. zydl) or legal basis"))
    domain = forms.ModelChoiceField(label=_("domain"), queryset=Domain.objects.all(), to_field_name="code",
                                    required=False, empty_label=_("all"))
    power_type = forms.ChoiceField(label=_("power type"), choices=_blank(PowerType.choices), required=False)
    tier = forms.ChoiceField(label=_("list tier"), choices=_blank(ListTier.choices), required=False)
    special_list = forms.ChoiceField(label=_("special list"), choices=_blank(SPECIAL_LIST_CHOICES), required=False)
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)
    empowered_to = forms.ModelChoiceField(label=_("empowered to township"), queryset=Township.objects.none(),
                                          to_field_name="code", required=False, empty_label=_("all"))
    as_of = forms.DateField(label=_("catalogue as of"), required=False,
                            widget=date_input(),
                            error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["empowered_to"].queryset = access.scope(Township.objects.all(), user)
        self.fields["domain"].queryset = access.scope(Domain.objects.all(), user)


class AdjustmentFieldsForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=Adjustment.Reason.choices)
    document_number = forms.CharField(label=_("document number"), max_length=100, required=False)
    effective_date = forms.DateField(label=_("effective date"), widget=date_input(),
                                     error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ItemFieldsForm(forms.ModelForm):
    domain = forms.ModelChoiceField(label=_("domain"), queryset=Domain.objects.all(), to_field_name="code")
    penalty_kinds = forms.MultipleChoiceField(label=_("penalty kinds"), choices=PenaltyKind.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Item
        fields = ["name", "domain", "power_type", "tier", "violation_law", "violation_article", "penalty_law",
                  "penalty_article", "penalty_kinds", "fine_min", "fine_max", "no_penalty", "no_penalty_conditions",
                  "correction_first", "correction_first_conditions", "warning_only", "warning_only_conditions",
                  "concerns_life_health_safety", "also_comprehensive"]
        widgets = {
            "no_penalty_conditions": forms.Textarea(attrs={"rows": 2}),
            "correction_first_conditions": forms.Textarea(attrs={"rows": 2}),
            "warning_only_conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.domain_id:
            self.initial["domain"] = self.instance.domain.code  # the select's values are codes

    def _post_clean(self):
        # the service validates the whole item (and writes the adjustment); skip the model's own pass here
        pass


class DiscretionTiersForm(forms.Form):
    """The discretion benchmark (裁量基准) as one row per circumstance level; a row without conditions is
    left out. Yields a list of dicts for the services (`discretion_tiers`)."""

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        existing = {tier.level: tier for tier in tiers}
        for level, label in DiscretionLevel.choices:
            tier = existing.get(level)
            self.fields[f"{level}_conditions"] = forms.CharField(
                label=_("%(level)s: conditions") % {"level": label}, required=False,
                initial=tier.conditions if tier else "", widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{level}_fine_min"] = forms.DecimalField(
                label=_("%(level)s: minimum fine (yuan)") % {"level": label}, required=False, min_value=0,
                max_digits=14, decimal_places=2, initial=tier.fine_min if tier else None)
            self.fields[f"{level}_fine_max"] = forms.DecimalField(
                label=_("%(level)s: maximum fine (yuan)") % {"level": label}, required=False, min_value=0,
                max_digits=14, decimal_places=2, initial=tier.fine_max if tier else None)

    def clean(self):
        data = super().clean()
        for level, _label in DiscretionLevel.choices:
            low, high = data.get(f"{level}_fine_min"), data.get(f"{level}_fine_max")
            if data.get(f"{level}_conditions") and low is not None and high is not None and low > high:
                self.add_error(f"{level}_fine_max", _("The maximum fine must not be below the minimum fine."))
        return data

    def tiers(self):
        rows = []
        for level, _label in DiscretionLevel.choices:
            conditions = (self.cleaned_data.get(f"{level}_conditions") or "").strip()
            if conditions:
                rows.append({"level": level, "conditions": conditions,
                             "fine_min": self.cleaned_data.get(f"{level}_fine_min") or 0,
                             "fine_max": self.cleaned_data.get(f"{level}_fine_max") or 0})
        return rows


class ItemCreateForm(ItemFieldsForm):
    class Meta(ItemFieldsForm.Meta):
        fields = ["code"] + ItemFieldsForm.Meta.fields

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Item.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An item with this code already exists."))
        return code


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file (.xlsx or .csv)"))
    dry_run = forms.BooleanField(label=_("only check the file, write nothing"), required=False)
    document_number = forms.CharField(label=_("document number"), max_length=100, required=False)
    effective_date = forms.DateField(label=_("effective date"), required=False,
                                     widget=date_input(),
                                     help_text=_("Date of the adjustments written for changed items; default today."),
                                     error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})


class EmpowerForm(forms.Form):
    ACTIONS = [("grant", _("empower")), ("revoke", _("revoke"))]
    action = forms.ChoiceField(label=_("action"), choices=ACTIONS)
    domain = forms.ModelChoiceField(label=_("domain"), queryset=Domain.objects.all(), to_field_name="code",
                                    required=False, empty_label=_("(any)"))
    tier = forms.ChoiceField(label=_("list tier"), choices=[("", _("(any)"))] + list(ListTier.choices), required=False)
    effective_date = forms.DateField(label=_("effective date"), widget=date_input(),
                                     error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    document_number = forms.CharField(label=_("document number"), max_length=100, required=False)
    zones = forms.ModelMultipleChoiceField(label=_("limit to zones (特定区域; none: the whole township)"),
                                           queryset=Township.objects.none(), to_field_name="code", required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, township=None, **kwargs):
        super().__init__(*args, **kwargs)
        if township is not None and township.empowerment_mode == Township.EmpowermentMode.SPECIAL_AREA:
            self.fields["action"].choices = self.ACTIONS + [("zones", _("limit to zones"))]
            self.fields["zones"].queryset = township.zones.filter(is_active=True).order_by("code")
        else:
            del self.fields["zones"]

    def clean(self):
        data = super().clean()
        if not data.get("domain") and not data.get("tier"):
            raise forms.ValidationError(_("Choose a domain, a list tier, or both."))
        return data
