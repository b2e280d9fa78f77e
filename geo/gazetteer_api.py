"""/api/v1/map/gazetteer/: the gazetteer's entries (scoped by township), their xlsx/CSV import and export, and
/api/v1/map/geocode/?address=…: what the geocoder answers for an address (ADR 0019)."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from enforcement.accounts import access
from enforcement.core.api import SPREADSHEET_RESPONSES, FileDownloadRenderer, ScopedQuerysetMixin

from . import places, selectors
from .coords import SYSTEMS, WGS84
from .geocoder import gazetteer_geocode
from .models import Place, PlaceKind, Precision


class SeesGazetteer(permissions.IsAuthenticated):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        if not (super().has_permission(request, view) and access.can(request.user, "gazetteer.view")):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.can(request.user, "gazetteer.manage")


class PlaceSerializer(serializers.ModelSerializer):
    township = serializers.SlugRelatedField(slug_field="code", read_only=True)
    township_name = serializers.CharField(source="township.name", read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    precision = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = ["id", "name", "aliases", "kind", "precision", "township", "township_name", "zone", "latitude",
                  "longitude", "number_from", "number_to", "end_latitude", "end_longitude", "updated_at"]

    def get_precision(self, obj) -> str:
        from .models import KIND_PRECISION

        return KIND_PRECISION[obj.kind]


class PlaceWriteSerializer(serializers.Serializer):
    """An entry as written (the service validates every value and answers in Chinese next to the field)."""

    name = serializers.CharField(max_length=200)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=20)
    kind = serializers.ChoiceField(choices=PlaceKind.choices)
    township = serializers.CharField(max_length=40, help_text="township code")
    zone = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="zone code")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(max_digits=10, decimal_places=6)
    number_from = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=99999)
    number_to = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=99999)
    end_latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    end_longitude = serializers.DecimalField(max_digits=10, decimal_places=6, required=False, allow_null=True)
    coordinate_system = serializers.ChoiceField(choices=SYSTEMS, default=WGS84)


class PlaceUpdateSerializer(PlaceWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "coordinate_system":
                field.required = False


class PlaceImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField(), help_text="[{row, column, message}]")


class PlaceImportRefusalSerializer(serializers.Serializer):
    """A refused import: the row errors (nothing written), a missing file, or the request-wide refusals (control
    characters, body limits) — so every field is optional."""

    created = serializers.IntegerField(required=False)
    updated = serializers.IntegerField(required=False)
    errors = serializers.ListField(child=serializers.DictField(), required=False, help_text="[{row, column, message}]")
    file = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)


LIST_PARAMETERS = [OpenApiParameter("q", str, description="name or alias contains"),
                   OpenApiParameter("township", str, description="township code"),
                   OpenApiParameter("kind", str, enum=list(PlaceKind.values))]


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS),
    create=extend_schema(request=PlaceWriteSerializer, responses={201: PlaceSerializer}),
    partial_update=extend_schema(request=PlaceUpdateSerializer, responses={200: PlaceSerializer}),
)
class PlaceViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                   viewsets.GenericViewSet):
    """The gazetteer (地名地址库): standard addresses and place names with a point (WGS-84). Township users see and
    keep their township's entries, county staff every township's; every write is audited."""

    queryset = Place.objects.select_related("township", "zone")
    serializer_class = PlaceSerializer
    permission_classes = [SeesGazetteer]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self):
        qs = self.queryset.order_by("township__code", "name", "id")
        if self.action in ("list", "export"):
            return selectors.filter_places(qs, self.request.query_params)
        return qs

    def create(self, request, *args, **kwargs):
        data = PlaceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        place = places.place_create(actor=request.user, **data.validated_data)
        return Response(PlaceSerializer(place).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        place = self.get_object()
        data = PlaceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        place = places.place_update(actor=request.user, place=place, **data.validated_data)
        return Response(PlaceSerializer(place).data)

    def perform_destroy(self, instance):
        places.place_delete(actor=self.request.user, place=instance)

    @extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("file_format", str, enum=["xlsx", "csv"]),
                               OpenApiParameter("coordinate_system", str, enum=list(SYSTEMS))],
                   responses=SPREADSHEET_RESPONSES)
    @action(detail=False, methods=["get"], url_path="export", renderer_classes=[FileDownloadRenderer])
    def export(self, request):
        """The (filtered) entries as xlsx (default) or CSV, in the import's columns; capped; audited."""
        return selectors.places_export_response(request, self.get_queryset())

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"},
        "coordinate_system": {"type": "string", "enum": list(SYSTEMS)}}}},
        responses={200: PlaceImportResultSerializer, 400: PlaceImportRefusalSerializer})
    @action(detail=False, methods=["post"], url_path="import", url_name="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Create or update entries (by township code and standard name) from xlsx/CSV in the export's columns;
        any row error: nothing written (400 with the row and column of each error)."""
        access.require(request.user, "gazetteer.manage")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Choose a file to import.")]}, status=status.HTTP_400_BAD_REQUEST)
        result = places.places_import(actor=request.user, content=upload.read(), filename=upload.name,
                                      coordinate_system=request.data.get("coordinate_system") or WGS84)
        body = {"created": result.created, "updated": result.updated,
                "errors": [{"row": r, "column": c, "message": m} for r, c, m in result.errors]}
        return Response(body, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)


class GeocodeResultSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=10, decimal_places=6, allow_null=True)
    precision = serializers.ChoiceField(choices=Precision.choices, allow_null=True)
    source = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True, help_text="e.g. 地名地址库 (道路级)")
    matched = serializers.CharField(allow_null=True, help_text="the gazetteer entry's standard name")


class GeocodeView(APIView):
    """GET ?address=…: where the gazetteer places an address (WGS-84), with its precision. Offline: never asks
    the online geocoder. Township users are answered from their township's entries only."""

    permission_classes = [SeesGazetteer]

    @extend_schema(parameters=[OpenApiParameter("address", str, required=True)],
                   responses={200: GeocodeResultSerializer})
    def get(self, request):
        address = (request.query_params.get("address") or "").strip()
        if not address or len(address) > 300 or "\x00" in address:
            return Response({"address": [_("Give an address of at most 300 characters.")]}, status=400)
        township = access.township_of(request.user)
        result = gazetteer_geocode(address, township=township)
        if result is None:
            body = dict.fromkeys(("latitude", "longitude", "precision", "source", "label", "matched"))
            return Response({"found": False, **body})
        return Response({"found": True, "latitude": result.latitude, "longitude": result.longitude,
                         "precision": result.precision, "source": result.source, "label": result.label,
                         "matched": result.matched})
