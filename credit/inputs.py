"""One input serializer per credit repair action (documented in the OpenAPI schema): strict keys, typed fields,
dates neither in the future nor before 1990. The service receives only `validated_data`."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from .models import Effect

EARLIEST = datetime.date(1990, 1, 1)
MAX_TEXT = 2000


class StrictInput(serializers.Serializer):
    """Unknown keys are refused (a typing error or a hostile value), not ignored."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


def day(label, help_text):
    return serializers.DateField(label=label, required=False, help_text=help_text)


def check_day(value):
    if value is not None and (value > timezone.localdate() or value < EARLIEST):
        raise serializers.ValidationError(_("The date cannot be in the future or before 1990."))
    return value


def text(label, *, required=False, help_text=""):
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=MAX_TEXT,
                                 trim_whitespace=True, help_text=help_text)


class ApplyInput(StrictInput):
    """The subject's application for credit repair of one published decision (`publication`, the id on the
    public page), received on `applied_on` (today when left out)."""

    publication = serializers.IntegerField(label=gettext_lazy("Published decision"), min_value=1,
                                           help_text="The id of the published decision (cases.Publication).")
    applied_on = day(gettext_lazy("Applied on"), "The day the application was received; default today.")
    request = text(gettext_lazy("Application (申请事由)"))

    def validate_applied_on(self, value):
        return check_day(value)


class AcceptInput(StrictInput):
    """受理: the application is complete and taken up, on `accepted_on` (today when left out)."""

    accepted_on = day(gettext_lazy("Accepted on"), "Default today.")

    def validate_accepted_on(self, value):
        return check_day(value)


class RectificationInput(StrictInput):
    """The rectification as verified by the agency: the violation corrected (and how), the day the credit
    commitment letter (信用承诺书) was received. The fine's payment is read from the case."""

    corrected = serializers.BooleanField(label=gettext_lazy("Violation corrected"), required=False)
    correction_note = text(gettext_lazy("How the violation was corrected"))
    commitment_on = day(gettext_lazy("Credit commitment letter received on"), "The day the 信用承诺书 was received.")

    def validate_commitment_on(self, value):
        return check_day(value)


class ApproveInput(StrictInput):
    """The decision to repair, on `decided_on` (today when left out): the publication is ended (`end`,
    终止公示) or kept and marked 已信用修复 (`mark`, the default)."""

    decided_on = day(gettext_lazy("Decided on"), "Default today.")
    effect = serializers.ChoiceField(label=gettext_lazy("Effect on the publication"), choices=Effect.choices,
                                     required=False, default=Effect.MARK)

    def validate_decided_on(self, value):
        return check_day(value)


class RefuseInput(StrictInput):
    """不予受理 / 不予修复, with the reason the applicant is told."""

    decided_on = day(gettext_lazy("Decided on"), "Default today.")
    reason = text(gettext_lazy("Reason"), required=True)

    def validate_decided_on(self, value):
        return check_day(value)


class WithdrawInput(StrictInput):
    """The applicant withdraws the application."""

    withdrawn_on = day(gettext_lazy("Withdrawn on"), "Default today.")
    reason = text(gettext_lazy("Reason"))

    def validate_withdrawn_on(self, value):
        return check_day(value)


INPUTS = {"accept": AcceptInput, "record_rectification": RectificationInput, "approve": ApproveInput,
          "refuse": RefuseInput, "withdraw": WithdrawInput}
DAY_INPUT = {"accept": "accepted_on", "approve": "decided_on", "refuse": "decided_on", "withdraw": "withdrawn_on"}


def service_data(action, validated):
    """The input as the service takes it: the action's day as `on`."""
    data = dict(validated)
    if action in DAY_INPUT:
        data["on"] = data.pop(DAY_INPUT[action], None)
    return data
