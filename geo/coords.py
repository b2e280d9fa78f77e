"""Coordinates at the edges (ADR 0012): everything is stored in WGS-84; GCJ-02 (国测局 "Mars" coordinates,
used by Gaode/Tencent basemaps and many Chinese phone SDKs) is converted on the way in and out.

`wgs84_to_gcj02` is the published forward transform; `gcj02_to_wgs84` inverts it by fixed-point iteration
(error well under 1 cm after a few rounds inside China). Outside China both systems coincide.
"""

import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WGS84 = "wgs84"
GCJ02 = "gcj02"
SYSTEMS = (WGS84, GCJ02)

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323


def out_of_china(lat, lon):
    return not (73.66 < lon < 135.05 and 3.86 < lat < 53.55)


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lat, lon):
    d_lat = _transform_lat(lon - 105.0, lat - 35.0)
    d_lon = _transform_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat, lon):
    lat, lon = float(lat), float(lon)
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _offset(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat, lon):
    lat, lon = float(lat), float(lon)
    if out_of_china(lat, lon):
        return lat, lon
    w_lat, w_lon = lat, lon
    for _round in range(30):
        g_lat, g_lon = wgs84_to_gcj02(w_lat, w_lon)
        e_lat, e_lon = g_lat - lat, g_lon - lon
        w_lat, w_lon = w_lat - e_lat, w_lon - e_lon
        if abs(e_lat) < 1e-9 and abs(e_lon) < 1e-9:
            break
    return w_lat, w_lon


def to_wgs84(lat, lon, system):
    """A position given in `system` as WGS-84."""
    if system == GCJ02:
        return gcj02_to_wgs84(lat, lon)
    return float(lat), float(lon)


def from_wgs84(lat, lon, system):
    """A stored WGS-84 position as `system` (what the basemap expects)."""
    if system == GCJ02:
        return wgs84_to_gcj02(lat, lon)
    return float(lat), float(lon)


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_p, d_l = p2 - p1, math.radians(float(lon2) - float(lon1))
    h = math.sin(d_p / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(d_l / 2) ** 2
    return 2 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))


def _degrees(value, field, low, high):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError({field: _("Enter a number in degrees.")})
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number in degrees.")}) from None
    if not number.is_finite() or number < low or number > high:
        raise ValidationError({field: _("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high}})
    return number


def clean_position(latitude, longitude, *, system=WGS84, lat_field="latitude", lon_field="longitude"):
    """Validate a position from a client and return it as WGS-84 Decimals with 6 places (about 0.1 m),
    or (None, None) when both are empty. Ranges are checked; one without the other is refused."""
    if system not in SYSTEMS:
        raise ValidationError({"coordinate_system": _("Choose one of the listed options.")})
    lat = _degrees(latitude, lat_field, -90, 90)
    lon = _degrees(longitude, lon_field, -180, 180)
    if (lat is None) != (lon is None):
        raise ValidationError({lat_field: _("Give both latitude and longitude, or neither.")})
    if lat is None:
        return None, None
    w_lat, w_lon = to_wgs84(lat, lon, system)
    q = Decimal("0.000001")
    return Decimal(repr(w_lat)).quantize(q), Decimal(repr(w_lon)).quantize(q)
