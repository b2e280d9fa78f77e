from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Adjustment, DiscretionTier, Domain, Item, PenaltyKind


class DomainSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Domain
        fields = ["code", "name", "item_count"]


class DiscretionTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscretionTier
        fields = ["level", "conditions", "fine_min", "fine_max"]


class ItemSerializer(serializers.ModelSerializer):
    domain = serializers.SlugRelatedField(slug_field="code", queryset=Domain.objects.all())
    domain_name = serializers.CharField(source="domain.name", read_only=True)
    special_lists = serializers.SerializerMethodField()
    # A list of known kinds (a JSON column would otherwise store a dict or a number as it came).
    penalty_kinds = serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False,
                                          max_length=len(PenaltyKind.values))

    class Meta:
        model = Item
        fields = ["code", "name", "domain", "domain_name", "power_type", "tier", "violation_law",
                  "violation_article", "penalty_law", "penalty_article", "penalty_kinds", "fine_min", "fine_max",
                  "no_penalty", "no_penalty_conditions", "correction_first", "correction_first_conditions",
                  "warning_only", "warning_only_conditions", "concerns_life_health_safety", "also_comprehensive",
                  "special_lists",
                  "status", "valid_from", "valid_to", "version"]
        read_only_fields = ["status", "valid_to", "version"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_special_lists(self, obj):
        return obj.special_lists()


def _decimal(value):
    return None if value is None else f"{value.quantize(TWO_PLACES):f}"


TWO_PLACES = Decimal("0.01")
_PLAIN = ("name", "power_type", "tier", "violation_law", "violation_article", "penalty_law", "penalty_article")
_FLAGS = ("no_penalty", "no_penalty_conditions", "correction_first", "correction_first_conditions", "warning_only",
          "warning_only_conditions", "concerns_life_health_safety", "also_comprehensive")


class ItemListSerializer(ItemSerializer):
    """Read-only rows of the item list: the same output as ItemSerializer (a test compares them), built
    without DRF's per-field machinery, which was the largest Python cost of a 50-row search page."""

    def to_representation(self, item):
        data = {"code": item.code}
        for name in _PLAIN:
            data[name] = getattr(item, name)
        data["domain"] = item.domain.code
        data["domain_name"] = item.domain.name
        data["penalty_kinds"] = item.penalty_kinds
        data["fine_min"] = _decimal(item.fine_min)
        data["fine_max"] = _decimal(item.fine_max)
        for name in _FLAGS:
            data[name] = getattr(item, name)
        data["special_lists"] = item.special_lists()
        data["status"] = item.status
        data["valid_from"] = item.valid_from.isoformat() if item.valid_from else None
        data["valid_to"] = item.valid_to.isoformat() if item.valid_to else None
        data["version"] = item.version
        return {name: data[name] for name in self.Meta.fields}


class PendingChangeSerializer(serializers.ModelSerializer):
    """An amendment recorded ahead of its effective date: `after` holds the values it will bring."""

    class Meta:
        model = Adjustment
        fields = ["effective_date", "reason", "document_number", "note", "after"]


class ItemDetailSerializer(ItemSerializer):
    discretion_tiers = serializers.SerializerMethodField()
    pending_changes = serializers.SerializerMethodField()

    class Meta(ItemSerializer.Meta):
        fields = ItemSerializer.Meta.fields + ["discretion_tiers", "pending_changes"]

    @extend_schema_field(PendingChangeSerializer(many=True))
    def get_pending_changes(self, obj):
        if getattr(obj, "as_of", None):
            return []
        pending = obj.adjustments.filter(pending=True).order_by("effective_date", "id")
        return PendingChangeSerializer(pending, many=True).data

    @extend_schema_field(DiscretionTierSerializer(many=True))
    def get_discretion_tiers(self, obj):
        if getattr(obj, "as_of_discretion_tiers", None) is not None:
            return obj.as_of_discretion_tiers
        return DiscretionTierSerializer(obj.discretion_tiers.all(), many=True).data


class ItemWriteSerializer(ItemSerializer):
    """Create / amend: the item's fields, optionally its whole discretion benchmark, and the adjustment's
    reason, document number, effective date and note (recorded in the catalogue's history)."""

    ADJUSTMENT_FIELDS = ("reason", "document_number", "effective_date", "note")

    discretion_tiers = DiscretionTierSerializer(many=True, required=False)
    reason = serializers.ChoiceField(choices=Adjustment.Reason.choices, write_only=True)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)
    effective_date = serializers.DateField(required=False, write_only=True)
    note = serializers.CharField(required=False, allow_blank=True, write_only=True)

    class Meta(ItemSerializer.Meta):
        fields = ItemSerializer.Meta.fields + ["discretion_tiers", "reason", "document_number", "effective_date",
                                               "note"]


class AdjustmentInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Adjustment.Reason.choices)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    effective_date = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AdjustmentSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = Adjustment
        fields = ["item", "item_name", "kind", "reason", "document_number", "effective_date", "actor", "note",
                  "before", "after", "pending", "created_at"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor(self, obj):
        return str(obj.actor) if obj.actor else ""

