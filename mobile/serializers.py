"""Shapes of the phone's API (for the OpenAPI schema; `mobile.selectors` builds the data)."""

from rest_framework import serializers


class OfficerRowSerializer(serializers.Serializer):
    employee_number = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    certificate_expiry = serializers.DateField(allow_null=True)
    certificate_valid = serializers.BooleanField()


class PenaltyKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()


class TierSerializer(serializers.Serializer):
    level = serializers.CharField()
    label = serializers.CharField()
    conditions = serializers.CharField()
    fine_min = serializers.DecimalField(max_digits=14, decimal_places=2)
    fine_max = serializers.DecimalField(max_digits=14, decimal_places=2)


class CatalogueItemSerializer(serializers.Serializer):
    """An item in force. `empowered: false` rows (another body's power, art. 24) carry only the name fields."""

    code = serializers.CharField()
    name = serializers.CharField()
    domain = serializers.CharField()
    pinyin = serializers.CharField(help_text="pinyin initials, for search")
    empowered = serializers.BooleanField()
    empowered_until = serializers.DateField(required=False, allow_null=True)
    penalty_kinds = PenaltyKindSerializer(many=True, required=False)
    fine_min = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    fine_max = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    no_penalty = serializers.BooleanField(required=False)
    no_penalty_conditions = serializers.CharField(required=False, allow_blank=True)
    correction_first = serializers.BooleanField(required=False)
    correction_first_conditions = serializers.CharField(required=False, allow_blank=True)
    warning_only = serializers.BooleanField(required=False)
    warning_only_conditions = serializers.CharField(required=False, allow_blank=True)
    limitation_years = serializers.IntegerField(required=False, help_text="art. 36: 2, or 5 for life/health/finance")
    basis = serializers.CharField(required=False, allow_blank=True)
    penalty_basis = serializers.CharField(required=False, allow_blank=True)
    tiers = TierSerializer(many=True, required=False)


class TaskSubjectSerializer(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    inspected = serializers.BooleanField()


class TaskSerializer(serializers.Serializer):
    code = serializers.CharField()
    date = serializers.DateField()
    department = serializers.CharField()
    inspection_type = serializers.CharField()
    inspection_type_label = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    checklist = serializers.CharField(allow_null=True)
    officers = serializers.ListField(child=serializers.CharField())
    subjects = TaskSubjectSerializer(many=True)


class PointSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    item = serializers.CharField()
    item_name = serializers.CharField()


class ChecklistRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    points = PointSerializer(many=True)


class DocumentRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    version = serializers.IntegerField()


class CaseRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    procedure = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    party_name = serializers.CharField()
    item = serializers.CharField()
    item_name = serializers.CharField()
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    due = serializers.DateField(allow_null=True, help_text="the next legal deadline")
    due_reason = serializers.CharField(allow_blank=True, help_text="deliver | statement | correction | decide")
    overdue = serializers.BooleanField()
    actions = serializers.ListField(child=serializers.CharField())
    to_deliver = serializers.BooleanField()
    documents = DocumentRowSerializer(many=True)


class ZoneRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    township = serializers.CharField()
    officers = serializers.ListField(child=serializers.CharField())
    mine = serializers.BooleanField()


class UserRowSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.CharField()
    township = serializers.CharField(allow_null=True)
    township_name = serializers.CharField()


class LimitsSerializer(serializers.Serializer):
    simple_max_fine_citizen = serializers.DecimalField(max_digits=14, decimal_places=2)
    simple_max_fine_org = serializers.DecimalField(max_digits=14, decimal_places=2)


class RecheckSerializer(serializers.Serializer):
    clue = serializers.CharField()
    address = serializers.CharField()
    deadline = serializers.DateField()
    requirement = serializers.CharField(allow_blank=True)


def _clue_rows():
    """The command centre's clue rows (intake), documented by intake's own serializer."""
    from django.apps import apps

    if apps.is_installed("intake"):
        from intake.api.serializers import ClueRowSerializer

        return ClueRowSerializer(many=True, allow_null=True, help_text="clues dispatched to the officer")
    return serializers.ListField(child=serializers.DictField(), allow_null=True)


class WorkingDataSerializer(serializers.Serializer):
    """Everything the phone caches for a day offline, in one call."""

    generated_at = serializers.DateTimeField()
    today = serializers.DateField()
    user = UserRowSerializer()
    officer = OfficerRowSerializer(allow_null=True, help_text="the signed-in user's officer record")
    partner = OfficerRowSerializer(allow_null=True, help_text="the usual partner proposed as second officer")
    colleagues = OfficerRowSerializer(many=True)
    limits = LimitsSerializer(help_text="art. 51 simple-procedure limits (settings)")
    items = CatalogueItemSerializer(many=True)
    recent_items = serializers.ListField(child=serializers.CharField())
    favourite_items = serializers.ListField(child=serializers.CharField())
    tasks = TaskSerializer(many=True)
    checklists = ChecklistRowSerializer(many=True)
    cases = CaseRowSerializer(many=True)
    zones = ZoneRowSerializer(many=True)
    clues = _clue_rows()
    rechecks = RecheckSerializer(many=True, allow_null=True, help_text="early warnings due for their re-check")


class FavouriteSerializer(serializers.Serializer):
    favourite_items = serializers.ListField(child=serializers.CharField())


class PartyQuerySerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=30, help_text="citizen ID (GB 11643) or USCC (GB 32100)")


class PartyCaseSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="only for cases the caller may open")
    date = serializers.DateField()
    item = serializers.CharField()
    item_name = serializers.CharField()
    township_name = serializers.CharField(allow_blank=True)
    status_label = serializers.CharField()
    decision_type = serializers.CharField(allow_blank=True)
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class PartyHistorySerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="the number passes its checksum")
    kind = serializers.CharField(help_text="citizen | organisation")
    cases = PartyCaseSerializer(many=True)


class CaseQrSerializer(serializers.Serializer):
    code = serializers.CharField()
    verify_url = serializers.CharField()
    qr = serializers.CharField(help_text="SVG data URI of the 行政行为码 QR code")
