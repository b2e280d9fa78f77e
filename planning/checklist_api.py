"""/api/v1/planning/checklists/ and /api/v1/planning/industries/: 监管一件事 checklists (versions with their points)
and industries. Every business role reads them (reference data); checklist.manage roles write."""

from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import SPREADSHEET_RESPONSES, FileDownloadRenderer, ScopedQuerysetMixin
from townships.models import Department

from .models import Checklist, Industry
from .serializers import ChecklistSerializer
from .services import checklists as services


class CanManageChecklists(permissions.BasePermission):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        permission = "plan.view" if request.method in permissions.SAFE_METHODS else "checklist.manage"
        return access.can(request.user, permission)


class PointInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    item = serializers.CharField(max_length=40, help_text="catalogue item code (in force)")


class ChecklistCreateSerializer(serializers.Serializer):
    """A new checklist (version 1): its code (the series of all its versions), name, industry and points."""

    code = serializers.RegexField(r"^[-a-zA-Z0-9_]+$", max_length=services.SERIES_MAX)
    name = serializers.CharField(max_length=200)
    industry = serializers.SlugRelatedField(slug_field="code", queryset=Industry.objects.all())
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    points = PointInputSerializer(many=True, allow_empty=False, max_length=services.MAX_POINTS)


class ChecklistChangeSerializer(serializers.Serializer):
    """A change: name and/or the full list of points (replacing them in order)."""

    name = serializers.CharField(max_length=200, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    points = PointInputSerializer(many=True, required=False, allow_empty=False, max_length=services.MAX_POINTS)


def _points(data):
    if "points" not in data:
        return None
    return [(p["text"], p["item"]) for p in data["points"]]


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("industry", str, description="industry code"),
        OpenApiParameter("series", str, description="every version of one checklist"),
        OpenApiParameter("active", str, enum=["0", "1"], description="0: retired and earlier versions too"),
    ]),
)
class ChecklistViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """监管一件事 checklists with their check points (each linked to a catalogue item). A version used by a plan task
    or an inspection never changes: PATCH refuses it, POST …/versions/ makes the next version."""

    queryset = Checklist.objects.select_related("industry")
    serializer_class = ChecklistSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    permission_classes = [permissions.IsAuthenticated, CanManageChecklists]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        qs = self.queryset.prefetch_related("points__item").order_by("code")
        if self.action not in ("list", "export"):
            return qs
        params = self.request.query_params
        if params.get("series"):
            qs = qs.filter(series=params["series"])
        elif params.get("active") != "0":
            qs = qs.filter(is_active=True)
        if params.get("industry"):
            qs = qs.filter(industry__code=params["industry"])
        return qs

    def _answer(self, checklist, code=status.HTTP_200_OK):
        checklist = self.queryset.prefetch_related("points__item").get(pk=checklist.pk)
        return Response(ChecklistSerializer(checklist).data, status=code)

    @extend_schema(request=ChecklistCreateSerializer, responses={201: ChecklistSerializer})
    def create(self, request):
        data = ChecklistCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["points"] = _points(values)
        return self._answer(services.checklist_create(actor=request.user, **values), status.HTTP_201_CREATED)

    @extend_schema(request=ChecklistChangeSerializer, responses={200: ChecklistSerializer})
    def partial_update(self, request, code=None):
        """Change an unused current version in place (400 once it was used: make a version)."""
        data = ChecklistChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["points"] = _points(values)
        return self._answer(services.checklist_update(actor=request.user, checklist=self.get_object(), **values))

    @extend_schema(request=ChecklistChangeSerializer, responses={201: ChecklistSerializer})
    @action(detail=True, methods=["post"])
    def versions(self, request, code=None):
        """Make the next version (points copied unless given); the earlier one stays with its tasks."""
        data = ChecklistChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["points"] = _points(values)
        checklist = services.checklist_new_version(actor=request.user, checklist=self.get_object(), **values)
        return self._answer(checklist, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ChecklistSerializer})
    @action(detail=True, methods=["post"])
    def retire(self, request, code=None):
        return self._answer(services.checklist_retire(actor=request.user, checklist=self.get_object()))

    @extend_schema(request=None, responses={200: ChecklistSerializer})
    @action(detail=True, methods=["post"])
    def reinstate(self, request, code=None):
        return self._answer(services.checklist_reinstate(actor=request.user, checklist=self.get_object()))

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses=SPREADSHEET_RESPONSES)
    @action(detail=False, methods=["get"], renderer_classes=[FileDownloadRenderer])
    def export(self, request):
        """The filtered checklists, one row per point, as xlsx (default) or CSV; capped and audited."""
        return checklist_export_response(request, self.get_queryset())

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import", url_name="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Create, change or version checklists from xlsx/CSV (the export's columns); any error: nothing written."""
        access.require(request.user, "checklist.manage")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Choose a file to import.")]}, status=status.HTTP_400_BAD_REQUEST)
        result = services.checklists_import(actor=request.user, content=upload.read(), filename=upload.name)
        body = {"created": result.created, "updated": result.updated, "versioned": result.versioned,
                "unchanged": result.unchanged,
                "errors": [{"row": r, "column": c, "message": m} for r, c, m in result.errors]}
        return Response(body, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)


def checklist_export_response(request, queryset):
    from enforcement.audit import services as audit
    from enforcement.core import spreadsheets

    access.require(request.user, "plan.view")
    file_format = "csv" if request.GET.get("file_format") == "csv" else "xlsx"
    checklists = list(queryset.select_related("industry").prefetch_related("points__item"))
    rows = list(services.export_rows(checklists))
    capped = len(rows) > services.MAX_EXPORT_ROWS
    rows = rows[:services.MAX_EXPORT_ROWS]
    response = spreadsheets.response(services.export_headers(), rows, filename="checklists", file_format=file_format,
                                     sheet_title=_("Checklists"))
    audit.record("planning.checklists_exported", actor=request.user, rows=len(rows), capped=capped,
                 file_format=file_format, filters={k: str(v)[:100] for k, v in request.GET.items()})
    if capped:
        response["X-Export-Capped"] = str(services.MAX_EXPORT_ROWS)
    return response


class IndustrySerializer(serializers.ModelSerializer):
    departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    checklists = serializers.SerializerMethodField()

    class Meta:
        model = Industry
        fields = ["code", "name", "departments", "checklists"]

    def get_checklists(self, industry) -> list[str]:
        return [c.code for c in industry.checklists.all() if c.is_active]


class IndustryWriteSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[-a-zA-Z0-9_]+$", max_length=32)
    name = serializers.CharField(max_length=100)
    departments = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Department.objects.all(),
                                               required=False, default=list)


class IndustryChangeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    departments = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Department.objects.all(),
                                               required=False)


class IndustryViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Industries (行业) with the departments that supervise them and their current checklists."""

    queryset = Industry.objects.prefetch_related("departments", "checklists").order_by("code")
    serializer_class = IndustrySerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    permission_classes = [permissions.IsAuthenticated, CanManageChecklists]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _answer(self, industry, code=status.HTTP_200_OK):
        return Response(IndustrySerializer(self.queryset.get(pk=industry.pk)).data, status=code)

    @extend_schema(request=IndustryWriteSerializer, responses={201: IndustrySerializer})
    def create(self, request):
        data = IndustryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.industry_create(actor=request.user, **data.validated_data),
                            status.HTTP_201_CREATED)

    @extend_schema(request=IndustryChangeSerializer, responses={200: IndustrySerializer})
    def partial_update(self, request, code=None):
        data = IndustryChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.industry_update(actor=request.user, industry=self.get_object(),
                                                     **data.validated_data))


def register(router):
    router.register("planning/checklists", ChecklistViewSet, basename="planning-checklist")
    router.register("planning/industries", IndustryViewSet, basename="planning-industry")
