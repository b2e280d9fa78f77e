"""Page forms of assessment and supervision (the services validate again and have the last word)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts import access
from townships.models import Department, Officer, Township

from .index import INDICATORS
from .models import FindingSource, IndexIndicator
from .supervision import CHECKLIST


class PeriodForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=7, required=False,
                             help_text=_("YYYY-MM, YYYY-Qn or YYYY, for example 2026-10, 2026-Q4 or 2026."))


class OfficerFilterForm(PeriodForm):
    township = forms.ModelChoiceField(label=_("Township"), queryset=Township.objects.none(), required=False,
                                      to_field_name="code")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.scope(Township.objects.order_by("code"), actor)


class WeightsForm(forms.Form):
    def __init__(self, *args, unit, initial_weights, **kwargs):
        super().__init__(*args, **kwargs)
        for name in INDICATORS[unit]:
            self.fields[str(name)] = forms.DecimalField(
                label=IndexIndicator(name).label, min_value=0, max_value=100, decimal_places=2,
                initial=initial_weights.get(name), widget=forms.NumberInput(attrs={"step": "0.01"}))
        self.unit = unit

    def weights(self):
        return {name: value for name, value in self.cleaned_data.items()}


class ScoreForm(forms.Form):
    township_score = forms.DecimalField(label=_("Township's score"), min_value=0, max_value=100, decimal_places=2,
                                        required=False)
    department_score = forms.DecimalField(label=_("Home department's score"), min_value=0, max_value=100,
                                          decimal_places=2, required=False)
    township_weight = forms.DecimalField(label=_("Township's weight (%)"), min_value=0, max_value=100,
                                         decimal_places=2, required=False, help_text=_(
                                             "At least half (50 per cent) for an officer posted to a township."))

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]


class ComplaintForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none(),
                                     to_field_name="employee_number")
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = access.scope(Officer.objects.active(), actor).order_by("employee_number")


class ComplaintDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("Outcome"), choices=[("1", _("upheld")), ("0", _("not upheld"))],
                                    coerce=lambda v: v == "1")
    decided_on = forms.DateField(label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}))


class SampleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    closed_from = forms.DateField(label=_("Closed from"), widget=forms.DateInput(attrs={"type": "date"}))
    closed_to = forms.DateField(label=_("Closed to"), widget=forms.DateInput(attrs={"type": "date"}))
    township = forms.ModelChoiceField(label=_("Township"), queryset=Township.objects.none(), required=False,
                                      to_field_name="code", empty_label=_("whole county"))
    size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=200)
    seed = forms.CharField(label=_("Seed"), max_length=64, required=False,
                           help_text=_("Leave empty for a random seed; the seed is published with the sample."))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.scope(Township.objects.order_by("code"), actor)


class CaseFileScoreForm(forms.Form):
    comments = forms.CharField(label=_("Comments"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, maximum) in CHECKLIST.items():
            self.fields[name] = forms.DecimalField(label=f"{label}(0–{maximum})", min_value=0, max_value=maximum,
                                                   decimal_places=1)
        self.order_fields([*CHECKLIST, "comments"])


class SpecialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    theme = forms.CharField(label=_("Theme and scope"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Started on"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FindingForm(forms.Form):
    description = forms.CharField(label=_("Finding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("Rectification required"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Rectify by"), widget=forms.DateInput(attrs={"type": "date"}))
    township = forms.ModelChoiceField(label=_("Responsible township"), queryset=Township.objects.none(),
                                      required=False, to_field_name="code")
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=Department.objects.none(),
                                        required=False, to_field_name="code")
    unit_name = forms.CharField(label=_("Responsible bureau unit"), max_length=100, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.scope(Township.objects.order_by("code"), actor)
        self.fields["department"].queryset = access.scope(Department.objects.order_by("code"), actor)
        self.initial.setdefault("deadline", timezone.localdate() + timedelta(days=30))


class FindingActionForm(forms.Form):
    text = forms.CharField(label=_("Report or reason"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class FindingFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("all")), ("open", _("not closed")), ("overdue", _("overdue")),
                                       ("closed", _("closed"))])
    source = forms.ChoiceField(label=_("Found by"), required=False, choices=[("", _("all")), *FindingSource.choices])

