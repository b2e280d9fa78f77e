"""The input of a case registration (线索登记 / 立案 / 当场处罚): the page form, the API and other apps.

`RegistrationFields` are the scalar fields `cases.services.case_register` validates itself (item, township
and officers are resolved there); `CaseCreateSerializer` (the API body) adds the references by code.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from catalog.models import DiscretionLevel

from ..models import MitigationGround, NoPenaltyGround, PartyType, Procedure, Source
from .base import EARLIEST_DATE, MAX_TEXT, kinds_field, money_field


class RegistrationFields(serializers.Serializer):
    request_id = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                       help_text="Client request id: a re-sent registration returns the first case.")
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.PATROL)
    party_type = serializers.ChoiceField(choices=PartyType.choices)
    party_name = serializers.CharField(max_length=200)
    party_id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    party_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    party_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200)
    # Where it happened (WGS-84 degrees, ADR 0012), e.g. captured by the phone when the officer allows it.
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90, help_text="WGS-84, both or neither")
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180, help_text="WGS-84, both or neither")
    facts = serializers.CharField(max_length=MAX_TEXT)
    violation_date = serializers.DateField()
    violation_ended_on = serializers.DateField(
        required=False, allow_null=True,
        help_text="Art. 36: the day a continuing or repeated violation ended (the limitation period runs from it).")
    safety_involved = serializers.BooleanField(
        default=False,
        help_text="Art. 36: life, health or financial safety involved (5 years with harmful consequences).")
    harmful_consequences = serializers.BooleanField(default=False,
                                                    help_text="Art. 36: harmful consequences occurred.")
    discovered_on = serializers.DateField(required=False, help_text="Default: today.")
    filed_on = serializers.DateField(required=False, help_text="立案 date with file_now (default: today).")
    decided_on = serializers.DateField(required=False,
                                       help_text="Simple procedure: the on-the-spot decision date (default: today).")
    penalty_kinds = kinds_field(gettext_lazy("Intended penalty"))
    fine = money_field(gettext_lazy("Intended fine (yuan)"))
    marked_complex = serializers.BooleanField(default=False)
    file_now = serializers.BooleanField(default=False)
    decision_text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    discretion_level = serializers.ChoiceField(
        choices=DiscretionLevel.choices, required=False, allow_blank=True,
        help_text="Simple procedure: the discretion tier (裁量基准) of the fine; its band holds.")
    mitigation_ground = serializers.ChoiceField(
        choices=MitigationGround.choices, required=False, allow_blank=True,
        help_text="Simple procedure: the art. 30–32 ground of a fine below the band or the legal minimum.")
    discretion_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                              help_text="Simple procedure: reason for a fine outside the band.")
    # 部门移交: the transfer letter (移交函) a case transferred by a department came with (source department).
    transfer_letter_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True,
        help_text="Transferred by a department: the number of its transfer letter (移交函).")
    transfer_letter_date = serializers.DateField(
        required=False, allow_null=True, help_text="Transferred by a department: the date of its transfer letter.")
    transfer_materials = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True,
        help_text="Transferred by a department: the materials received with the letter.")
    no_penalty_grounds = serializers.ChoiceField(
        choices=NoPenaltyGround.choices, required=False, allow_blank=True,
        help_text="Simple procedure: decide not to penalise on the spot (art. 33, items on the no-penalty list); "
                  "the 不予处罚决定书 is issued at once. No penalty kinds or fine; decision_text gives the reasoning.")

    def validate(self, attrs):
        today = self.context.get("today")
        errors = {}
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            errors["latitude"] = _("Give both latitude and longitude, or neither.")
        dates = ("violation_date", "violation_ended_on", "discovered_on", "filed_on", "decided_on",
                 "transfer_letter_date")
        for name in dates:
            value = attrs.get(name)
            if value is None:
                continue
            if value < EARLIEST_DATE:
                errors[name] = _("The date %(date)s is not plausible.") % {"date": value}
            elif today and value > today:
                errors[name] = _("Dates cannot be in the future.")
        if not errors:
            discovered = attrs.get("discovered_on") or today
            if discovered and attrs["violation_date"] > discovered:
                errors["violation_date"] = _("The violation cannot be later than its discovery.")
            ended = attrs.get("violation_ended_on")
            if ended and ended < attrs["violation_date"]:
                errors["violation_ended_on"] = _("A continuing violation cannot end before it began.")
            elif ended and discovered and ended > discovered:
                errors["violation_ended_on"] = _("The end of the violation cannot be later than its discovery.")
            letter = attrs.get("transfer_letter_date")
            if letter and discovered and letter > discovered:
                errors["transfer_letter_date"] = _(
                    "The transfer letter cannot be dated after the case was received (date discovered %(date)s).") % {
                    "date": discovered}
            for name in ("filed_on", "decided_on"):
                if attrs.get(name) and discovered and attrs[name] < discovered:
                    errors[name] = _("The date %(date)s is before the date of discovery (%(earliest)s).") % {
                        "date": attrs[name], "earliest": discovered}
        if not errors and attrs.get("no_penalty_grounds"):
            if attrs.get("procedure") != Procedure.SIMPLE:
                errors["no_penalty_grounds"] = _(
                    "On the spot only (simple procedure); in the ordinary procedure decide not to penalise as an "
                    "action of the filed case.")
            elif attrs.get("penalty_kinds") or attrs.get("fine"):
                errors["penalty_kinds"] = _("A decision not to penalise imposes no penalty; clear the penalty and "
                                            "the fine.")
            elif not (attrs.get("decision_text") or "").strip():
                errors["decision_text"] = _("Art. 33: record the reasoning of the decision not to penalise.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CaseCreateSerializer(RegistrationFields):
    """POST /api/v1/cases/: register a case (ordinary: a clue, filed at once with `file_now`; simple: decided
    and delivered on the spot). Dates are the true ones: a PDA syncing late keeps them."""

    item = serializers.CharField(max_length=40)
    township = serializers.CharField(max_length=32, required=False, allow_blank=True)
    zone = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                 help_text="Code of the responsibility zone (of the case's township, in use).")
    officers = serializers.ListField(child=serializers.CharField(max_length=32), max_length=20,
                                     help_text="Employee numbers of the handling officers (at least two).")
    transferred_from = serializers.CharField(
        max_length=32, required=False, allow_blank=True,
        help_text="Code of the department that transferred the case (部门移交; source `department`).")
    transfer_liaison = serializers.CharField(
        max_length=150, required=False, allow_blank=True,
        help_text="User name of the transferring department's liaison (role liaison of that department).")
