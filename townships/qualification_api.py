"""/api/v1/certificate-reviews/, /api/v1/exams/, /api/v1/trainings/: scoped lists; writes through the services."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin

from . import qualifications as services
from .models import CertificateReview, Officer, QualificationExam, TrainingRecord


class CanManageQualifications(permissions.BasePermission):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        permission = "org.view" if request.method in permissions.SAFE_METHODS else "qualification.manage"
        return access.can(request.user, permission)


class OfficerField(serializers.SlugRelatedField):
    """An officer by employee number, among those the user may see (another township's officer: unknown)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="employee_number", queryset=Officer.objects.all(), **kwargs)

    def get_queryset(self):
        return access.scope(Officer.objects.all(), self.context["request"].user)


class CertificateReviewSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="employee_number", read_only=True)
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = CertificateReview
        fields = ["id", "officer", "officer_name", "year", "reviewed_on", "result", "result_display", "note",
                  "recorded_at"]


class CertificateReviewWriteSerializer(serializers.Serializer):
    """Record the year's annual review; a second one for the same year corrects it (re-review)."""

    officer = OfficerField(help_text=_("employee number"))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reviewed_on = serializers.DateField()
    result = serializers.ChoiceField(choices=CertificateReview.Result.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                 help_text=_("Required when the review fails: the reason."))


class ExamSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="employee_number", read_only=True)
    passed = serializers.BooleanField(read_only=True)

    class Meta:
        model = QualificationExam
        fields = ["id", "officer", "kind", "title", "taken_on", "score", "pass_mark", "passed", "recorded_at"]


class ExamWriteSerializer(serializers.Serializer):
    officer = OfficerField(help_text=_("employee number"))
    kind = serializers.ChoiceField(choices=QualificationExam.Kind.choices)
    title = serializers.CharField(max_length=100)
    taken_on = serializers.DateField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100)
    pass_mark = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100, default=60)


class TrainingSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="employee_number", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "officer", "attended_on", "course", "organiser", "hours", "recorded_at"]


class TrainingWriteSerializer(serializers.Serializer):
    officer = OfficerField(help_text=_("employee number"))
    attended_on = serializers.DateField()
    course = serializers.CharField(max_length=150)
    organiser = serializers.CharField(max_length=100, required=False, allow_blank=True)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=80)


OFFICER_PARAMETERS = [
    OpenApiParameter("officer", str, description="employee number"),
    OpenApiParameter("township", str, description="township code"),
]


class QualificationViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.CreateModelMixin,
                           viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, CanManageQualifications]
    write_serializer_class = None
    service = None

    def base_queryset(self):
        queryset = self.queryset.all()
        params = self.request.query_params
        if params.get("officer"):
            queryset = queryset.filter(officer__employee_number=params["officer"])
        if params.get("township"):
            queryset = queryset.filter(officer__township__code=params["township"])
        return queryset

    def get_serializer_class(self):
        return self.write_serializer_class if self.action == "create" else self.serializer_class

    def create(self, request, *args, **kwargs):
        write = self.write_serializer_class(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        record = type(self).service(actor=request.user, **write.validated_data)
        return Response(self.serializer_class(record, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[*OFFICER_PARAMETERS, OpenApiParameter("year", int)]),
                    create=extend_schema(request=CertificateReviewWriteSerializer,
                                         responses={201: CertificateReviewSerializer}))
class CertificateReviewViewSet(QualificationViewSet):
    """Annual certificate reviews (年审); a failed review suspends the certificate."""

    queryset = CertificateReview.objects.select_related("officer").order_by("-year", "officer__employee_number",
                                                                            "id")
    serializer_class = CertificateReviewSerializer
    write_serializer_class = CertificateReviewWriteSerializer
    service = staticmethod(services.certificate_review_record)

    def base_queryset(self):
        queryset = super().base_queryset()
        year = self.request.query_params.get("year", "")
        return queryset.filter(year=int(year)) if year.isdigit() and len(year) == 4 else queryset


@extend_schema_view(list=extend_schema(parameters=OFFICER_PARAMETERS),
                    create=extend_schema(request=ExamWriteSerializer, responses={201: ExamSerializer}))
class ExamViewSet(QualificationViewSet):
    """Exams officers sat (qualification, annual review, special)."""

    queryset = QualificationExam.objects.select_related("officer").order_by("-taken_on", "-id")
    serializer_class = ExamSerializer
    write_serializer_class = ExamWriteSerializer
    service = staticmethod(services.exam_record)


@extend_schema_view(list=extend_schema(parameters=OFFICER_PARAMETERS),
                    create=extend_schema(request=TrainingWriteSerializer, responses={201: TrainingSerializer}))
class TrainingViewSet(QualificationViewSet):
    """Training hours (target per year: TRAINING_HOURS_TARGET)."""

    queryset = TrainingRecord.objects.select_related("officer").order_by("-attended_on", "-id")
    serializer_class = TrainingSerializer
    write_serializer_class = TrainingWriteSerializer
    service = staticmethod(services.training_record)


def register(router):
    router.register("certificate-reviews", CertificateReviewViewSet, basename="certificate-review")
    router.register("exams", ExamViewSet, basename="exam")
    router.register("trainings", TrainingViewSet, basename="training")
