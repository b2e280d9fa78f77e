"""GeoJSON boundaries in and out (RFC 7946: positions are [longitude, latitude]).

`parse_boundaries(raw, system)` reads an uploaded FeatureCollection and returns {code: geometry} in WGS-84,
or raises ValidationError listing every problem in Chinese (all-or-nothing: nothing is written by a file
with one bad feature). Each feature names its zone or township in `properties.code`; the geometry is a
Polygon or MultiPolygon whose rings are closed, have at least four positions, lie within the ranges and
do not cross themselves (shapely's validity).
"""

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity

from .coords import GCJ02, WGS84, gcj02_to_wgs84, wgs84_to_gcj02

MAX_FEATURES = 2000
MAX_POSITIONS = 200_000
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


class _Bad(Exception):
    pass


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Bad(_("a coordinate is not a number"))
    return float(value)


def _ring(ring, counter):
    if not isinstance(ring, list) or len(ring) < 4:
        raise _Bad(_("a ring needs at least four positions (the first repeated at the end)"))
    out = []
    for position in ring:
        if not isinstance(position, list) or len(position) < 2:
            raise _Bad(_("a position must be [longitude, latitude]"))
        lon, lat = _number(position[0]), _number(position[1])
        if not (-180 <= lon <= 180) or not (-90 <= lat <= 90):
            raise _Bad(_("a position lies outside longitude −180…180 / latitude −90…90 "
                         "(are longitude and latitude swapped?)"))
        out.append([lon, lat])
    if out[0] != out[-1]:
        raise _Bad(_("a ring is not closed: its last position must repeat the first"))
    counter[0] += len(out)
    if counter[0] > MAX_POSITIONS:
        raise _Bad(_("the file has more than %(n)s positions") % {"n": MAX_POSITIONS})
    return out


def _polygon(rings, counter):
    if not isinstance(rings, list) or not rings:
        raise _Bad(_("a polygon needs at least its outer ring"))
    return [_ring(ring, counter) for ring in rings]


def clean_geometry(geometry, counter=None):
    """A validated copy of a GeoJSON Polygon/MultiPolygon (raises _Bad with the reason)."""
    counter = counter if counter is not None else [0]
    if not isinstance(geometry, dict):
        raise _Bad(_("the feature has no geometry"))
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise _Bad(_("the geometry must be a Polygon or MultiPolygon, not “%(type)s”") % {"type": kind})
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        cleaned = {"type": kind, "coordinates": _polygon(coordinates, counter)}
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise _Bad(_("a MultiPolygon needs at least one polygon"))
        cleaned = {"type": kind, "coordinates": [_polygon(p, counter) for p in coordinates]}
    shaped = shape(cleaned)
    if not shaped.is_valid:
        reason = explain_validity(shaped)
        if "Self-intersection" in reason:
            raise _Bad(_("the outline crosses itself (%(where)s)") % {"where": reason.split("[", 1)[-1].rstrip("]")})
        raise _Bad(_("the outline is not a valid polygon (%(reason)s)") % {"reason": reason})
    if shaped.area == 0:
        raise _Bad(_("the outline has no area"))
    return cleaned


def convert_geometry(geometry, function):
    """Apply `function(lat, lon) -> (lat, lon)` to every position (GeoJSON order [lon, lat] kept)."""
    def ring(r):
        return [[round(x, 7) for x in reversed(function(p[1], p[0]))] for p in r]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in geometry["coordinates"]]}


def to_system(geometry, system):
    return convert_geometry(geometry, wgs84_to_gcj02) if system == GCJ02 else geometry


def parse_boundaries(raw, *, system=WGS84):
    """{code: WGS-84 geometry} from an uploaded FeatureCollection (bytes or str). ValidationError lists
    every bad feature by its number and code."""
    try:
        data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, ValueError):
        raise ValidationError({"file": _("The file is not GeoJSON: it cannot be read as JSON text (UTF-8).")}) \
            from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise ValidationError({"file": _("The file must be a GeoJSON FeatureCollection.")})
    features = data["features"]
    if not features:
        raise ValidationError({"file": _("The file contains no feature.")})
    if len(features) > MAX_FEATURES:
        raise ValidationError({"file": _("At most %(n)s features per file.") % {"n": MAX_FEATURES}})
    errors, result, counter = [], {}, [0]
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        code = str((properties or {}).get("code") or "").strip()
        label = _("Feature %(n)s (%(code)s)") % {"n": number, "code": code or _("no code")}
        if not code:
            errors.append(_("%(label)s: properties.code is missing; it names the zone or township.")
                          % {"label": label})
            continue
        if code in result:
            errors.append(_("%(label)s: the code appears twice in the file.") % {"label": label})
            continue
        try:
            geometry = clean_geometry(feature.get("geometry"), counter)
        except _Bad as bad:
            errors.append(_("%(label)s: %(reason)s") % {"label": label, "reason": bad})
            if counter[0] > MAX_POSITIONS:
                break
            continue
        if system == GCJ02:
            geometry = convert_geometry(geometry, gcj02_to_wgs84)
        result[code] = geometry
    if errors:
        raise ValidationError({"file": errors})
    return result


def feature_collection(rows, system=WGS84):
    """rows: [(geometry, properties)] → a FeatureCollection dict (geometry None rows are left out)."""
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": props, "geometry": to_system(geometry, system)}
                         for geometry, props in rows if geometry]}


def covers(geometry, lat, lon):
    return shapely.covers(shape(geometry), shapely.Point(float(lon), float(lat)))
