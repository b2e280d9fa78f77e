"""The pages' forms of credit repair (the API uses credit.inputs; both end in credit.services)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .inputs import EARLIEST, MAX_TEXT
from .models import Effect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def day_field(label, help_text=""):
    return forms.DateField(label=label, required=False, widget=DATE, help_text=help_text)


class DayForm(forms.Form):
    day_fields = ()

    def clean(self):
        data = super().clean()
        for name in self.day_fields:
            value = data.get(name)
            if value is not None and (value > timezone.localdate() or value < EARLIEST):
                self.add_error(name, _("The date cannot be in the future or before 1990."))
        return data


class ApplyForm(DayForm):
    day_fields = ("applied_on",)
    applied_on = day_field(gettext_lazy("Applied on"), gettext_lazy("Leave empty for today."))
    request = forms.CharField(label=gettext_lazy("Application (申请事由)"), required=False, max_length=MAX_TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(DayForm):
    day_fields = ("accepted_on",)
    accepted_on = day_field(gettext_lazy("Accepted on"), gettext_lazy("Leave empty for today."))


class RectificationForm(DayForm):
    day_fields = ("commitment_on",)
    corrected = forms.BooleanField(label=gettext_lazy("Violation corrected"), required=False)
    correction_note = forms.CharField(label=gettext_lazy("How the violation was corrected"), required=False,
                                      max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    commitment_on = day_field(gettext_lazy("Credit commitment letter received on"))


class ApproveForm(DayForm):
    day_fields = ("decided_on",)
    decided_on = day_field(gettext_lazy("Decided on"), gettext_lazy("Leave empty for today."))
    effect = forms.ChoiceField(label=gettext_lazy("Effect on the publication"), choices=Effect.choices,
                               initial=Effect.MARK)


class RefuseForm(DayForm):
    day_fields = ("decided_on",)
    decided_on = day_field(gettext_lazy("Decided on"), gettext_lazy("Leave empty for today."))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(DayForm):
    day_fields = ("withdrawn_on",)
    withdrawn_on = day_field(gettext_lazy("Withdrawn on"), gettext_lazy("Leave empty for today."))
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}))


FORMS = {"accept": AcceptForm, "record_rectification": RectificationForm, "approve": ApproveForm,
         "refuse": RefuseForm, "withdraw": WithdrawForm}


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import State

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("all"))] + list(State.choices)
