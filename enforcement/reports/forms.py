from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts import access
from townships.models import Township

from .models import EaseRating
from .periods import MONTH_RE, Period

SCORES = [(n, str(n)) for n in range(1, 6)]


class ReportRequestForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=7, help_text=_("YYYY-MM, for example 2026-10."),
                            widget=forms.TextInput(attrs={"placeholder": "2026-10", "inputmode": "numeric"}))
    township = forms.ModelChoiceField(label=_("Township"), queryset=Township.objects.none(), required=False,
                                      to_field_name="code", empty_label=_("whole county"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = access.scope(Township.objects.order_by("code"), actor)

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not MONTH_RE.match(text):
            raise ValidationError(_("Write the month as YYYY-MM, for example 2026-10."))
        try:
            return Period.parse(text, field="month", today=timezone.localdate())
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["month"]) from exc


class EaseRatingForm(forms.ModelForm):
    easy_to_take_over = forms.TypedChoiceField(label=_("easy to take over (1-5)"), choices=SCORES, coerce=int)
    easy_to_operate = forms.TypedChoiceField(label=_("easy to operate (1-5)"), choices=SCORES, coerce=int)

    class Meta:
        model = EaseRating
        fields = ["easy_to_take_over", "easy_to_operate", "note"]
