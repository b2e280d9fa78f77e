from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Domain
from enforcement.accounts import access
from enforcement.reports.periods import Period
from townships.models import Township


class DashboardFilterForm(forms.Form):
    """Period, township and domain of the dashboard. Township roles are held to their own township (a 1+X hub
    may also choose the satellites it serves: the choices are scoped)."""

    period = forms.CharField(label=_("Period"), required=False, max_length=10,
                             help_text=_("A year (2026) or a month (2026-10)."),
                             widget=forms.TextInput(attrs={"placeholder": "2026-10", "inputmode": "numeric"}))
    township = forms.ModelChoiceField(label=_("Township"), queryset=Township.objects.none(), required=False,
                                      to_field_name="code", empty_label=_("whole county"))
    domain = forms.ModelChoiceField(label=_("Domain"), queryset=Domain.objects.none(), required=False,
                                    to_field_name="code", empty_label=_("all domains"))

    def __init__(self, *args, actor, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.today = today or timezone.localdate()
        self.fields["township"].queryset = access.scope(Township.objects.order_by("code"), actor)
        self.fields["domain"].queryset = access.scope(Domain.objects.order_by("sort_order", "code"), actor)
        self.own_township = access.township_of(actor)
        if self.own_township is not None:
            self.fields["township"].empty_label = None

    def clean_period(self):
        text = self.cleaned_data.get("period", "").strip()
        if not text:
            return Period.year(self.today.year)
        try:
            period = Period.parse(text, field="period", today=self.today)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["period"]) from exc
        if period.kind == "week":
            raise ValidationError(_("Choose a year (2026) or a month (2026-10)."))
        return period

    def clean_township(self):
        township = self.cleaned_data.get("township")
        return township or self.own_township

    def filters(self):
        """The valid filters, falling back to the defaults for any field with an error."""
        self.is_valid()  # invalid fields are left out of cleaned_data, so their defaults apply
        data = getattr(self, "cleaned_data", {})  # an unbound form (no query string) has none
        return {
            "period": data.get("period") or Period.year(self.today.year),
            "township": data.get("township") or self.own_township,
            "domain": data.get("domain"),
        }
