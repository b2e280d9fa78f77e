"""Reads of the map: points of clues, cases and subjects, zones with their load, heat by zone and month.

Every queryset starts from the apps' scoped selectors (access.scope), so a township user's map holds only
their township (and, for a 1+X hub, its satellites): points, outlines and counts alike. Positions leave in
the basemap's coordinate system (`MAP_TILE_COORDINATES`, converted by geo.coords at this edge).
"""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from cases import selectors as case_selectors
from cases.models import FINAL_STATES
from cases.models import Status as CaseStatus
from enforcement.accounts import access
from intake import selectors as clue_selectors
from intake.models import OPEN_STATES, Clue
from planning import selectors as planning_selectors
from townships.models import Township, Zone

from .coords import from_wgs84
from .geojson import to_system
from .zones import zone_ids_at

ALL_LAYERS = ("clues", "cases", "subjects", "zones", "heat")
CLUE_KEYS = ("state", "source", "urgency", "township", "date_from", "date_to")


def map_townships(user):
    """The townships a user may pick in the filters (None: their own only, no choice to offer)."""
    if access.sees_all_townships(user):
        return access.scope(Township.objects.order_by("code"), user)
    return None


def _point(lat, lon, system):
    p_lat, p_lon = from_wgs84(lat, lon, system)
    return [round(p_lat, 6), round(p_lon, 6)]


def _month_bounds(month):
    year, number = (int(part) for part in month.split("-"))
    start = datetime.date(year, number, 1)
    end = datetime.date(year + (number == 12), number % 12 + 1, 1)
    return start, end


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def clue_points(*, actor, filters, limit, system):
    qs = clue_selectors.clue_list(actor=actor, filters={k: filters[k] for k in CLUE_KEYS if filters.get(k)})
    qs = qs.filter(latitude__isnull=False)
    if filters.get("outside"):
        qs = qs.filter(proposal__outside_zones=True)
    rows = list(qs.values_list("code", "state", "latitude", "longitude", "address")[:limit + 1])
    labels = dict(Clue._meta.get_field("state").choices)
    return [{"code": c, "state": s, "label": str(labels.get(s, s)), "at": _point(lat, lon, system), "text": a}
            for c, s, lat, lon, a in rows[:limit]], len(rows) > limit


def case_points(*, actor, filters, limit, system):
    case_filters = {k: filters[k] for k in ("township", "date_from", "date_to") if filters.get(k)}
    status = filters.get("status")
    if status in CaseStatus.values:
        case_filters["status"] = status
    qs = case_selectors.case_list(actor=actor, filters=case_filters).filter(latitude__isnull=False)
    if status == "open":
        qs = qs.exclude(status__in=FINAL_STATES)
    rows = list(qs.values_list("code", "status", "latitude", "longitude", "location")[:limit + 1])
    labels = dict(CaseStatus.choices)
    return [{"code": c, "state": s, "label": str(labels.get(s, s)), "at": _point(lat, lon, system), "text": t}
            for c, s, lat, lon, t in rows[:limit]], len(rows) > limit


def subject_points(*, actor, filters, limit, system):
    subject_filters = {"township": filters.get("township"), "risk_level": filters.get("risk")}
    qs = planning_selectors.subject_list(actor=actor, filters=subject_filters).filter(
        latitude__isnull=False, is_active=True)
    rows = list(qs.order_by("-risk_level", "uscc").values_list("uscc", "name", "risk_level", "latitude",
                                                                 "longitude")[:limit + 1])
    from planning.models import RiskLevel
    labels = dict(RiskLevel.choices)
    return [{"code": u, "state": r, "label": str(labels.get(r, r)), "at": _point(lat, lon, system), "text": n}
            for u, n, r, lat, lon in rows[:limit]], len(rows) > limit


def _zones(actor, filters):
    qs = access.scope(Zone.objects.all(), actor).select_related("township").order_by("code")
    if filters.get("township"):
        qs = qs.filter(township__code=filters["township"])
    return list(qs.only("id", "code", "name", "boundary", "township__code", "township__name"))


def zone_features(*, actor, filters, system, month=None):
    """Zones (with outlines) and their load: open clues assigned to the zone, open cases located in it;
    with `month`, the heat: clues received and cases registered in that month, by zone."""
    zones = _zones(actor, filters)
    ids = [z.pk for z in zones]
    open_clues = dict(clue_selectors.clues_visible_to(actor).filter(zone_id__in=ids, state__in=OPEN_STATES)
                      .values_list("zone_id").annotate(n=Count("id")).order_by())
    open_cases = _cases_by_zone(case_selectors.cases_visible_to(actor).exclude(status__in=FINAL_STATES), filters)
    heat_clues, heat_cases = {}, {}
    if month:
        start, end = _month_bounds(month)
        heat_clues = dict(clue_selectors.clues_visible_to(actor).filter(
            zone_id__in=ids, received_at__gte=_aware(start), received_at__lt=_aware(end))
            .values_list("zone_id").annotate(n=Count("id")).order_by())
        heat_cases = _cases_by_zone(case_selectors.cases_visible_to(actor).filter(
            created_at__gte=_aware(start), created_at__lt=_aware(end)), filters)
    features = []
    for zone in zones:
        if not zone.boundary:
            continue
        props = {"code": zone.code, "name": zone.name, "township": zone.township.code,
                 "township_name": zone.township.name, "open_clues": open_clues.get(zone.pk, 0),
                 "open_cases": open_cases.get(zone.pk, 0)}
        props["load"] = props["open_clues"] + props["open_cases"]
        if month:
            props["heat"] = heat_clues.get(zone.pk, 0) + heat_cases.get(zone.pk, 0)
        features.append({"type": "Feature", "properties": props, "geometry": to_system(zone.boundary, system)})
    return {"type": "FeatureCollection", "features": features}, len(zones) - len(features)


def _cases_by_zone(qs, filters):
    """Counts of cases by the zone their position lies in (one point-in-polygon pass, capped)."""
    if filters.get("township"):
        qs = qs.filter(township__code=filters["township"])
    points = list(qs.filter(latitude__isnull=False).values_list("latitude", "longitude")[:50_000])
    counts = {}
    for zone_id in zone_ids_at(points):
        if zone_id is not None:
            counts[zone_id] = counts.get(zone_id, 0) + 1
    return counts


def township_features(*, actor, filters, system):
    qs = access.scope(Township.objects.filter(boundary__isnull=False), actor).order_by("code")
    if filters.get("township"):
        qs = qs.filter(code=filters["township"])
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"code": t.code, "name": t.name},
                          "geometry": to_system(t.boundary, system)} for t in qs.only("code", "name", "boundary")]}


def map_data(*, actor, filters, layers=None, system=None):
    """Everything one map view draws, as JSON-ready data."""
    access.require(actor, "map.view")
    system = system or settings.MAP_TILE_COORDINATES
    layers = [layer for layer in (layers or ALL_LAYERS) if layer in ALL_LAYERS]
    limit = settings.MAP_MAX_POINTS
    month = filters.get("month") or timezone.localdate().strftime("%Y-%m")
    data = {"coordinate_system": system, "layers": layers, "month": month, "truncated": {}}
    for layer, reader in (("clues", clue_points), ("cases", case_points), ("subjects", subject_points)):
        if layer in layers:
            data[layer], data["truncated"][layer] = reader(actor=actor, filters=filters, limit=limit, system=system)
    data["zones"], data["zones_without_outline"] = zone_features(
        actor=actor, filters=filters, system=system, month=month if "heat" in layers else None)
    data["townships"] = township_features(actor=actor, filters=filters, system=system)
    return data


# ---- the gazetteer (ADR 0019) ---------------------------------------------------------------------------

def filter_places(queryset, params):
    """The gazetteer list's filters: q (name or alias contains), township code, kind."""
    from django.db.models import Q

    from .models import PlaceKind

    q = str(params.get("q") or "").strip()[:50]
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(aliases__icontains=q))
    township = str(params.get("township") or "").strip()
    if township:
        queryset = queryset.filter(township__code=township)
    kind = params.get("kind")
    if kind in PlaceKind.values:
        queryset = queryset.filter(kind=kind)
    return queryset


def place_list(*, actor, params):
    from enforcement.accounts import access

    from .models import Place

    access.require(actor, "gazetteer.view")
    queryset = access.scope(Place.objects.select_related("township", "zone"), actor)
    return filter_places(queryset, params).order_by("township__code", "name", "id")


def places_export_response(request, queryset):
    """One export for the page and the API: permission, cap, audit, safe cells, the import's columns."""
    from django.utils.translation import gettext as _

    from enforcement.accounts import access
    from enforcement.audit import services as audit
    from enforcement.core import spreadsheets

    from .coords import SYSTEMS, WGS84
    from .places import MAX_EXPORT_ROWS, export_headers, export_rows

    access.require(request.user, "gazetteer.view")
    file_format = "csv" if request.GET.get("file_format") == "csv" else "xlsx"
    system = request.GET.get("coordinate_system") or WGS84
    system = system if system in SYSTEMS else WGS84
    rows = list(queryset.select_related("township", "zone")[:MAX_EXPORT_ROWS + 1])
    capped = len(rows) > MAX_EXPORT_ROWS
    rows = rows[:MAX_EXPORT_ROWS]
    response = spreadsheets.response(export_headers(), export_rows(rows, system), filename="gazetteer",
                                     file_format=file_format, sheet_title=_("Gazetteer"))
    audit.record("geo.places_exported", actor=request.user, rows=len(rows), capped=capped, file_format=file_format,
                 coordinate_system=system, filters={k: str(v)[:100] for k, v in request.GET.items()})
    if capped:
        response["X-Export-Capped"] = str(MAX_EXPORT_ROWS)
    return response
