from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Domain
from enforcement.accounts import access
from enforcement.reports.periods import MAX_RANGE_DAYS, Period
from townships.models import Township


class _CachedChoiceIterator(ModelChoiceIterator):
    """The choices from the field's queryset read once into its result cache, not through a server-side cursor
    (Django's `iterator()`: a DECLARE, a FETCH and a CLOSE for a list of twenty townships)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ChoiceField(forms.ModelChoiceField):
    """A picker of a short list (townships, domains): the chosen code is looked up in the rows the choices are
    rendered from, read once, rather than by a query of its own."""

    iterator = _CachedChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        for obj in self.queryset:
            if str(getattr(obj, key)) == str(value):
                return obj
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


KINDS = (("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year")), ("range", _("Custom range")))


def quarter_choices(today):
    """The quarters of this year and the two before, latest first (none in the future)."""
    choices = []
    for year in range(today.year, today.year - 3, -1):
        for quarter in range(4, 0, -1):
            period = Period.quarter(year, quarter)
            if period.start <= today:
                choices.append((period.key, period.label))
    return choices


class DashboardFilterForm(forms.Form):
    """Period (month, quarter, year or a custom range: this month by default), township and domain of the
    dashboard. Township roles are held to their own township (a 1+X hub may also choose the satellites it serves:
    the choices are scoped). A `period` key in the query string (2026, 2026-10, 2026-Q3, 2026-01-05..2026-02-10) is
    understood too, so the drill-down links and the desks can name a period in one parameter."""

    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, required=False, widget=forms.RadioSelect)
    month = forms.CharField(label=_("Month"), required=False, max_length=7,
                            widget=forms.DateInput(attrs={"type": "month", "data-kind": "month"}))
    quarter = forms.ChoiceField(label=_("Quarter"), required=False,
                                widget=forms.Select(attrs={"data-kind": "quarter"}))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000,
                              widget=forms.NumberInput(attrs={"data-kind": "year", "inputmode": "numeric"}))
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date", "data-kind": "range"}))
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date", "data-kind": "range"}))
    township = _ChoiceField(label=_("Township"), queryset=Township.objects.none(), required=False,
                                      to_field_name="code", empty_label=_("whole county"))
    domain = _ChoiceField(label=_("Domain"), queryset=Domain.objects.none(), required=False,
                                    to_field_name="code", empty_label=_("all domains"))

    PERIOD_FIELDS = ("kind", "month", "quarter", "year", "start", "end")

    def __init__(self, data=None, *args, actor, today=None, **kwargs):
        self.today = today or timezone.localdate()
        if data is not None and data.get("period") and not data.get("kind"):
            data = self._from_key(data)
        super().__init__(data, *args, **kwargs)
        self.actor = actor
        self.fields["quarter"].choices = quarter_choices(self.today)
        self.fields["township"].queryset = access.scope(Township.objects.order_by("code"), actor)
        self.fields["domain"].queryset = access.scope(Domain.objects.order_by("sort_order", "code"), actor)
        self._own_township_id = access.township_id_of(actor)
        if self._own_township_id is not None:
            self.fields["township"].empty_label = None
        this_month = Period.containing_month(self.today)
        self.initial = {"kind": "month", "month": this_month.key, "quarter": self.fields["quarter"].choices[0][0],
                        "year": self.today.year, "start": this_month.start, "end": self.today, **self.initial}

    def _from_key(self, data):
        """`period=<key>` → the picker's fields; an unreadable key is left for `clean` to report."""
        data = data.copy()
        text = data.get("period", "").strip()
        try:
            period = Period.parse(text, field="period", today=self.today)
        except ValidationError:
            data["kind"], data["month"] = "month", text
            return data
        data["kind"] = {"week": "range"}.get(period.kind, period.kind)
        if period.kind == "month":
            data["month"] = period.key
        elif period.kind == "quarter":
            data["quarter"] = period.key
        elif period.kind == "year":
            data["year"] = str(period.start.year)
        else:
            data["start"], data["end"] = period.start.isoformat(), period.end.isoformat()
        return data

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or "month"
        try:
            if kind == "month":
                text = (data.get("month") or "").strip()
                period = Period.parse(text, field="month", today=self.today) if text else \
                    Period.containing_month(self.today)
            elif kind == "quarter":
                period = Period.parse(data.get("quarter") or Period.quarter(
                    self.today.year, (self.today.month - 1) // 3 + 1).key, field="quarter", today=self.today)
            elif kind == "year":
                period = Period.year(data.get("year") or self.today.year)
                if period.start > self.today:
                    raise ValidationError({"year": _("%(label)s is in the future: there are no figures for it yet.")
                                           % {"label": period.label}})
            else:
                start, end = data.get("start"), data.get("end")
                if not start or not end:
                    raise ValidationError({"start" if not start else "end": _("Give both days of the range.")})
                if start > end:
                    raise ValidationError({"end": _("The end of the range is before its start.")})
                if start > self.today:
                    raise ValidationError({"start": _("The range starts in the future: there are no figures yet.")})
                if (end - start).days > MAX_RANGE_DAYS:
                    raise ValidationError({"end": _("Choose a range of at most three years.")})
                period = Period.between(start, end)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return data
        data["period"] = period
        return data

    @cached_property
    def own_township(self):
        """A township role's own township, from the picker's list (it is always there: no query of its own)."""
        if self._own_township_id is None:
            return None
        return next((township for township in self.townships() if township.pk == self._own_township_id),
                    None) or self.actor.township

    def clean_township(self):
        township = self.cleaned_data.get("township")
        return township or self.own_township

    def filters(self):
        """The valid filters, falling back to the defaults (this month) for any field with an error."""
        self.is_valid()  # invalid fields are left out of cleaned_data, so their defaults apply
        data = getattr(self, "cleaned_data", {})  # an unbound form (no query string) has none
        return {
            "period": data.get("period") or Period.containing_month(self.today),
            "township": data.get("township") or self.own_township,
            "domain": data.get("domain"),
        }

    def townships(self):
        """The townships of the township picker (those the actor may see, in code order), read once: the picker
        renders from the same list."""
        return list(self.fields["township"].queryset)

    def period_fields(self):
        return [self[name] for name in self.PERIOD_FIELDS if name != "kind"]

    def other_fields(self):
        return [self["township"], self["domain"]]
