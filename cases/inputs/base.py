"""The base of every transition's input serializer: strict keys, typed fields, possible dates.

A transition's input is parsed and validated here, before anything is applied (issue 9 items 2 and 3):
types and ranges by the fields, unknown keys refused, dates never in the future and never before the step
they follow (read from the case given in the context), the action's own date defaulted to today. The
service receives only `validated_data`: dates as `datetime.date`, amounts as `Decimal`, lists as lists.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import PenaltyKind

from ..models import CorrectionOutcome, StatementOutcome, Status

# No enforcement record predates these; an earlier date is a typing error (or a hostile value).
EARLIEST_DATE = datetime.date(1990, 1, 1)
MAX_TEXT = 5000
MAX_NOTE = 2000
MAX_AMOUNT = Decimal("999999999999.99")  # max_digits=14: the database column
MAX_SCHEDULE_DAYS = 366  # a hearing or correction deadline at most a year ahead

# The outcomes an action may record (the empty "pending / not recorded" value is the state before).
STATEMENT_OUTCOMES = [c for c in StatementOutcome.choices if c[0]]
CORRECTION_OUTCOMES = [c for c in CorrectionOutcome.choices if c[0]]

# The steps a date may not precede, as they are named in the Chinese messages.
STEP_LABELS = {
    "violation_date": gettext_lazy("the date of the violation"),
    "discovered_on": gettext_lazy("the date of discovery"),
    "filed_on": gettext_lazy("the filing date"),
    "correction_ordered_on": gettext_lazy("the date of the order to correct"),
    "notice_date": gettext_lazy("the notice date"),
    "statement_on": gettext_lazy("the statement and defence"),
    "hearing_requested_on": gettext_lazy("the hearing request"),
    "hearing_notice_date": gettext_lazy("the hearing notice"),
    "hearing_date": gettext_lazy("the scheduled hearing date"),
    "hearing_held_on": gettext_lazy("the hearing"),
    "discussion_on": gettext_lazy("the collective discussion"),
    "last_review_on": gettext_lazy("the approved legality review"),
    "decided_on": gettext_lazy("the decision"),
    "delivered_on": gettext_lazy("the delivery"),
    "reminder_issued_on": gettext_lazy("the reminder (催告书)"),
    "reminder_delivered_on": gettext_lazy("the delivery of the reminder"),
    "payment_plan_applied_on": gettext_lazy("the application for a payment plan"),
    "enforcement_applied_on": gettext_lazy("the application to the court"),
    "enforcement_ruling_on": gettext_lazy("the court's ruling"),
}


def action_field(action):
    """The discriminator: a string whose only value is the action (one OpenAPI body per action)."""

    @extend_schema_field({"type": "string", "enum": [action],
                          "description": "The action; selects this request body (discriminator)."})
    class ActionName(serializers.CharField):
        pass

    return ActionName(max_length=40)


def day_field(label, *, required=False, help_text=""):
    return serializers.DateField(label=label, required=required, help_text=help_text)


def money_field(label, *, required=False, help_text=""):
    """Yuan, two decimals, above zero and finite (NaN and Infinity are refused by DecimalField)."""
    return serializers.DecimalField(label=label, required=required, allow_null=not required, max_digits=14,
                                    decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT,
                                    help_text=help_text)


def text_field(label, *, required=False, max_length=MAX_NOTE, rows=3, help_text=""):
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=max_length,
                                 trim_whitespace=True, style={"rows": rows}, help_text=help_text)


def line_field(label, *, required=False, max_length=200, help_text=""):
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=max_length,
                                 help_text=help_text)


def choice_field(label, choices, *, required=True, help_text=""):
    return serializers.ChoiceField(label=label, choices=choices, required=required, help_text=help_text)


def kinds_field(label, *, help_text=""):
    return serializers.ListField(label=label, child=serializers.ChoiceField(choices=PenaltyKind.choices),
                                 required=False, max_length=len(PenaltyKind.values), help_text=help_text)


def officers_field():
    return serializers.ListField(
        label=gettext_lazy("Handling officers (at least two)"), required=False, max_length=20,
        child=serializers.CharField(max_length=32), help_text="Employee numbers of the handling officers.")


class ActionInput(serializers.Serializer):
    """Input of one transition. Context: `case` (the locked case, when known) and `today`."""

    action_name = ""
    date_field = None  # the day the action took place: defaults to today, never in the future
    not_before = ()  # case attributes (see STEP_LABELS) the action's date may not precede
    scheduled = ()  # date fields that name a future day (a hearing, a deadline): not refused for the future

    expected_status = serializers.ChoiceField(
        choices=Status.choices, required=False,
        help_text="The case status the client saw; a different current status is refused with HTTP 409.")

    @property
    def case(self):
        return self.context.get("case")

    @property
    def today(self):
        return self.context.get("today") or timezone.localdate()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            if data.get("action") != self.action_name:
                raise serializers.ValidationError({"action": [_("This body belongs to another action.")]})
            unknown = [str(key) for key in data if key not in self.fields][:20]
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("This action does not take this field.")] for key in unknown})
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs.pop("action", None)
        today = self.today
        errors = {}
        for name, value in attrs.items():
            if not isinstance(value, datetime.date):
                continue
            if value < EARLIEST_DATE:
                errors[name] = _("The date %(date)s is not plausible.") % {"date": value}
            elif name not in self.scheduled and value > today:
                errors[name] = _("The date %(date)s is in the future; record only what has happened, on or before "
                                 "today (%(today)s).") % {"date": value, "today": today}
        if self.date_field:
            attrs.setdefault(self.date_field, today)
            if self.case is not None and self.date_field not in errors:
                message = self.precedes(attrs[self.date_field], self.not_before)
                if message:
                    errors[self.date_field] = message
        if not errors:
            errors = self.check(attrs) or {}
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def step_date(self, attr):
        if attr in self.context:
            return self.context[attr]
        return getattr(self.case, attr, None)

    def precedes(self, value, steps):
        """The message when `value` is before one of the case's `steps` (None when it is not)."""
        for attr in steps:
            earliest = self.step_date(attr)
            if earliest and value < earliest:
                return _("The date %(date)s is before %(step)s (%(earliest)s): an action cannot precede the step "
                         "it follows.") % {"date": value, "step": STEP_LABELS[attr], "earliest": earliest}
        return None

    def check(self, attrs):
        """Rules between this action's own fields; a dict of field errors or None."""
        return None

    @property
    def action_date(self):
        return self.validated_data.get(self.date_field) if self.date_field else None
