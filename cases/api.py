"""/api/v1/cases/ and /api/v1/reviews/: scoped viewsets; every write goes through the services."""

from collections.abc import Mapping

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import SPREADSHEET_RESPONSES, FileDownloadRenderer, ScopedReadOnlyViewSet
from enforcement.core.idempotency import (
    BODY_FIELDS,
    ClientRequestConflictSerializer,
    idempotent,
    idempotent_responses,
    request_key,
)
from enforcement.core.pagination import KeysetPagination, StandardPagination
from enforcement.core.sanitize import SafeJSONParser
from townships.models import Township

from . import selectors
from .exports import case_export_response
from .inputs import INPUTS, TRANSITION_REQUEST, TransitionActionSerializer
from .inputs.transfers import DepartmentReplyInput
from .models import Appeal, Case, CoerciveMeasure, DocumentKind, Procedure, Status
from .models_transfers import DepartmentReply
from .serializers import (
    LIST_FIELDS,
    AppealSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseEvidenceUploadSerializer,
    CaseListSerializer,
    CoerciveMeasureSerializer,
    DepartmentReplySerializer,
    DocumentQuerySerializer,
    EvidenceSerializer,
    UnpaidCaseSerializer,
    case_list_rows,
)
from .services import case_register, case_transition, department_reply_record, evidence_add

DOCUMENT_KIND_PARAMETER = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=DocumentKind.values)
TRANSITION_PERMISSIONS = ("case.handle", "case.review", "case.record_payment", "case.approve_payment_plan",
                          "case.appeal")


class TransitionConflictSerializer(serializers.Serializer):
    detail = serializers.ListField(child=serializers.CharField(), help_text="e.g. 已被其他审核人员处理")
    code = serializers.CharField(help_text="conflict")


TRANSITION_CONFLICT = PolymorphicProxySerializer(
    component_name="CaseTransitionConflict", resource_type_field_name=None,
    serializers=[TransitionConflictSerializer, ClientRequestConflictSerializer])


def _without(data, keys):
    """The request body without the keys the transition's own input does not take (client request ids)."""
    if hasattr(data, "getlist"):  # a form-encoded body keeps its repeated keys (lists)
        data = data.copy()
        for key in keys:
            data.pop(key, None)
        return data
    return {key: value for key, value in data.items() if key not in keys}


class CasePermission(permissions.IsAuthenticated):
    """Reads need case.view, registration case.file, transitions one of the acting permissions
    (the service then checks the exact permission of the move)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if view.action == "create":
            return access.can(request.user, "case.file")
        if view.action == "transition":
            return access.can(request.user, "case.view") and any(
                access.can(request.user, p) for p in TRANSITION_PERMISSIONS)
        if view.action in ("evidence", "department_replies") and request.method == "POST":
            return access.can(request.user, "case.handle")
        if view.action == "export":
            return access.can(request.user, "case.export")
        return access.can(request.user, "case.view")


class ReviewPermission(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and access.can(request.user, "case.review")


class CasePagination(KeysetPagination):
    """Newest first; deep pages through keyset cursors; the count capped at 1,000 (ADR 0004, issue 14)."""


FILTER_KEYS = ("status", "procedure", "township", "item", "domain", "date_from", "date_to", "case_date_from",
               "case_date_to", "overdue", "overdue_on", "major", "late_delivery", "mine", "q")


class CaseViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = Case.objects.all()
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends = []
    permission_classes = [CasePermission]
    pagination_class = CasePagination
    list_values, list_tuples = LIST_FIELDS, True  # the list's rows as plain tuples (case_list_rows)

    def base_queryset(self):
        if self.action == "list":  # plain rows (list_values): joins would only be copied by every clone
            return Case.objects.all()
        qs = Case.objects.select_related("item__domain", "township", "zone")
        if self.action == "retrieve":
            # A department's transfer (transferred_from, department_transfer, its liaison) is read only for
            # the few cases that have one (the serializer looks at transferred_from_id first): three more
            # joins on every detail would triple the statement's planning time, for nothing on most cases.
            qs = qs.prefetch_related("officers", "documents", "department_replies__sent_by")
        return qs

    @extend_schema(parameters=[
        OpenApiParameter("status", str, enum=[value for value, _label in Status.choices]),
        OpenApiParameter("procedure", str, enum=[value for value, _label in Procedure.choices]),
        OpenApiParameter("township", str, description="township code"),
        OpenApiParameter("item", str, description="catalogue item code"),
        OpenApiParameter("domain", str, description="domain code"),
        *[OpenApiParameter(name, OpenApiTypes.DATE, description=text) for name, text in (
            ("date_from", "registered on or after"), ("date_to", "registered on or before"),
            ("case_date_from", "case date (filing, else on-the-spot decision) on or after"),
            ("case_date_to", "case date on or before"))],
        *[OpenApiParameter(name, OpenApiTypes.BOOL, description=text) for name, text in (
            ("overdue", "past the art. 60 deadline and still open"), ("major", "major cases only"),
            ("mine", "cases the caller handles"))],
        OpenApiParameter("q", str, description="code, party name or item name"),
    ])
    def list(self, request, *args, **kwargs):
        """The 20 listed columns as plain rows (`case_list_rows`): at 1,000,000 cases the endpoint's time
        should be the database's, not model instantiation's."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(case_list_rows(page))

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses=SPREADSHEET_RESPONSES)
    @action(detail=False, methods=["get"], renderer_classes=[FileDownloadRenderer])
    def export(self, request):
        """The list with the same filters as xlsx (default) or CSV: at most CASE_EXPORT_MAX_ROWS rows (header
        X-Export-Capped when cut), citizens' names, ID and phone numbers masked, audited (case.export)."""
        filters = {key: request.query_params.get(key, "") for key in FILTER_KEYS}
        return case_export_response(actor=request.user, filters=filters,
                                    file_format=request.query_params.get("file_format", "xlsx"))

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filters = {key: self.request.query_params.get(key) for key in FILTER_KEYS}
        return selectors.case_list(actor=self.request.user, filters=filters, queryset=queryset)

    def get_serializer_class(self):
        if self.action == "create":
            return CaseCreateSerializer
        if self.action == "retrieve":
            return CaseDetailSerializer
        if self.action == "events":
            return CaseEventSerializer
        if self.action == "transition":
            return TransitionActionSerializer
        return CaseListSerializer

    @extend_schema(request=CaseCreateSerializer, responses=idempotent_responses(CaseDetailSerializer))
    @idempotent("case.create")
    def create(self, request, *args, **kwargs):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        request_id = data["request_id"] = request_key(request)
        existed = bool(request_id) and Case.objects.filter(request_id=request_id).exists()
        township_code = data.pop("township", "")
        township = None
        if township_code:
            township = Township.objects.filter(code=township_code).first()
            if township is None:
                raise ValidationError({"township": [_("Unknown township.")]})
        case = case_register(actor=request.user, township=township, **data)
        case = self.get_queryset().prefetch_related("officers", "documents").get(pk=case.pk)
        body = CaseDetailSerializer(case, context={"request": request}).data
        return Response(body, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        request=TRANSITION_REQUEST,
        responses={200: CaseDetailSerializer, 400: OpenApiResponse(description="Refused: the reasons, by field"),
                   409: TRANSITION_CONFLICT},
        description="Apply one action of the case workflow (docs/case-workflow.md). The body's `action` selects "
                    "its fields (one request body per action); dates are the true dates of the step, never in "
                    "the future and never before the step they follow. 409: someone else acted on the case "
                    "first (another reviewer), or a client request id was re-used with another body.")
    @idempotent("case.transition")
    @action(detail=True, methods=["post"])
    def transition(self, request, code=None):
        case = self.get_object()
        if not isinstance(request.data, Mapping):
            raise ValidationError({"detail": [_("The request body must be a JSON object.")]})
        serializer = TransitionActionSerializer(data={"action": request.data.get("action")})
        serializer.is_valid(raise_exception=True)
        action_name = serializer.validated_data["action"]
        if action_name not in INPUTS:
            raise ValidationError({"action": [_("Unknown action.")]})
        case = case_transition(case=case, action=action_name, actor=request.user, data=_without(request.data,
                                                                                                  BODY_FIELDS))
        case = self.get_queryset().prefetch_related("officers", "documents").get(pk=case.pk)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(methods=["GET"], responses=EvidenceSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": CaseEvidenceUploadSerializer},
                   responses=idempotent_responses(EvidenceSerializer))
    @idempotent("evidence.upload")
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser, SafeJSONParser])
    def evidence(self, request, code=None):
        """GET: the case's evidence. POST: attach a photo, video, audio recording or PDF (≤ 20 MB, type checked
        by its content) or a note; the phone sends each photo with its own client request id."""
        case = self.get_object()
        if request.method == "GET":
            rows = selectors.case_evidence(actor=request.user, case=case)
            return Response(EvidenceSerializer(rows, many=True).data)
        data = CaseEvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        evidence = evidence_add(case=case, actor=request.user, kind=values["kind"],
                                description=values.get("description", ""), upload=values.get("file"))
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: None})
    @action(detail=True, methods=["get"], url_path=r"evidence/(?P<evidence_id>\d+)", url_name="evidence-file",
            renderer_classes=[FileDownloadRenderer])
    def evidence_file(self, request, code=None, evidence_id=None):
        """The evidence file itself (token clients; the web page has its own download)."""
        case = self.get_object()
        evidence = get_object_or_404(selectors.case_evidence(actor=request.user, case=case), pk=evidence_id)
        if not evidence.file:
            raise Http404
        response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                                filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
                                content_type=evidence.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(parameters=[DocumentQuerySerializer, DOCUMENT_KIND_PARAMETER],
                   # The PDF, also declared as a plain byte stream: client generators that know no PDF type
                   # (openapi-python-client) then still offer the download as a file.
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "application/octet-stream"): OpenApiTypes.BINARY,
                              404: OpenApiResponse(description="no such document (yet)")})
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<kind>[a-z_]+)", url_name="document",
            renderer_classes=[FileDownloadRenderer])
    def document(self, request, code=None, kind=None):
        """A generated document (文书) as PDF: the latest version, or `?version=N`. For token clients (the phone
        shows the on-the-spot decision); scoped like the case, another township's is 404."""
        case = self.get_object()
        query = DocumentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        document = selectors.case_document(actor=request.user, case=case, kind=kind,
                                           version=query.validated_data.get("version"))
        if document is None and query.validated_data.get("version") in (None, 1):
            from .services.documents import demo_document_on_open

            document = demo_document_on_open(case=case, kind=kind, actor=request.user)
        if document is None:
            raise Http404
        suffix = f"-v{document.version}" if document.version > 1 else ""
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=f"{case.code}-{kind}{suffix}.pdf",
                            content_type="application/pdf")

    @extend_schema(responses=UnpaidCaseSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=StandardPagination)
    def unpaid(self, request):
        """Fines past their due day and unpaid (行政强制法 art. 54), most overdue first, with the amount owed
        today: fine + art. 72 surcharge (capped at the fine; paused by an approved plan, art. 66) − paid."""
        if not access.can(request.user, "case.overdue_list"):
            raise PermissionDenied
        rows = selectors.unpaid_cases(actor=request.user)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(UnpaidCaseSerializer(page, many=True).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "application/octet-stream"): OpenApiTypes.BINARY,
                              404: OpenApiResponse(description="not archived, or the file is not made yet")})
    @action(detail=True, methods=["get"], url_path="case-file", url_name="case-file",
            renderer_classes=[FileDownloadRenderer])
    def case_file(self, request, code=None):
        """The archived case file (卷宗) as one PDF; its SHA-256 in the `X-Content-SHA256` header."""
        from .models_archive import CaseFile

        case = self.get_object()
        case_file = CaseFile.objects.filter(case=case).first()
        if case_file is None or not case_file.file:
            raise Http404
        response = FileResponse(case_file.file.open("rb"), as_attachment=True, filename=f"{case.code}-case-file.pdf",
                                content_type="application/pdf")
        response["X-Content-SHA256"] = case_file.sha256
        return response

    @extend_schema(responses=CoerciveMeasureSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="coercive-measures", url_name="coercive-measures")
    def coercive_measures(self, request, code=None):
        """The case's seal-ups, seizures (行政强制法 arts. 18–28) and 先行登记保存 (行政处罚法 art. 56) with their
        inventory, on-site record and deadline; written through the transitions take_coercive_measure,
        extend_coercive_measure, release_coercive_measure and decide_coercive_measure."""
        from .selectors_coercive import case_measures

        case = self.get_object()
        rows = case_measures(actor=request.user, case=case)
        return Response(CoerciveMeasureSerializer(rows, many=True).data)
    @extend_schema(methods=["GET"], responses=DepartmentReplySerializer(many=True))
    @extend_schema(methods=["POST"], request=DepartmentReplyInput,
                   responses={201: DepartmentReplySerializer,
                              400: OpenApiResponse(description="Refused: the reasons, by field")})
    @action(detail=True, methods=["get", "post"], url_path="department-replies", url_name="department-replies")
    def department_replies(self, request, code=None):
        """部门移交: the replies sent back to the department that transferred the case (GET), or record one (POST,
        case.handle): progress at any time before archiving, the result once decided or ended; the
        移交案件办理情况反馈函 is generated for it. The department's liaison reads them."""
        case = self.get_object()
        if request.method == "GET":
            replies = access.scope(DepartmentReply.objects.filter(case=case), request.user).select_related("sent_by")
            return Response(DepartmentReplySerializer(replies, many=True).data)
        if not isinstance(request.data, Mapping):
            raise ValidationError({"detail": [_("The request body must be a JSON object.")]})
        reply = department_reply_record(case=case, actor=request.user, data=request.data)
        return Response(DepartmentReplySerializer(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CaseEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=StandardPagination)
    def events(self, request, code=None):
        case = self.get_object()
        paginator = StandardPagination()  # a case's timeline, oldest first: short, page numbers
        page = paginator.paginate_queryset(selectors.case_events(actor=request.user, case=case), request, view=self)
        return paginator.get_paginated_response(CaseEventSerializer(page, many=True).data)


class ReviewQueueViewSet(ScopedReadOnlyViewSet):
    """The caller's legality-review queue (法制审核)."""

    queryset = Case.objects.all()
    serializer_class = CaseListSerializer
    lookup_field = "code"
    filter_backends = []
    permission_classes = [ReviewPermission]

    def base_queryset(self):
        return Case.objects.select_related("item__domain", "township", "zone")

    def filter_queryset(self, queryset):
        return selectors.review_queue(actor=self.request.user).filter(pk__in=queryset.values("pk"))

    def retrieve(self, request, *args, **kwargs):
        case = get_object_or_404(self.filter_queryset(self.get_queryset()), code=kwargs.get("code"))
        return Response(CaseListSerializer(case).data)


class AppealPermission(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and (
            access.can(request.user, "case.appeal") or access.can(request.user, "case.overdue_list"))


class AppealViewSet(ScopedReadOnlyViewSet):
    """Reviews (复议) and lawsuits (诉讼) against decisions, with their defence tasks; `?pending=1` only the
    pending ones. Written through the case transitions (file_appeal, record_appeal_outcome, ...)."""

    queryset = Appeal.objects.all()
    serializer_class = AppealSerializer
    filter_backends = []
    permission_classes = [AppealPermission]
    pagination_class = StandardPagination

    def base_queryset(self):
        qs = Appeal.objects.select_related("case").prefetch_related("tasks").order_by("filed_on", "id")
        if self.action == "list" and self.request.query_params.get("pending") in ("1", "true"):
            qs = qs.filter(outcome="")
        return qs


class CoerciveMeasurePermission(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and access.can(request.user, "case.overdue_list")


@extend_schema(parameters=[
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="in force past the deadline (art. 25; art. 56)"),
    OpenApiParameter("in_force", OpenApiTypes.BOOL, description="neither released nor decided on"),
    OpenApiParameter("kind", str, enum=["seal_up", "seizure", "preservation"]),
])
class CoerciveMeasureViewSet(ScopedReadOnlyViewSet):
    """Seal-ups, seizures and 先行登记保存 in the caller's scope, soonest deadline first; `?overdue=1` only those
    in force past their deadline. Written through the case transitions (take_coercive_measure, ...)."""

    queryset = CoerciveMeasure.objects.all()
    serializer_class = CoerciveMeasureSerializer
    filter_backends = []
    permission_classes = [CoerciveMeasurePermission]
    pagination_class = StandardPagination

    def base_queryset(self):
        qs = (CoerciveMeasure.objects.select_related("case").prefetch_related("items")
              .order_by("deadline", "id"))
        if self.action == "list":
            from django.utils import timezone

            from .models_coercive import IN_FORCE

            params = self.request.query_params
            if params.get("overdue") in ("1", "true"):
                qs = qs.filter(status__in=IN_FORCE, deadline__lt=timezone.localdate())
            elif params.get("in_force") in ("1", "true"):
                qs = qs.filter(status__in=IN_FORCE)
            if params.get("kind") in ("seal_up", "seizure", "preservation"):
                qs = qs.filter(kind=params["kind"])
        return qs


def register(router):
    router.register("cases", CaseViewSet, basename="case")
    router.register("appeals", AppealViewSet, basename="appeal")
    router.register("coercive-measures", CoerciveMeasureViewSet, basename="coercive-measure")
    router.register("reviews", ReviewQueueViewSet, basename="review")
    return []
