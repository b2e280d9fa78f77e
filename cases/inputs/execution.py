"""Inputs of the actions after the decision: 催告, instalments or deferral, the court's enforcement."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import rules
from ..models_execution import CourtRuling, EnforcementOutcome, PaymentPlanKind, PaymentPlanStatus
from .actions import action_input
from .base import EARLIEST_DATE, MAX_AMOUNT, ActionInput, choice_field, day_field, line_field, text_field

PLAN_KINDS = [c for c in PaymentPlanKind.choices if c[0]]
RULINGS = [c for c in CourtRuling.choices if c[0]]
OUTCOMES = [c for c in EnforcementOutcome.choices if c[0]]
MAX_PLAN_DAYS = 366 * 2  # a schedule may run at most two years from the application


@extend_schema_field({
    "oneOf": [
        {"type": "array", "maxItems": rules.MAX_INSTALMENTS,
         "items": {"type": "object", "required": ["due", "amount"],
                   "properties": {"due": {"type": "string", "format": "date"},
                                  "amount": {"type": "string", "format": "decimal"}}}},
        {"type": "string", "description": "One payment per line: `YYYY-MM-DD amount` (the page's text box)."},
    ]})
class ScheduleField(serializers.Field):
    """The payment schedule: [{"due": date, "amount": yuan}], or the page's text, one `date amount` a line."""

    default_error_messages = {"invalid": gettext_lazy("Give one payment per line: the due date and the amount, "
                                                      "e.g. 2026-03-01 500.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("style", {"rows": 4})
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            rows = []
            for line in data.replace("，", " ").replace(",", " ").splitlines():
                parts = line.split()
                if not parts:
                    continue
                if len(parts) != 2:
                    self.fail("invalid")
                rows.append({"due": parts[0], "amount": parts[1]})
            data = rows
        if not isinstance(data, list) or not data:
            self.fail("invalid")
        if len(data) > rules.MAX_INSTALMENTS:
            raise serializers.ValidationError(_("At most %(n)s payments.") % {"n": rules.MAX_INSTALMENTS})
        schedule = []
        for row in data:
            if not isinstance(row, dict) or set(row) != {"due", "amount"}:
                self.fail("invalid")
            try:
                due = datetime.date.fromisoformat(str(row["due"]))
                amount = Decimal(str(row["amount"])).quantize(Decimal("0.01"))
            except (ValueError, InvalidOperation):
                self.fail("invalid")
            if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT or due < EARLIEST_DATE:
                self.fail("invalid")
            schedule.append((due, amount))
        days = [due for due, _amount in schedule]
        if days != sorted(days) or len(set(days)) != len(days):
            raise serializers.ValidationError(_("The due dates must be different and in order."))
        return schedule

    def to_representation(self, value):
        return [{"due": str(due), "amount": str(amount)} for due, amount in value]


@action_input("remind")
class RemindInput(ActionInput):
    """催告 (行政强制法 arts. 35, 54): the written reminder, issued on `issued_on` after the payment deadline
    passed; the 催告书 PDF states the amount owed that day (fine plus art. 72 surcharge)."""

    date_field = "issued_on"
    not_before = ("delivered_on",)
    issued_on = day_field(gettext_lazy("Reminder issued on"))
    note = text_field(gettext_lazy("Notes"))


@action_input("deliver_reminder")
class DeliverReminderInput(ActionInput):
    """Delivery of the 催告书 on `delivered_on`: the party's ten days (行政强制法 art. 54) run from it."""

    date_field = "delivered_on"
    not_before = ("reminder_issued_on",)
    delivered_on = day_field(gettext_lazy("Reminder delivered on"))


@action_input("record_reminder_statement")
class RecordReminderStatementInput(ActionInput):
    """The party's statement and defence after the reminder (行政强制法 art. 36), received on `stated_on`."""

    date_field = "stated_on"
    not_before = ("reminder_issued_on",)
    stated_on = day_field(gettext_lazy("Statement received on"))
    note = text_field(gettext_lazy("Statement and the agency's review of it"), required=True)


@action_input("apply_payment_plan")
class ApplyPaymentPlanInput(ActionInput):
    """The party's application (art. 66) for deferral (one new due date) or instalments, received on
    `applied_on`, with the reason (经济困难) and the proposed schedule."""

    date_field = "applied_on"
    not_before = ("delivered_on",)
    kind = choice_field(gettext_lazy("Payment plan"), PLAN_KINDS)
    applied_on = day_field(gettext_lazy("Application received on"))
    reason = text_field(gettext_lazy("Reason (financial hardship)"), required=True)
    schedule = ScheduleField(label=gettext_lazy("Schedule (one line each: due date and amount)"),
                             help_text="Due dates in order, after the application; the amounts add up to the fine.")

    def check(self, attrs):
        if getattr(self.case, "payment_plan_status", "") in (PaymentPlanStatus.APPLIED, PaymentPlanStatus.APPROVED):
            return {"kind": _("Art. 66: a payment plan has already been applied for or approved for this "
                              "decision.")}
        applied = attrs["applied_on"]
        days = [due for due, _amount in attrs["schedule"]]
        if days[0] <= applied:
            return {"schedule": _("The first payment must be due after the application.")}
        if days[-1] > applied + datetime.timedelta(days=MAX_PLAN_DAYS):
            return {"schedule": _("The schedule may run at most two years from the application.")}
        return None


@action_input("decide_payment_plan")
class DecidePaymentPlanInput(ActionInput):
    """The authorised person's decision on the application (art. 66), on `decided_on`."""

    date_field = "decided_on"
    not_before = ("payment_plan_applied_on",)
    approved = serializers.BooleanField(label=gettext_lazy("Approved"), required=False, default=False)
    decided_on = day_field(gettext_lazy("Decided on"))
    note = text_field(gettext_lazy("Notes"))

    def check(self, attrs):
        if getattr(self.case, "payment_plan_status", None) != PaymentPlanStatus.APPLIED:
            return {"approved": _("Art. 66: there is no application for a payment plan to decide.")}
        if not attrs.get("approved") and not attrs.get("note"):
            return {"note": _("Give the reason for refusing the application.")}
        return None


@action_input("apply_enforcement")
class ApplyEnforcementInput(ActionInput):
    """申请人民法院强制执行 (行政强制法 arts. 53–55) on `applied_on`, to the named court; the application
    document is generated."""

    date_field = "applied_on"
    not_before = ("reminder_delivered_on",)
    court = line_field(gettext_lazy("Court"), required=True)
    applied_on = day_field(gettext_lazy("Applied on"))
    note = text_field(gettext_lazy("Notes"))


@action_input("record_court_ruling")
class RecordCourtRulingInput(ActionInput):
    """The court's ruling on the application (行政强制法 arts. 57, 58)."""

    date_field = "ruled_on"
    not_before = ("enforcement_applied_on",)
    ruling = choice_field(gettext_lazy("Court ruling"), RULINGS)
    ruling_number = line_field(gettext_lazy("Ruling number"), required=True, max_length=100)
    ruled_on = day_field(gettext_lazy("Ruling date"))
    note = text_field(gettext_lazy("Notes"))


@action_input("record_court_outcome")
class RecordCourtOutcomeInput(ActionInput):
    """The outcome of the enforcement: executed, or terminated (e.g. nothing to enforce, refused)."""

    date_field = "outcome_on"
    not_before = ("enforcement_ruling_on",)
    outcome = choice_field(gettext_lazy("Outcome"), OUTCOMES)
    outcome_on = day_field(gettext_lazy("Outcome date"))
    note = text_field(gettext_lazy("Notes"), required=True)
