"""API representations: codes, never database ids."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Checklist,
    CheckPoint,
    Frequency,
    Inspection,
    InspectionResult,
    InspectionType,
    JointInspection,
    OfficerConflict,
    RandomDraw,
    Subject,
    WeekTask,
    YearPlan,
)


class SubjectSerializer(serializers.ModelSerializer):
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Subject
        fields = ["uscc", "name", "industry", "address", "township", "zone", "risk_level"]


class MonthSummarySerializer(serializers.Serializer):
    month = serializers.IntegerField()
    planned_count = serializers.IntegerField()
    focus = serializers.CharField()


class DrawnSubjectSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    subject = serializers.CharField(help_text=_("unified social credit code"))
    name = serializers.CharField()
    officers = serializers.ListField(child=serializers.CharField(), help_text=_("employee numbers"))


class YearPlanSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    months = serializers.SerializerMethodField()

    class Meta:
        model = YearPlan
        fields = ["code", "department", "year", "title", "state", "frequency", "planned_count", "subject_scope",
                  "items", "months"]

    @extend_schema_field(MonthSummarySerializer(many=True))
    def get_months(self, plan):
        return [{"month": m.month, "planned_count": m.planned_count, "focus": m.focus} for m in plan.months.all()]


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CheckPointSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = CheckPoint
        fields = ["code", "order", "text", "item", "item_name"]


class ChecklistSerializer(serializers.ModelSerializer):
    """监管一件事: an industry's checklist with its points (pass / fail / photo per point on the phone)."""

    industry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    points = CheckPointSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["code", "series", "version", "name", "industry", "industry_name", "is_active", "valid_from",
                  "retired_on", "note", "points"]


class WeekTaskSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="arrangement.plan.code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subjects = serializers.SlugRelatedField(slug_field="uscc", many=True, read_only=True)
    officers = serializers.SlugRelatedField(slug_field="employee_number", many=True, read_only=True)
    checklist = serializers.SlugRelatedField(slug_field="code", read_only=True)
    draw = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = WeekTask
        fields = ["code", "plan", "department", "township", "date", "inspection_type", "subjects", "officers",
                  "checklist", "draw", "note", "done_at"]


class JointInspectionSerializer(serializers.ModelSerializer):
    subject = serializers.SlugRelatedField(slug_field="uscc", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tasks = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    officers = serializers.SlugRelatedField(slug_field="employee_number", many=True, read_only=True)
    checklists = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = JointInspection
        fields = ["code", "subject", "township", "date", "year", "month", "tasks", "departments", "officers",
                  "checklists", "visits_saved", "done_at"]


class RandomDrawSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    subjects = serializers.SerializerMethodField()

    class Meta:
        model = RandomDraw
        fields = ["code", "title", "department", "departments", "inspection_type", "draw_date", "subject_count",
                  "officers_per_subject", "seed", "population_size", "population_digest", "is_published",
                  "subjects"]

    @extend_schema_field(DrawnSubjectSerializer(many=True, allow_null=True))
    def get_subjects(self, draw):
        if self.context.get("view") is not None and self.context["view"].action == "list":
            return None
        return [{"order": row.order, "subject": row.subject.uscc, "name": row.subject.name,
                 "officers": [o.employee_number for o in row.officers.all()]}
                for row in draw.drawn_subjects.select_related("subject").prefetch_related("officers")]


class DrawCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    department = serializers.CharField()
    departments = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    inspection_type = serializers.CharField(max_length=100)
    draw_date = serializers.DateField()
    subject_count = serializers.IntegerField(min_value=1)
    officers_per_subject = serializers.IntegerField(min_value=2, default=2)
    industry = serializers.CharField(required=False, allow_blank=True, default="")
    township = serializers.CharField(required=False, allow_blank=True, default="")
    risk_level = serializers.CharField(required=False, allow_blank=True, default="")
    seed = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class ResultSerializer(serializers.ModelSerializer):
    point = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item = serializers.CharField(source="point.item.code", read_only=True)

    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = InspectionResult
        fields = ["point", "item", "passed", "note", "has_evidence", "case_code", "rectify_by", "rectified_on"]

    def get_has_evidence(self, result) -> bool:
        return bool(result.evidence)


class InspectionSerializer(serializers.ModelSerializer):
    task = serializers.SlugRelatedField(slug_field="code", read_only=True)
    joint = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject = serializers.SlugRelatedField(slug_field="uscc", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)
    officers = serializers.SlugRelatedField(slug_field="employee_number", many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["code", "task", "joint", "subject", "department", "township", "zone", "inspected_on", "officers",
                  "is_random", "is_joint", "has_problems", "note", "latitude", "longitude", "results"]


class ResultInputSerializer(serializers.Serializer):
    point = serializers.CharField(help_text=_("check point code"))
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    rectify_by = serializers.DateField(required=False, allow_null=True, default=None)


class InspectionCreateSerializer(serializers.Serializer):
    """PDA input: a task or joint inspection code is required (无计划不检查)."""

    task = serializers.CharField(required=False, allow_blank=True, default="")
    joint = serializers.CharField(required=False, allow_blank=True, default="")
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    inspected_on = serializers.DateField(required=False)
    officers = serializers.ListField(child=serializers.CharField(), min_length=0)
    results = ResultInputSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    officer_exception_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500,
        help_text=_("Required when the officers differ from those drawn for the subject (双随机一公开)."))
    client_request_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        default=None, min_value=-90, max_value=90,
                                        help_text="where the visit was (WGS-84), captured by the phone when allowed")
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         default=None, min_value=-180, max_value=180)

    def validate(self, attrs):
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            raise serializers.ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})
        return attrs


class ConflictSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="employee_number", read_only=True)
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    subject = serializers.SlugRelatedField(slug_field="uscc", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)

    class Meta:
        model = OfficerConflict
        fields = ["officer", "officer_name", "subject", "subject_name", "reason", "recorded_at"]


class ConflictCreateSerializer(serializers.Serializer):
    officer = serializers.CharField(max_length=32, help_text=_("employee number"))
    subject = serializers.CharField(max_length=18, help_text=_("unified social credit code"))
    reason = serializers.CharField(max_length=200)


def _codes(help_text):
    return serializers.ListField(child=serializers.CharField(max_length=40), required=False, help_text=help_text)


class PlanWriteSerializer(serializers.Serializer):
    """Create (all fields; department and year required) or PATCH (title … townships) a year plan. Codes only."""

    department = serializers.CharField(max_length=32, required=False, help_text=_("department code"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    title = serializers.CharField(max_length=200, required=False)
    subject_scope = serializers.CharField(required=False, allow_blank=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False)
    planned_count = serializers.IntegerField(min_value=0, required=False)
    items = _codes(_("catalogue item codes"))
    industries = _codes(_("industry codes"))
    townships = _codes(_("township codes"))


class MonthWriteSerializer(serializers.Serializer):
    month = serializers.IntegerField(min_value=1, max_value=12)
    planned_count = serializers.IntegerField(min_value=0)
    focus = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TaskWriteSerializer(serializers.Serializer):
    """Create (plan, month, date, subjects required) or PATCH (date, officers, checklist, type, note) a week task."""

    plan = serializers.CharField(max_length=40, required=False, help_text=_("year plan code"))
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    date = serializers.DateField(required=False)
    subjects = serializers.ListField(child=serializers.CharField(max_length=18), required=False,
                                     help_text=_("unified social credit codes"))
    officers = serializers.ListField(child=serializers.CharField(max_length=32), required=False,
                                     help_text=_("employee numbers"))
    checklist = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text=_("checklist code"))
    inspection_type = serializers.ChoiceField(choices=InspectionType.choices, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class EvidenceUploadSerializer(serializers.Serializer):
    point = serializers.CharField(max_length=50, help_text=_("check point code"))
    file = serializers.FileField(help_text=_("JPG, PNG or PDF, at most 10 MB"))


class OpenCaseSerializer(serializers.Serializer):
    point = serializers.CharField(max_length=50, help_text=_("check point code of a failed point"))


class OpenCaseAnswerSerializer(serializers.Serializer):
    inspection = serializers.CharField()
    point = serializers.CharField()
    case = serializers.CharField(help_text=_("action code of the case opened from the point"))
