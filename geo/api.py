"""/api/v1/map/: what the map page draws (scoped like every list), and the boundaries as GeoJSON
(GET: export in WGS-84 or GCJ-02; POST: import, bureau staff, a JSON body)."""

import json

from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from enforcement.accounts import access

from . import selectors, services
from .coords import SYSTEMS, WGS84
from .forms import MapFilterForm
from .services import KINDS


class UsesMap(permissions.IsAuthenticated):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and access.can(request.user, "map.view")


class MapDataSerializer(serializers.Serializer):
    coordinate_system = serializers.ChoiceField(choices=SYSTEMS)
    layers = serializers.ListField(child=serializers.CharField())
    month = serializers.CharField()
    truncated = serializers.DictField(child=serializers.BooleanField())
    clues = serializers.ListField(child=serializers.DictField(), required=False,
                                  help_text="[{code, state, label, at: [lat, lon], text}]")
    cases = serializers.ListField(child=serializers.DictField(), required=False)
    subjects = serializers.ListField(child=serializers.DictField(), required=False)
    zones = serializers.DictField(help_text="GeoJSON FeatureCollection; properties: code, name, township, "
                                            "open_clues, open_cases, load, heat (with the heat layer)")
    zones_without_outline = serializers.IntegerField()
    townships = serializers.DictField(help_text="GeoJSON FeatureCollection")


FILTER_PARAMETERS = [
    OpenApiParameter("layer", str, many=True, enum=list(selectors.ALL_LAYERS)),
    OpenApiParameter("township", str), OpenApiParameter("state", str), OpenApiParameter("source", str),
    OpenApiParameter("urgency", str), OpenApiParameter("outside", bool), OpenApiParameter("status", str),
    OpenApiParameter("risk", str), OpenApiParameter("date_from", str), OpenApiParameter("date_to", str),
    OpenApiParameter("month", str, description="YYYY-MM, the heat layer's month (default this month)"),
    OpenApiParameter("coordinate_system", str, enum=list(SYSTEMS),
                     description="positions out in this system (default: the basemap's, MAP_TILE_COORDINATES)"),
]


class MapDataView(APIView):
    """Points of clues (by state), cases (by status) and subjects (by risk), zones with their load and the
    heat of a month, townships' outlines — with the map page's filters, within the caller's scope."""

    permission_classes = [UsesMap]

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: MapDataSerializer})
    def get(self, request):
        form = MapFilterForm(request.query_params, townships=selectors.map_townships(request.user))
        if not form.is_valid():
            return Response({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()},
                            status=400)
        system = request.query_params.get("coordinate_system") or None
        if system is not None and system not in SYSTEMS:
            return Response({"coordinate_system": [_("Choose one of the listed options.")]}, status=400)
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False, []) and k != "layer"}
        data = selectors.map_data(actor=request.user, filters=filters, layers=form.cleaned_data["layer"] or None,
                                  system=system)
        return Response(data, headers={"Cache-Control": "no-store"})


class FeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="FeatureCollection")
    features = serializers.ListField(child=serializers.DictField(), help_text="GeoJSON features; properties: "
                                     "code, name (zones: township, township_name)")


class BoundaryImportResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())


class BoundaryImportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    coordinate_system = serializers.ChoiceField(choices=SYSTEMS, default=WGS84)
    geojson = serializers.JSONField(help_text="a GeoJSON FeatureCollection; properties.code names the row")


class BoundaryView(APIView):
    """GET ?kind=zone|township[&coordinate_system=gcj02]: the outlines within the caller's scope as GeoJSON.
    POST (bureau staff): set the outlines named in a FeatureCollection, all-or-nothing."""

    permission_classes = [UsesMap]

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=list(KINDS), required=True),
                               OpenApiParameter("coordinate_system", str, enum=list(SYSTEMS))],
                   responses={200: FeatureCollectionSerializer})
    def get(self, request):
        kind = request.query_params.get("kind") or "zone"
        system = request.query_params.get("coordinate_system") or WGS84
        return Response(services.boundaries_export(actor=request.user, kind=kind, system=system),
                        headers={"Cache-Control": "no-store"})

    @extend_schema(request=BoundaryImportSerializer, responses={200: BoundaryImportResultSerializer})
    def post(self, request):
        access.require(request.user, "boundary.manage")
        body = BoundaryImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        raw = json.dumps(body.validated_data["geojson"])
        result = services.boundaries_import(actor=request.user, kind=body.validated_data["kind"], raw=raw,
                                            system=body.validated_data["coordinate_system"])
        return Response(result)


def register(router):
    from django.urls import path

    from .gazetteer_api import GeocodeView, PlaceViewSet

    router.register("map/gazetteer", PlaceViewSet, basename="gazetteer")
    return [
        path("map/", MapDataView.as_view(), name="map-data"),
        path("map/boundaries/", BoundaryView.as_view(), name="map-boundaries"),
        path("map/geocode/", GeocodeView.as_view(), name="map-geocode"),
    ]
