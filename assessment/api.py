"""/api/v1/assessment/…, /api/v1/officer-assessments/, /api/v1/supervision-findings/: scoped, writes through
the services, one input serializer per action (documented in the OpenAPI schema)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin
from townships.models import Township

from . import mine, services, supervision
from .index import department_index, township_index
from .models import Finding, OfficerAssessment, Unit
from .periods import parse_period


def _drf(error):
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


def _period(text):
    try:
        return parse_period(text or "")
    except DjangoValidationError as error:
        raise _drf(error) from None


class Needs(permissions.BasePermission):
    """Reads need `read`; each action its own permission (the service checks scope and the exact rule)."""

    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        needed = view.action_permissions.get(getattr(view, "action", None) or request.method.lower(), view.read)
        return access.can(request.user, needed)


# ------------------------------------------------------------------------------------------------ index
class IndexRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text=_("0 when the unit has no rate in the period"))
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    rates = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True))
    counts = serializers.DictField(child=serializers.IntegerField())


class IndexSerializer(serializers.Serializer):
    period = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    weights = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))
    rows = IndexRowSerializer(many=True)


class IndexView(APIView):
    """The 晾晒 index of townships or departments for a period (weighted rates, the weights)."""

    permission_classes = [permissions.IsAuthenticated, Needs]
    read, action_permissions = "assessment.view", {}

    @extend_schema(parameters=[OpenApiParameter("period", str, description="YYYY-MM, YYYY-Qn or YYYY"),
                               OpenApiParameter("unit", str, enum=list(Unit.values))],
                   responses={200: IndexSerializer})
    def get(self, request):
        period = _period(request.query_params.get("period", ""))
        unit = request.query_params.get("unit", Unit.TOWNSHIP)
        if unit not in Unit.values:
            raise ValidationError({"unit": _("Choose townships or departments.")})
        compute = township_index if unit == Unit.TOWNSHIP else department_index
        rows, weights = compute(actor=request.user, start=period.start, end=period.as_of())
        return Response(IndexSerializer({"period": period.key, "unit": unit, "weights": weights, "rows": [
            {"rank": r.rank, "code": r.code, "name": r.name, "score": r.score, "rates": r.rates, "counts": r.counts}
            for r in rows]}).data)


# ------------------------------------------------------------------------------------------------ officers
class OfficerAssessmentSerializer(serializers.ModelSerializer):
    officer = serializers.CharField(source="officer.employee_number")
    officer_name = serializers.CharField(source="officer.name")
    township = serializers.CharField(source="township.code", allow_null=True, default=None)
    department = serializers.CharField(source="department.code")
    period = serializers.SerializerMethodField()

    class Meta:
        model = OfficerAssessment
        fields = ["id", "officer", "officer_name", "period", "period_kind", "period_start", "period_end",
                  "township", "department", "indicators", "record_score", "township_score", "department_score",
                  "township_weight", "total", "grade", "status", "computed_at", "approved_at"]

    def get_period(self, obj) -> str:
        from .periods import period_of

        return period_of(obj.period_kind, obj.period_start).key


class ComputeInput(serializers.Serializer):
    period = serializers.CharField(max_length=7, help_text=_("YYYY-MM, YYYY-Qn or YYYY"))
    township = serializers.SlugRelatedField(slug_field="code", queryset=Township.objects.all(), required=False,
                                            allow_null=True)


class ScoreInput(serializers.Serializer):
    township_score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                              required=False)
    department_score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                                required=False)
    township_weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                               required=False, help_text=_("at least 50 for a posted officer"))

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
        if not attrs:
            raise ValidationError(_("Give at least one score or the weight."))
        return attrs


@extend_schema(parameters=[OpenApiParameter("period", str, description="YYYY-MM, YYYY-Qn or YYYY"),
                           OpenApiParameter("township", str, description="township code")])
class OfficerAssessmentViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """Officers' results (考核): computed from the records, scored by the township and the department."""

    queryset = OfficerAssessment.objects.select_related("officer", "township", "department").order_by(
        "-period_start", "officer__employee_number", "id")
    serializer_class = OfficerAssessmentSerializer
    permission_classes = [permissions.IsAuthenticated, Needs]
    read = "assessment.view"
    action_permissions = {"compute": "assessment.compute", "score": "assessment.score",
                          "approve": "assessment.approve"}

    def base_queryset(self):
        queryset = self.queryset.all()
        params = self.request.query_params
        if self.action == "list" and params.get("period"):
            period = _period(params["period"])
            queryset = queryset.filter(period_kind=period.kind, period_start=period.start)
        if self.action == "list" and params.get("township"):
            queryset = queryset.filter(township__code=params["township"])
        return queryset

    def _run(self, call):
        try:
            return call()
        except DjangoValidationError as error:
            raise _drf(error) from None

    @extend_schema(request=ComputeInput, responses={200: OfficerAssessmentSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def compute(self, request):
        data = ComputeInput(data=request.data)
        data.is_valid(raise_exception=True)
        period = _period(data.validated_data["period"])
        township = data.validated_data.get("township")
        if township is not None and not access.may_act_in_township(request.user, township):
            raise ValidationError({"township": _("This township is outside your area of responsibility.")})
        results = self._run(lambda: services.assessment_compute_all(actor=request.user, period=period,
                                                                    township=township))
        return Response(self.get_serializer(results, many=True).data)

    @extend_schema(request=ScoreInput, responses={200: OfficerAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        assessment = self.get_object()
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = self._run(lambda: services.assessment_score(actor=request.user, assessment=assessment,
                                                             **data.validated_data))
        return Response(self.get_serializer(result).data)

    @extend_schema(request=None, responses={200: OfficerAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        result = self._run(lambda: services.assessment_approve(actor=request.user, assessment=self.get_object()))
        return Response(self.get_serializer(result).data)


class MyAssessmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """我的考核: the caller's own approved results, newest period first (`access.own`: nobody else's)."""

    permission_classes = [permissions.IsAuthenticated, Needs]
    read, action_permissions = "assessment.own", {}
    serializer_class = OfficerAssessmentSerializer

    def get_queryset(self):
        return mine.my_results(self.request.user)


# ------------------------------------------------------------------------------------------------ findings
class FindingSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", allow_null=True, default=None)
    department = serializers.CharField(source="department.code", allow_null=True, default=None)
    case = serializers.CharField(source="sampled_case.case.code", allow_null=True, default=None)
    inspection = serializers.CharField(source="inspection.code", allow_null=True, default=None)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["code", "source", "state", "description", "requirement", "deadline", "township", "department",
                  "unit_name", "case", "inspection", "rectification", "submitted_at", "closed_on", "returns",
                  "created_at", "actions"]

    def get_actions(self, obj) -> list[str]:
        return supervision.finding_actions(self.context["request"].user, obj)


class FindingTransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "accept", "return"])
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                 help_text=_("the rectification report (submit) or the reason (return)"))


@extend_schema(parameters=[OpenApiParameter("state", str, enum=["open", "submitted", "closed"])])
class FindingViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Supervision findings (案卷评查, 专项巡察, inspection quality) and their rectification."""

    queryset = Finding.objects.select_related("township", "department", "sampled_case__case", "inspection")
    serializer_class = FindingSerializer
    lookup_field = "code"
    permission_classes = [permissions.IsAuthenticated, Needs]
    read = "supervision.view"
    action_permissions = {"transition": "supervision.view"}  # the move's own permission: the service checks it

    def base_queryset(self):
        state = self.request.query_params.get("state")
        return self.queryset.filter(state=state) if self.action == "list" and state else self.queryset.all()

    @extend_schema(request=FindingTransitionInput, responses={200: FindingSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, code=None):
        finding = self.get_object()
        data = FindingTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            finding = supervision.finding_transition(actor=request.user, finding=finding, **data.validated_data)
        except DjangoValidationError as error:
            raise _drf(error) from None
        return Response(self.get_serializer(finding).data, status=status.HTTP_200_OK)


def register(router):
    from django.urls import path

    router.register("officer-assessments", OfficerAssessmentViewSet, basename="officer-assessment")
    router.register("my-assessments", MyAssessmentViewSet, basename="my-assessment")
    router.register("supervision-findings", FindingViewSet, basename="supervision-finding")
    return [path("assessment/index/", IndexView.as_view(), name="assessment-index")]

