"""Point-in-polygon over the zones' and townships' boundaries (shapely STRtree, ADR 0012).

The index is built from one query and kept per process until `invalidate()` (called by every boundary
import) bumps the version in the shared cache; another process sees the new version and rebuilds.
"""

from dataclasses import dataclass

from django.core.cache import cache

import shapely
from shapely.geometry import shape

from townships.models import Township, Zone

VERSION_KEY = "geo:boundaries:version"
_built = {}


@dataclass(frozen=True)
class _Index:
    tree: object
    ids: list
    areas: list
    codes: list


def invalidate():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _built.clear()


def _version():
    return cache.get(VERSION_KEY, 0)


def _build(model):
    rows = list(model.objects.filter(boundary__isnull=False).order_by("code").values_list("id", "code", "boundary"))
    shapes = [shape(b) for _i, _c, b in rows]
    for s in shapes:
        shapely.prepare(s)
    return _Index(tree=shapely.STRtree(shapes) if shapes else None, ids=[r[0] for r in rows],
                  areas=[s.area for s in shapes], codes=[r[1] for r in rows])


def _index(model):
    key = (model.__name__, _version())
    found = _built.get(key)
    if found is None:
        for old in [k for k in _built if k[0] == model.__name__]:
            del _built[old]
        found = _built[key] = _build(model)
    return found


def _covering(model, lat, lon):
    index = _index(model)
    if index.tree is None:
        return None, []
    hits = index.tree.query(shapely.Point(float(lon), float(lat)), predicate="covered_by")
    # A point on a shared edge lies in both: the smaller (more specific) outline wins, then the code.
    ordered = sorted(hits, key=lambda i: (index.areas[i], index.codes[i]))
    return index, [index.ids[i] for i in ordered]


def has_zone_boundaries():
    return _index(Zone).tree is not None


def zone_at(lat, lon):
    """The Zone whose outline covers the point, or None."""
    _index_, ids = _covering(Zone, lat, lon)
    return Zone.objects.select_related("township").get(pk=ids[0]) if ids else None


def township_at(lat, lon):
    _index_, ids = _covering(Township, lat, lon)
    return Township.objects.get(pk=ids[0]) if ids else None


def zone_ids_at(points):
    """[(lat, lon)] → [zone id or None], one tree query for all points (for the heat map and demo data)."""
    index = _index(Zone)
    if index.tree is None or not points:
        return [None] * len(points)
    geoms = shapely.points([(float(lon), float(lat)) for lat, lon in points])
    point_idx, zone_idx = index.tree.query(geoms, predicate="covered_by")
    best = {}
    for p, z in zip(point_idx.tolist(), zone_idx.tolist(), strict=True):
        key = (index.areas[z], index.codes[z])
        if p not in best or key < best[p][0]:
            best[p] = (key, index.ids[z])
    return [best[i][1] if i in best else None for i in range(len(points))]
