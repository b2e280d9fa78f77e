"""/api/v1/intake/replies/, …/warnings/, /api/v1/patrol-plans/, /api/v1/patrols/: scoped lists and the patrol
writes (through the services)."""

from django.shortcuts import get_object_or_404

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin
from enforcement.core.idempotency import idempotent, idempotent_responses
from enforcement.core.pagination import StandardPagination

from .. import patrols as patrol_selectors
from .. import selectors, services
from ..models import EarlyWarning, Frequency, Patrol, PatrolPlan, Reply


class Holds(permissions.IsAuthenticated):
    """The view's `read_permission` for reads; `write_permissions[action]` for writes."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        needed = getattr(view, "write_permissions", {}).get(view.action, view.read_permission)
        return access.can(request.user, needed)


class ReplyRowSerializer(serializers.ModelSerializer):
    clue = serializers.CharField(source="clue.code")
    township = serializers.CharField(source="township.code", default=None)
    on_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = Reply
        fields = ["clue", "township", "due_on", "replied_at", "method", "satisfaction", "on_time"]


class ReplyViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Replies owed to complainants: `status` = pending | overdue | done (default: all)."""

    queryset = Reply.objects.all()
    serializer_class = ReplyRowSerializer
    permission_classes = [Holds]
    read_permission = "clue.view"
    pagination_class = StandardPagination

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=["pending", "overdue", "done"])])
    def list(self, request, *args, **kwargs):
        queryset = selectors.replies_list(actor=request.user, status=request.query_params.get("status"))
        page = self.paginate_queryset(queryset.filter(pk__in=self.get_queryset().values("pk")))
        return self.get_paginated_response(ReplyRowSerializer(page, many=True).data)


class WarningRowSerializer(serializers.ModelSerializer):
    clue = serializers.CharField(source="clue.code")
    township = serializers.CharField(source="township.code", default=None)

    class Meta:
        model = EarlyWarning
        fields = ["notice_number", "clue", "township", "requirement", "issued_at", "rectification_deadline",
                  "outcome", "rechecked_at"]


class WarningViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Early warnings (预警): `due=1` lists those whose re-check is due; `outcome` filters."""

    queryset = EarlyWarning.objects.all()
    serializer_class = WarningRowSerializer
    permission_classes = [Holds]
    read_permission = "clue.view"
    pagination_class = StandardPagination

    @extend_schema(parameters=[OpenApiParameter("due", bool), OpenApiParameter(
        "outcome", str, enum=EarlyWarning.Outcome.values)])
    def list(self, request, *args, **kwargs):
        if request.query_params.get("due") in ("1", "true"):
            queryset = selectors.rechecks_due(actor=request.user)
        else:
            queryset = selectors.warnings_list(actor=request.user, outcome=request.query_params.get("outcome"))
        page = self.paginate_queryset(queryset.filter(pk__in=self.get_queryset().values("pk")))
        return self.get_paginated_response(WarningRowSerializer(page, many=True).data)


class PatrolPlanSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", read_only=True)
    zone = serializers.CharField(source="zone.code", read_only=True)
    officers = serializers.SerializerMethodField()

    class Meta:
        model = PatrolPlan
        fields = ["id", "township", "zone", "name", "content", "frequency", "officers", "starts_on", "ends_on",
                  "is_active"]

    def get_officers(self, plan) -> list[str]:
        return [o.employee_number for o in plan.officers.all()]


class PatrolPlanInput(serializers.Serializer):
    zone = serializers.CharField(max_length=40, help_text="zone code")
    name = serializers.CharField(max_length=100)
    content = serializers.CharField(max_length=4000, help_text="what to check (巡查内容)")
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    officers = serializers.ListField(child=serializers.CharField(max_length=32), max_length=30)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class PatrolSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", allow_null=True)
    township = serializers.CharField(source="township.code")
    zone = serializers.CharField(source="zone.code", default=None)
    officers = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Patrol
        fields = ["id", "plan", "township", "zone", "started_at", "ended_at", "route", "latitude", "longitude", "note",
                  "officers", "findings"]

    def get_officers(self, patrol) -> list[str]:
        return [o.employee_number for o in patrol.officers.all()]

    def get_findings(self, patrol) -> list[str]:
        return [c.code for c in patrol.findings.all()]


class PatrolInput(serializers.Serializer):
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    officers = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=30,
                                     help_text="employee numbers; default: the caller's officer record")
    route = serializers.ListField(child=serializers.ListField(), required=False, max_length=2000,
                                  help_text="[[latitude, longitude, ISO time], …]")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    finding = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                    help_text="a problem found: registered as a clue of source patrol")
    finding_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90,
                                        help_text="where it was recorded (WGS-84); default: the route's first point")
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180)


class MissedSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    zone = serializers.CharField()
    period = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()


class PatrolPlanViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    queryset = PatrolPlan.objects.all()
    serializer_class = PatrolPlanSerializer
    permission_classes = [Holds]
    read_permission = "patrol.view"
    write_permissions = {"create": "patrol.plan", "patrols": "patrol.record"}
    pagination_class = StandardPagination

    def base_queryset(self):
        return PatrolPlan.objects.select_related("township", "zone").prefetch_related("officers").order_by(
            "township__code", "zone__code", "name")

    @extend_schema(request=PatrolPlanInput, responses={201: PatrolPlanSerializer})
    def create(self, request):
        serializer = PatrolPlanInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.patrol_plan_create(actor=request.user, **serializer.validated_data)
        return Response(PatrolPlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PatrolInput, responses=idempotent_responses(PatrolSerializer))
    @idempotent("patrol.record")
    @action(detail=True, methods=["post"])
    def patrols(self, request, pk=None):
        """Record a patrol of this plan (a finding becomes a clue)."""
        plan = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = PatrolInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        patrol, _clue = services.patrol_record(actor=request.user, plan=plan, **serializer.validated_data)
        patrol = Patrol.objects.prefetch_related("officers", "findings").select_related("township", "zone").get(
            pk=patrol.pk)
        return Response(PatrolSerializer(patrol).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=MissedSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def missed(self, request):
        """Periods of the active plans without a patrol, over the last 14 days."""
        plans = self.get_queryset().filter(is_active=True)
        rows = patrol_selectors.missed_patrols(actor=request.user, plans=plans)
        return Response([{"plan": p.pk, "zone": p.zone.code, "period": label, "first_day": first, "last_day": last}
                         for p, label, first, last in rows[:500]])


class PatrolViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Patrol.objects.all()
    serializer_class = PatrolSerializer
    permission_classes = [Holds]
    read_permission = "patrol.view"
    pagination_class = StandardPagination

    def base_queryset(self):
        return (Patrol.objects.select_related("township", "zone").prefetch_related("officers", "findings")
                .order_by("-started_at", "-id"))


def register(router):
    router.register("intake/replies", ReplyViewSet, basename="intake-reply")
    router.register("intake/warnings", WarningViewSet, basename="intake-warning")
    router.register("patrol-plans", PatrolPlanViewSet, basename="patrol-plan")
    router.register("patrols", PatrolViewSet, basename="patrol")

