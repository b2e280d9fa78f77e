"""/api/v1/departments/, /api/v1/townships/ and /api/v1/officers/: scoped, filtered, paginated."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import SPREADSHEET_RESPONSES, FileDownloadRenderer, ScopedQuerysetMixin, ScopedReadOnlyViewSet

from . import selectors, services
from .filters import OfficerFilter
from .models import Department, Officer, Township, Zone
from .serializers import (
    DepartmentSerializer,
    OfficerSerializer,
    TownshipSerializer,
    ZoneSerializer,
    ZoneUpdateSerializer,
    ZoneWriteSerializer,
)


class DepartmentViewSet(ScopedReadOnlyViewSet):
    """County departments (reference data), by code."""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    lookup_field = "code"


class ZoneLimitSerializer(serializers.Serializer):
    item = serializers.CharField()
    item_name = serializers.CharField()
    zones = serializers.ListField(child=serializers.CharField())


class ZoneLimitsSerializer(serializers.Serializer):
    township = serializers.CharField()
    empowerment_mode = serializers.CharField()
    limits = ZoneLimitSerializer(many=True)


class ZoneLimitsInput(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField(max_length=20), min_length=1, max_length=2000)
    zones = serializers.ListField(child=serializers.CharField(max_length=40), max_length=500, required=False,
                                  default=list)

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


def zone_limits_data(township):
    """The township's empowerments in force limited to zones: item code, name and zone codes (two queries)."""
    from django.utils import timezone

    from .models import Empowerment

    rows = (Empowerment.objects.in_force(timezone.localdate()).filter(township=township, zones__isnull=False)
            .select_related("item").prefetch_related("zones").distinct().order_by("item__code"))
    return {"township": township.code, "empowerment_mode": township.empowerment_mode,
            "limits": [{"item": e.item.code, "item_name": e.item.name,
                        "zones": sorted(z.code for z in e.zones.all())} for e in rows]}


class TownshipViewSet(ScopedReadOnlyViewSet):
    """Townships and streets the user may see, with staffing counts and the staffing-standard check."""

    queryset = Township.objects.select_related("hub")
    serializer_class = TownshipSerializer
    lookup_field = "code"

    def base_queryset(self):
        return selectors.with_staffing(self.queryset.all()).order_by("code")

    @extend_schema(methods=["GET"], responses={200: ZoneLimitsSerializer},
                   description="特定区域: the township's empowerments in force that are limited to named zones.")
    @extend_schema(methods=["POST"], request=ZoneLimitsInput, responses={200: ZoneLimitsSerializer},
                   description="特定区域: limit the township's empowerments in force for `items` to `zones` (zone "
                               "codes of the township; an empty list lifts the limit). Special-area townships only; "
                               "audited. Needs empowerment.manage.")
    @action(detail=True, methods=["get", "post"], url_path="zone-limits")
    def zone_limits(self, request, code=None):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from rest_framework.exceptions import PermissionDenied, ValidationError

        from catalog.models import Item

        from .empowerment import empowerment_limit_to_zones

        if request.method == "POST" and not access.can(request.user, "empowerment.manage"):
            raise PermissionDenied(_("Your role does not allow this action."))
        township = self.get_object()
        if request.method == "POST":
            data = ZoneLimitsInput(data=request.data)
            data.is_valid(raise_exception=True)
            items = Item.objects.filter(code__in=data.validated_data["items"])
            unknown = sorted(set(data.validated_data["items"]) - set(items.values_list("code", flat=True)))
            zones = list(Zone.objects.filter(township=township, code__in=data.validated_data["zones"]))
            unknown_zones = sorted(set(data.validated_data["zones"]) - {z.code for z in zones})
            if unknown or unknown_zones:
                raise ValidationError({**({"items": [_("Unknown item codes: %(codes)s") % {
                    "codes": "、".join(unknown)}]} if unknown else {}),
                    **({"zones": [_("No such zones in this township: %(codes)s") % {
                        "codes": "、".join(unknown_zones)}]} if unknown_zones else {})})
            try:
                empowerment_limit_to_zones(actor=request.user, township=township, items=items, zones=zones)
            except DjangoValidationError as error:
                raise ValidationError(error.message_dict if hasattr(error, "error_dict")
                                      else {"detail": error.messages}) from None
        return Response(zone_limits_data(township))


class CanManageOrganisation(permissions.BasePermission):
    """Reading needs org.view; writing needs org.manage."""

    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        permission = "org.view" if request.method in permissions.SAFE_METHODS else "org.manage"
        return access.can(request.user, permission)


class ZoneImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())


@extend_schema_view(
    list=extend_schema(description="Officers the user may see. Unknown township/department code → 400."),
)
class OfficerViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.GenericViewSet):
    """Officers (scoped). Bureau staff and administrators may create and update them."""

    queryset = Officer.objects.select_related("home_department", "township")
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilter
    permission_classes = [permissions.IsAuthenticated, CanManageOrganisation]

    def base_queryset(self):
        return self.queryset.order_by("employee_number")

    def perform_create(self, serializer):
        serializer.instance = services.officer_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.officer_update(actor=self.request.user, officer=serializer.instance,
                                                      **serializer.validated_data)

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses=SPREADSHEET_RESPONSES)
    @action(detail=False, methods=["get"], url_path="export", renderer_classes=[FileDownloadRenderer])
    def export(self, request):
        """The filtered officers as xlsx (default) or CSV, capped and audited."""
        return officer_export_response(request, self.filter_queryset(self.get_queryset()))

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses={200: ZoneImportResultSerializer})
    @action(detail=False, methods=["post"], url_path="import", url_name="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Create or update officers by employee number from xlsx/CSV (the export's columns); any row error:
        nothing written (400 with the row errors)."""
        from .officer_file import officers_import

        access.require(request.user, "org.manage")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Choose a file to import.")]}, status=status.HTTP_400_BAD_REQUEST)
        created, updated, errors = officers_import(actor=request.user, content=upload.read(), filename=upload.name)
        body = {"created": created, "updated": updated,
                "errors": [{"row": r, "column": c, "message": m} for r, c, m in errors]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST if errors else status.HTTP_200_OK)


def officer_export_response(request, queryset):
    from enforcement.audit import services as audit
    from enforcement.core import spreadsheets

    from .officer_file import MAX_EXPORT_ROWS, export_headers, export_rows

    access.require(request.user, "org.view")
    file_format = "csv" if request.GET.get("file_format") == "csv" else "xlsx"
    officers = list(queryset.select_related("home_department", "township").order_by("employee_number")
                    [:MAX_EXPORT_ROWS + 1])
    capped = len(officers) > MAX_EXPORT_ROWS
    officers = officers[:MAX_EXPORT_ROWS]
    response = spreadsheets.response(export_headers(), export_rows(officers), filename="officers",
                                     file_format=file_format, sheet_title=_("Officers"))
    audit.record("org.officers_exported", actor=request.user, rows=len(officers), capped=capped,
                 file_format=file_format, filters={k: str(v)[:100] for k, v in request.GET.items()})
    if capped:
        response["X-Export-Capped"] = str(MAX_EXPORT_ROWS)
    return response


def zone_export_response(request, queryset):
    """One export for the page and the API: permission, cap, audit, safe cells."""
    from enforcement.audit import services as audit
    from enforcement.core import spreadsheets

    from .zones import MAX_EXPORT_ROWS, export_headers, export_rows

    access.require(request.user, "org.view")
    file_format = "csv" if request.GET.get("file_format") == "csv" else "xlsx"
    zones = list(queryset.prefetch_related("officers")[:MAX_EXPORT_ROWS + 1])
    capped = len(zones) > MAX_EXPORT_ROWS
    zones = zones[:MAX_EXPORT_ROWS]
    response = spreadsheets.response(export_headers(), export_rows(zones), filename="zones",
                                     file_format=file_format, sheet_title=_("Zones"))
    audit.record("org.zones_exported", actor=request.user, rows=len(zones), capped=capped, file_format=file_format,
                 filters={k: str(v)[:100] for k, v in request.GET.items()})
    if capped:
        response["X-Export-Capped"] = str(MAX_EXPORT_ROWS)
    return response


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("township", str, description="township code"),
        OpenApiParameter("q", str, description="code or name contains"),
        OpenApiParameter("status", str, enum=["active", "retired", "all"], description="default active"),
    ]),
    create=extend_schema(request=ZoneWriteSerializer, responses={201: ZoneSerializer}),
    partial_update=extend_schema(request=ZoneUpdateSerializer, responses={200: ZoneSerializer}),
)
class ZoneViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Zones (执法责任片区 / 网格) the user may see, with their responsible officers. Bureau staff and
    administrators create, edit (PATCH), retire and reinstate them, and import/export the register as xlsx/CSV."""

    queryset = Zone.objects.select_related("township")
    serializer_class = ZoneSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    permission_classes = [permissions.IsAuthenticated, CanManageOrganisation]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        qs = self.queryset.prefetch_related("officers").order_by("township__code", "code")
        if self.action != "list":
            return qs
        return selectors.filter_zones(qs, self.request.query_params)

    def create(self, request, *args, **kwargs):
        data = ZoneWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        zone = services.zone_create(actor=request.user, **data.validated_data)
        return Response(ZoneSerializer(self._reload(zone)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        zone = self.get_object()
        data = ZoneUpdateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        zone = services.zone_update(actor=request.user, zone=zone, **data.validated_data)
        return Response(ZoneSerializer(self._reload(zone)).data)

    def _reload(self, zone):
        return self.queryset.prefetch_related("officers").get(pk=zone.pk)

    @extend_schema(request=None, responses={200: ZoneSerializer})
    @action(detail=True, methods=["post"])
    def retire(self, request, code=None):
        """Retire the zone: its records stay, new ones may not name it."""
        zone = services.zone_retire(actor=request.user, zone=self.get_object())
        return Response(ZoneSerializer(self._reload(zone)).data)

    @extend_schema(request=None, responses={200: ZoneSerializer})
    @action(detail=True, methods=["post"])
    def reinstate(self, request, code=None):
        zone = services.zone_reinstate(actor=request.user, zone=self.get_object())
        return Response(ZoneSerializer(self._reload(zone)).data)

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses=SPREADSHEET_RESPONSES)
    @action(detail=False, methods=["get"], url_path="export", renderer_classes=[FileDownloadRenderer])
    def export(self, request):
        """The filtered register as xlsx (default) or CSV (`?file_format=csv`), capped; audited."""
        return zone_export_response(request, self.filter_queryset(self.get_queryset()))

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses={200: ZoneImportResultSerializer})
    @action(detail=False, methods=["post"], url_path="import", url_name="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Create or update zones by code from xlsx/CSV (the export's columns); any row error: nothing written
        (400 with the row errors)."""
        access.require(request.user, "org.manage")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Choose a file to import.")]}, status=status.HTTP_400_BAD_REQUEST)
        result = services.zones_import(actor=request.user, content=upload.read(), filename=upload.name)
        body = {"created": result.created, "updated": result.updated,
                "errors": [{"row": r, "column": c, "message": m} for r, c, m in result.errors]}
        return Response(body, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)



def register(router):
    """Register this app's viewsets on the shared /api/v1/ router; return extra url patterns."""
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("townships", TownshipViewSet, basename="township")
    router.register("officers", OfficerViewSet, basename="officer")
    from . import qualification_api

    qualification_api.register(router)
    router.register("zones", ZoneViewSet, basename="zone")
    return []
