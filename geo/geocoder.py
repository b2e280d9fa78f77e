"""The geocoder (ADR 0019): `geocode(address) -> Result (lat, lng, precision, source) | None`.

- The bureau's gazetteer (地名地址库, `geo.gazetteer`) is the default: offline, synchronous, always there.
- With `GEOCODER_URL` and `GEOCODER_KEY` set, the online geocoder (天地图 地理编码 API) is asked too: over HTTP
  with a short timeout (`GEOCODER_TIMEOUT`), its answer converted to the project's WGS-84 at the edge
  (`GEOCODER_COORDINATES`). A failure logs a warning and the gazetteer's answer stands. Without both settings
  no request is ever made.

On intake the gazetteer answers at once and the online geocoder is asked afterwards through the outbox
(`geo.tasks.refine_online`, retried by Celery), so registering a clue never waits on the network.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from . import gazetteer
from .coords import out_of_china, to_wgs84
from .models import GeocodeSource, Precision

logger = logging.getLogger("geo.geocoder")
_Q = Decimal("0.000001")

# 天地图's answer levels → our precision. Coarser levels (区县, 城市, 省) cannot choose a zone: no answer.
TIANDITU_LEVELS = {
    "门址": Precision.HOUSE, "门牌": Precision.HOUSE, "兴趣点": Precision.HOUSE, "poi": Precision.HOUSE,
    "道路": Precision.ROAD, "道路交叉口": Precision.ROAD, "交叉口": Precision.ROAD,
    "地名": Precision.AREA, "村庄": Precision.AREA, "小区": Precision.AREA, "社区": Precision.AREA,
    "乡镇": Precision.TOWNSHIP, "街道": Precision.TOWNSHIP,
}


class GeocoderError(Exception):
    """The online geocoder failed (network, timeout, an error answer): the gazetteer's answer stands."""


@dataclass(frozen=True)
class Result:
    latitude: Decimal
    longitude: Decimal
    precision: str
    source: str
    matched: str = ""
    place_id: int | None = None

    def __iter__(self):  # unpacks as (lat, lng, precision, source)
        return iter((self.latitude, self.longitude, self.precision, self.source))

    @property
    def label(self):
        return f"{GeocodeSource(self.source).label} ({Precision(self.precision).label})"


def online_configured():
    return bool(settings.GEOCODER_URL and settings.GEOCODER_KEY)


def gazetteer_geocode(address, *, township=None):
    found = gazetteer.match(address, township_id=getattr(township, "pk", township))
    if found is None:
        return None
    return Result(latitude=found.latitude, longitude=found.longitude, precision=found.precision,
                  source=GeocodeSource.GAZETTEER, matched=found.matched, place_id=found.place_id)


def _request_url(address):
    query = urllib.parse.urlencode({"ds": json.dumps({"keyWord": address}, ensure_ascii=False),
                                    "tk": settings.GEOCODER_KEY})
    separator = "&" if "?" in settings.GEOCODER_URL else "?"
    return f"{settings.GEOCODER_URL}{separator}{query}"


def _fetch(url):
    # GEOCODER_URL is checked to be http(s) in settings: no file: or custom scheme can reach urlopen
    headers = {"Accept": "application/json", "User-Agent": "enforcement-platform/1 geocoder"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  # nosec B310 - http(s) only, see settings
    with urllib.request.urlopen(request, timeout=settings.GEOCODER_TIMEOUT) as response:  # noqa: S310  # nosec B310
        return response.read(256 * 1024)


def online_geocode(address):
    """天地图's answer for `address` as a Result in WGS-84, None when it knows no usable place.
    Raises GeocoderError when the service fails (never when it is not configured: then it returns None)."""
    address = str(address or "").strip()[:200]
    if not online_configured() or not address:
        return None
    try:
        body = json.loads(_fetch(_request_url(address)).decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise GeocoderError(f"{exc.__class__.__name__}: {exc}") from exc
    if not isinstance(body, dict) or str(body.get("status", "")) != "0":
        message = body.get("msg", "") if isinstance(body, dict) else ""
        raise GeocoderError(f"geocoder answered status {body.get('status') if isinstance(body, dict) else '?'}"
                            f" {message}".strip())
    location = body.get("location") or {}
    precision = TIANDITU_LEVELS.get(str(location.get("level", "")).strip().lower())
    try:
        lat, lon = float(location["lat"]), float(location["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if precision is None or out_of_china(lat, lon):
        return None
    w_lat, w_lon = to_wgs84(lat, lon, settings.GEOCODER_COORDINATES)
    return Result(latitude=Decimal(repr(w_lat)).quantize(_Q), longitude=Decimal(repr(w_lon)).quantize(_Q),
                  precision=precision, source=GeocodeSource.ONLINE, matched=str(location.get("keyWord", ""))[:300])


def geocode(address, *, township=None):
    """The configured geocoder's answer: the online one when configured (falling back to the gazetteer when
    it fails or knows nothing better), else the gazetteer. Synchronous: intake uses `gazetteer_geocode`."""
    offline = gazetteer_geocode(address, township=township)
    if not online_configured():
        return offline
    try:
        online = online_geocode(address)
    except GeocoderError as exc:
        logger.warning("Online geocoder failed for an address (%s); the gazetteer's answer is used.", exc)
        return offline
    return better(online, offline)


def better(online, offline):
    """The online answer unless the gazetteer's is more precise (the bureau's own data wins ties)."""
    from .models import PRECISION_RANK

    if online is None or (offline is not None and PRECISION_RANK[offline.precision] >= PRECISION_RANK[
            online.precision]):
        return offline
    return online
