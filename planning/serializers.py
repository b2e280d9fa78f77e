"""API representations: codes, never database ids."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Inspection,
    InspectionResult,
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

    class Meta:
        model = Subject
        fields = ["uscc", "name", "industry", "address", "township", "risk_level"]


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

    class Meta:
        model = InspectionResult
        fields = ["point", "item", "passed", "note", "case_code", "rectify_by", "rectified_on"]


class InspectionSerializer(serializers.ModelSerializer):
    task = serializers.SlugRelatedField(slug_field="code", read_only=True)
    joint = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject = serializers.SlugRelatedField(slug_field="uscc", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    officers = serializers.SlugRelatedField(slug_field="employee_number", many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["code", "task", "joint", "subject", "department", "township", "inspected_on", "officers",
                  "is_random", "is_joint", "has_problems", "note", "results"]


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
    client_request_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


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
