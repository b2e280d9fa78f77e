"""Inputs of coercive measures: 查封 / 扣押 (《行政强制法》 arts. 18–28) and 先行登记保存 (《行政处罚法》 art. 56)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from ..models_coercive import EXTENSION_MAX_DAYS, CoerciveKind, Handling, ReleaseReason
from .actions import action_input
from .base import ActionInput, choice_field, day_field, line_field, text_field

MAX_ITEMS = 200


class InventoryLineInput(serializers.Serializer):
    """One line of the inventory (清单, 行政强制法 art. 24 (三)): what was sealed up, seized or preserved."""

    name = serializers.CharField(label=gettext_lazy("Item name"), max_length=200)
    spec = serializers.CharField(label=gettext_lazy("Specification"), max_length=200, required=False,
                                 allow_blank=True)
    quantity = serializers.DecimalField(label=gettext_lazy("Quantity"), max_digits=12, decimal_places=3,
                                        min_value=Decimal("0.001"), max_value=Decimal("999999999"))
    unit = serializers.CharField(label=gettext_lazy("Unit"), max_length=20)
    kept_at = serializers.CharField(label=gettext_lazy("Kept at"), max_length=200,
                                    help_text="Where the goods are kept (art. 26: kept with due care).")
    note = serializers.CharField(label=gettext_lazy("Notes"), max_length=500, required=False, allow_blank=True)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = [str(key) for key in data if key not in self.fields][:20]
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("This action does not take this field.")] for key in unknown})
        return super().to_internal_value(data)


def measure_field():
    return serializers.IntegerField(label=gettext_lazy("Measure number"), min_value=1, max_value=32767,
                                    help_text="The measure's number on the case (the case page and "
                                              "GET /api/v1/cases/{code}/coercive-measures/ show it).")


@action_input("take_coercive_measure")
class TakeCoerciveMeasureInput(ActionInput):
    """查封 / 扣押 (行政强制法 arts. 18, 24, 25) or 先行登记保存 (行政处罚法 art. 56) decided on `decided_on`,
    approved by the responsible person, with its reason, legal basis, the place, the inventory (`items`), and the
    on-site record (现场笔录: time, place, at least two officers with their certificates, the party present or
    the witness, the refusal to sign). A seal-up or seizure lasts `period_days` (at most 30, default 30);
    先行登记保存 is decided on within seven working days. Issues the decision document."""

    date_field = "decided_on"
    not_before = ("filed_on",)
    kind = choice_field(gettext_lazy("Kind of measure"), CoerciveKind.choices)
    decided_on = day_field(gettext_lazy("Date of the measure decision"))
    approved_by = line_field(gettext_lazy("Approved by (responsible person, art. 18 (一))"), required=True,
                             max_length=100)
    reason = text_field(gettext_lazy("Reason"), required=True)
    legal_basis = text_field(gettext_lazy("Legal basis of the measure"), required=True)
    place = line_field(gettext_lazy("Place or premises"), required=True)
    period_days = serializers.IntegerField(
        label=gettext_lazy("Period (days, at most 30)"), required=False, allow_null=True, min_value=1,
        max_value=366, help_text="Seal-up or seizure only: at most 30 days (art. 25); default 30.")
    items = InventoryLineInput(many=True, label=gettext_lazy("Inventory"), allow_empty=False, max_length=MAX_ITEMS)
    record_time = serializers.TimeField(label=gettext_lazy("Time of the on-site record"),
                                        help_text="HH:MM on the day of the decision.")
    record_place = line_field(gettext_lazy("Place of the on-site record"), required=True)
    on_site_officers = serializers.ListField(
        label=gettext_lazy("Officers on site (at least two)"), max_length=20,
        child=serializers.CharField(max_length=32),
        help_text="Employee numbers of the officers who carried out the measure (art. 18: at least two, each with "
                  "a valid enforcement certificate).")
    party_present = serializers.BooleanField(label=gettext_lazy("The party was present"), required=False,
                                             default=True)
    party_refused_to_sign = serializers.BooleanField(label=gettext_lazy("The party refused to sign the record"),
                                                     required=False, default=False)
    witness = line_field(gettext_lazy("Witness (when the party was absent)"), max_length=100)
    record_note = text_field(gettext_lazy("On-site record (what was done, the party's statement and defence)"),
                             required=True, rows=4)

    def check(self, attrs):
        if attrs.get("party_refused_to_sign") and not attrs.get("party_present", True):
            return {"party_refused_to_sign": _("Only a party who was present can refuse to sign; name the "
                                               "witness instead.")}
        if len(set(attrs["on_site_officers"])) != len(attrs["on_site_officers"]):
            return {"on_site_officers": _("An officer is named twice.")}
        return None


@action_input("extend_coercive_measure")
class ExtendCoerciveMeasureInput(ActionInput):
    """The one extension of a seal-up or seizure (行政强制法 art. 25): at most 30 days, approved by the
    responsible person, with the reason told to the party in writing (the extension decision is issued)."""

    date_field = "extended_on"
    not_before = ("filed_on",)
    measure = measure_field()
    extended_on = day_field(gettext_lazy("Extension approved on"))
    days = serializers.IntegerField(
        label=gettext_lazy("Extension (days, at most 30)"), min_value=1, max_value=EXTENSION_MAX_DAYS,
        error_messages={"max_value": gettext_lazy("行政强制法 Art. 25: the extension is at most 30 days.")})
    reason = text_field(gettext_lazy("Reason (complex circumstances)"), required=True)


@action_input("release_coercive_measure")
class ReleaseCoerciveMeasureInput(ActionInput):
    """解除 (行政强制法 arts. 27, 28; 行政处罚法 art. 56) on `released_on` with the reason, and whether the goods were
    returned to the party; issues the release decision."""

    date_field = "released_on"
    not_before = ("filed_on",)
    measure = measure_field()
    released_on = day_field(gettext_lazy("Released on"))
    reason = choice_field(gettext_lazy("Reason for the release"), ReleaseReason.choices)
    goods_returned = serializers.BooleanField(label=gettext_lazy("Goods returned to the party"), required=False,
                                              default=False)
    note = text_field(gettext_lazy("Release notes (what was returned, to whom)"), required=True)


@action_input("decide_coercive_measure")
class DecideCoerciveMeasureInput(ActionInput):
    """The decision on the goods held (行政强制法 art. 27: confiscation or destruction; 行政处罚法 art. 56: the
    handling of preserved evidence within seven working days), on `handled_on`; issues the handling decision."""

    date_field = "handled_on"
    not_before = ("filed_on",)
    measure = measure_field()
    handled_on = day_field(gettext_lazy("Date of the handling decision"))
    handling = choice_field(gettext_lazy("Handling"), Handling.choices)
    note = text_field(gettext_lazy("Handling notes"), required=True)
