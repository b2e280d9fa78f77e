"""Forms of the qualification pages: the list filter and the three entry forms of an officer's page."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import CertificateReview, QualificationExam

DATE = {"type": "date"}


def _this_year():
    return timezone.localdate().year


class QualificationFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, required=False,
                              error_messages={"min_value": _("Choose a year from 2000 on.")})
    township = forms.ModelChoiceField(label=_("Township"), queryset=selectors.Township.objects.none(),
                                      to_field_name="code", required=False, empty_label=_("All townships"),
                                      error_messages={"invalid_choice": _("Unknown township code.")})
    review = forms.ChoiceField(label=_("Annual review"), required=False, choices=[
        ("", _("Any")), ("none", _("not reviewed")), ("passed", _("passed")), ("failed", _("failed"))])
    below_target = forms.BooleanField(label=_("Below the training target"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = selectors.townships_visible_to(actor).order_by("code")

    def clean_year(self):
        year = self.cleaned_data.get("year") or _this_year()
        if year > _this_year() + 1:
            raise forms.ValidationError(_("The year cannot lie in the future."))
        return year


class CertificateReviewForm(forms.ModelForm):
    class Meta:
        model = CertificateReview
        fields = ["year", "reviewed_on", "result", "note"]
        widgets = {"reviewed_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = _this_year()
        self.fields["reviewed_on"].initial = timezone.localdate()

    def validate_unique(self):
        """A second review of the same year corrects the first (the service updates it)."""


class ExamForm(forms.ModelForm):
    class Meta:
        model = QualificationExam
        fields = ["kind", "title", "taken_on", "score", "pass_mark"]
        widgets = {"taken_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def validate_unique(self):
        """Checked by the service, which names the date in Chinese."""


class TrainingForm(forms.Form):
    attended_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    course = forms.CharField(label=_("course"), max_length=150)
    organiser = forms.CharField(label=_("organiser"), max_length=100, required=False)
    hours = forms.DecimalField(label=_("hours"), min_value=Decimal("0.5"), max_value=80, max_digits=4, decimal_places=1)
