from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import selectors
from .models import Department, Officer, Township, Zone


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name", "short_name"]


class StaffingItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    actual = serializers.IntegerField()
    required = serializers.IntegerField()
    passed = serializers.BooleanField()


class TownshipSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    empowerment_mode_display = serializers.CharField(source="get_empowerment_mode_display", read_only=True)
    hub = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    officer_count = serializers.IntegerField(read_only=True, help_text=_("active staff posted here"))
    certified_law_enforcement_count = serializers.IntegerField(read_only=True)
    law_enforcement_count = serializers.IntegerField(read_only=True)
    safety_count = serializers.IntegerField(read_only=True)
    auxiliary_count = serializers.IntegerField(read_only=True)
    zone_count = serializers.IntegerField(read_only=True)
    staffing_standard_met = serializers.SerializerMethodField()
    staffing_check = serializers.SerializerMethodField()

    class Meta:
        model = Township
        fields = ["code", "name", "kind", "kind_display", "empowerment_mode", "empowerment_mode_display", "hub",
                  "officer_count", "certified_law_enforcement_count", "law_enforcement_count", "safety_count",
                  "auxiliary_count", "zone_count", "staffing_standard_met", "staffing_check"]

    def _check(self, township):
        return selectors.StaffingCheck.from_counts(
            certified_law_enforcement=township.certified_law_enforcement_count,
            law_enforcement=township.law_enforcement_count,
            safety=township.safety_count,
            auxiliaries=township.auxiliary_count,
        )

    def get_staffing_standard_met(self, township) -> bool:
        return self._check(township).passed

    @staticmethod
    def _items(check):
        return [{"key": i.key, "label": str(i.label), "actual": i.actual, "required": i.required, "passed": i.passed}
                for i in check.items]

    @extend_schema_field(StaffingItemSerializer(many=True))
    def get_staffing_check(self, township):
        return self._items(self._check(township))


class OfficerSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    certificate_status = serializers.SerializerMethodField(
        help_text=_("valid, expiring (within 60 days), suspended (failed annual review), expired or none"))
    rotation_due = serializers.SerializerMethodField(help_text=_("posted to the township for more than 2 years"))
    home_department = serializers.SlugRelatedField(slug_field="code", queryset=Department.objects.all())
    township = serializers.SlugRelatedField(slug_field="code", queryset=Township.objects.all(), allow_null=True,
                                            required=False)

    class Meta:
        model = Officer
        fields = ["id", "name", "employee_number", "category", "category_display", "certificate_number",
                  "certificate_expiry", "certificate_status", "home_department", "township", "posted_on",
                  "rotation_due", "is_active", "has_legal_qualification", "certificate_suspended_on"]
        read_only_fields = ["id", "certificate_suspended_on"]
        # Uniqueness is checked by the services, which name the field in Chinese.
        extra_kwargs = {"employee_number": {"validators": []}, "certificate_number": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["home_department"].queryset = selectors.departments_visible_to(request.user)
            self.fields["township"].queryset = selectors.townships_visible_to(request.user)

    def get_certificate_status(self, officer) -> str:
        return officer.certificate_status()

    def get_rotation_due(self, officer) -> bool:
        return officer.rotation_due()


class ZoneSerializer(serializers.ModelSerializer):
    """执法责任片区 / 网格 with its responsible officers."""

    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)
    officers = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = ["code", "name", "township", "township_name", "description", "officers", "is_active",
                  "retired_on"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_officers(self, zone):
        return [{"employee_number": o.employee_number, "name": o.name} for o in zone.officers.all()]


class _OfficerByNumber(serializers.SlugRelatedField):
    """An officer by employee number among those the user may see (another township's officer: unknown)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="employee_number", queryset=Officer.objects.all(), **kwargs)

    def get_queryset(self):
        return selectors.officers_visible_to(self.context["request"].user)


class ZoneWriteSerializer(serializers.Serializer):
    """Create a zone: township code, a code of its own, a name unique in the township, responsible officers
    (employee numbers of on-duty officers posted to that township)."""

    township = serializers.SlugRelatedField(slug_field="code", queryset=Township.objects.all())
    code = serializers.RegexField(r"^[-a-zA-Z0-9_]+$", max_length=40)
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    officers = serializers.ListField(child=_OfficerByNumber(), required=False, default=list, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["township"].queryset = selectors.townships_visible_to(request.user)


class ZoneUpdateSerializer(serializers.Serializer):
    """Change a zone's name, description or responsible officers (township and code stay)."""

    name = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    officers = serializers.ListField(child=_OfficerByNumber(), required=False, max_length=50)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields) if isinstance(self.initial_data, dict) else set()
        if unknown:
            raise serializers.ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
        return attrs
