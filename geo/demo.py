"""Demo geometry: plausible outlines for the demo county's townships and zones, and positions inside them
for the demo clues, cases, subjects, inspections and patrols (marked demo like the rows themselves).

The county is laid out on one irregular lattice west of Ningbo (about 121.26–121.62 E, 29.72–29.92 N):
each township is a block of zone cells, so township outlines and zone outlines share their edges exactly.
Idempotent: only rows without an outline or a position are filled. Bulk updates keep `make run` fast.

The demo gazetteer (地名地址库, ADR 0019) is built from the same lattice: each township (乡镇), each zone as an
area (片区, “{township}{community}” and its aliases) and in every zone the demo streets as numbered roads
(“{township}{community}{street}”, nos. 1–259 across the cell), the way intake's demo writes addresses. Demo
clues without a position are then placed by geocoding their address, with the source and precision recorded.
"""

import math

from django.db import transaction

from cases.models import Case
from intake.models import Clue, Patrol
from planning.models import Inspection, Subject
from townships.models import Township, Zone

from . import gazetteer
from . import zones as zone_index
from .locating import usable
from .models import GeocodeSource, Geocoding, Place, PlaceKind

LON0, LAT0 = 121.26, 29.72
CELL_LON, CELL_LAT = 0.0225, 0.0175  # a zone of about 2.2 km × 1.9 km
BLOCK = 4  # zones per township side (16 zones)
COLUMNS = 4  # townships per lattice row
BATCH = 1000


def _jitter(i, j, axis):
    """A fixed, smooth offset of lattice vertex (i, j): neighbours share it, so outlines tile."""
    phase = (i * 12.9898 + j * 78.233 + axis * 37.719)
    return (math.sin(phase) * 43758.5453 % 1 - 0.5) * 0.35


def _vertex(i, j):
    return (round(LON0 + (i + _jitter(i, j, 0)) * CELL_LON, 6), round(LAT0 + (j + _jitter(i, j, 1)) * CELL_LAT, 6))


def _ring(i0, j0, width, height):
    """The outline of the block of lattice cells [i0, i0+width) × [j0, j0+height), counter-clockwise."""
    points = [_vertex(i, j0) for i in range(i0, i0 + width)]
    points += [_vertex(i0 + width, j) for j in range(j0, j0 + height)]
    points += [_vertex(i, j0 + height) for i in range(i0 + width, i0, -1)]
    points += [_vertex(i0, j) for j in range(j0 + height, j0, -1)]
    points.append(points[0])
    return [list(p) for p in points]


def _point_in_cell(i, j, rng):
    """A point well inside lattice cell (i, j) (bilinear between its four corners)."""
    u, v = rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85)
    (x00, y00), (x10, y10), (x01, y01), (x11, y11) = _vertex(i, j), _vertex(i + 1, j), _vertex(i, j + 1), \
        _vertex(i + 1, j + 1)
    lon = (1 - u) * (1 - v) * x00 + u * (1 - v) * x10 + (1 - u) * v * x01 + u * v * x11
    lat = (1 - u) * (1 - v) * y00 + u * (1 - v) * y10 + (1 - u) * v * y01 + u * v * y11
    return round(lat, 6), round(lon, 6)


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def seed(*, stdout, rng):
    townships = list(Township.objects.filter(is_demo=True).order_by("code"))
    if not townships:
        _write(stdout, "geo: no demo townships yet, skipped")
        return
    cells = {}  # zone id -> (i, j) lattice cell
    with transaction.atomic():
        outlined = _outline(townships, cells)
        zone_index.invalidate()
        entries = _gazetteer(townships, cells)
        gazetteer.invalidate()
    geocoded = _geocode_clues()
    placed = _place(cells, rng)
    _write(stdout, f"geo: {outlined} outlines, {entries} gazetteer entries, {geocoded} clues geocoded, "
                   f"positions for {placed} records")


def _outline(townships, cells):
    changed_townships, changed_zones = [], []
    for index, township in enumerate(townships):
        i0, j0 = (index % COLUMNS) * BLOCK, (index // COLUMNS) * BLOCK
        if township.boundary is None:
            township.boundary = {"type": "Polygon", "coordinates": [_ring(i0, j0, BLOCK, BLOCK)]}
            changed_townships.append(township)
        zones = list(Zone.objects.filter(township=township, is_demo=True).order_by("code"))
        for number, zone in enumerate(zones[:BLOCK * BLOCK]):
            cell = (i0 + number % BLOCK, j0 + number // BLOCK)
            cells[zone.pk] = cell
            if zone.boundary is None:
                zone.boundary = {"type": "Polygon", "coordinates": [_ring(cell[0], cell[1], 1, 1)]}
                changed_zones.append(zone)
    Township.objects.bulk_update(changed_townships, ["boundary"])
    Zone.objects.bulk_update(changed_zones, ["boundary"], batch_size=BATCH)
    return len(changed_townships) + len(changed_zones)


def _place(cells, rng):
    by_township = {}
    for zone_id, township_id in Zone.objects.filter(pk__in=list(cells)).values_list("id", "township_id"):
        by_township.setdefault(township_id, []).append(zone_id)
    for ids in by_township.values():
        ids.sort()

    def cell_for(zone_id, township_id):
        if zone_id in cells:
            return cells[zone_id]
        options = by_township.get(township_id)
        return cells[rng.choice(options)] if options else None

    total = 0
    subject_at = {}
    for model, zone_field in ((Clue, "zone_id"), (Case, None), (Subject, None), (Patrol, "zone_id")):
        rows = list(model.objects.filter(is_demo=True, latitude__isnull=True).only(
            "id", "township_id", *([zone_field.removesuffix("_id")] if zone_field else [])).order_by("id"))
        changed = []
        for row in rows:
            cell = cell_for(getattr(row, zone_field) if zone_field else None, row.township_id)
            if cell is None:
                continue
            row.latitude, row.longitude = _point_in_cell(*cell, rng)
            changed.append(row)
            if model is Subject:
                subject_at[row.pk] = (row.latitude, row.longitude)
        with transaction.atomic():
            model.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=BATCH)
        total += len(changed)
    if not subject_at:
        subject_at = {pk: (lat, lon) for pk, lat, lon in Subject.objects.filter(
            is_demo=True, latitude__isnull=False).values_list("id", "latitude", "longitude")}
    inspections = list(Inspection.objects.filter(is_demo=True, latitude__isnull=True).only("id", "subject_id"))
    changed = []
    for inspection in inspections:
        if inspection.subject_id in subject_at:
            inspection.latitude, inspection.longitude = subject_at[inspection.subject_id]
            changed.append(inspection)
    with transaction.atomic():
        Inspection.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=BATCH)
    return total + len(changed)


def _cell_point(i, j, u, v):
    (x00, y00), (x10, y10), (x01, y01), (x11, y11) = _vertex(i, j), _vertex(i + 1, j), _vertex(i, j + 1), \
        _vertex(i + 1, j + 1)
    lon = (1 - u) * (1 - v) * x00 + u * (1 - v) * x10 + (1 - u) * v * x01 + u * v * x11
    lat = (1 - u) * (1 - v) * y00 + u * (1 - v) * y10 + (1 - u) * v * y01 + u * v * y11
    return round(lat, 6), round(lon, 6)


def _gazetteer(townships, cells):
    """The demo county's gazetteer, once (nothing when any demo entry exists)."""
    from intake.demo import STREETS

    if Place.objects.filter(is_demo=True).exists():
        return 0
    rows = []
    zones_by_township = {}
    for zone in Zone.objects.filter(pk__in=list(cells)).order_by("code"):
        zones_by_township.setdefault(zone.township_id, []).append(zone)
    for index, township in enumerate(townships):
        i0, j0 = (index % COLUMNS) * BLOCK, (index // COLUMNS) * BLOCK
        lat, lon = _cell_point(i0 + BLOCK // 2, j0 + BLOCK // 2, 0.0, 0.0)
        rows.append(Place(township=township, name=township.name, kind=PlaceKind.TOWNSHIP, latitude=lat,
                          longitude=lon, is_demo=True))
        for zone in zones_by_township.get(township.pk, []):
            i, j = cells[zone.pk]
            community = zone.name.removesuffix("片区")
            lat, lon = _cell_point(i, j, 0.5, 0.5)
            rows.append(Place(township=township, zone=zone, name=f"{township.name}{community}", kind=PlaceKind.AREA,
                              aliases=[community, zone.name], latitude=lat, longitude=lon, is_demo=True))
            for number, street in enumerate(STREETS):
                v = 0.15 + 0.7 * number / max(1, len(STREETS) - 1)  # one street per row across the cell
                start, end = _cell_point(i, j, 0.12, v), _cell_point(i, j, 0.88, v)
                rows.append(Place(township=township, zone=zone, name=f"{township.name}{community}{street}",
                                  kind=PlaceKind.ROAD, aliases=[f"{community}{street}"], latitude=start[0],
                                  longitude=start[1], number_from=1, number_to=259, end_latitude=end[0],
                                  end_longitude=end[1], is_demo=True))
    Place.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _geocode_clues():
    """Demo clues without a position get the gazetteer's point for their address (and its provenance)."""
    clues = list(Clue.objects.filter(is_demo=True, latitude__isnull=True).only("id", "address", "township_id")
                 .order_by("id"))
    if not clues:
        return 0
    index = gazetteer._index()
    changed, provenance = [], []
    for clue in clues:
        found = gazetteer.match(clue.address, township_id=clue.township_id, index=index)
        if found is None or not usable(found.precision):
            continue
        clue.latitude, clue.longitude = found.latitude, found.longitude
        changed.append(clue)
        provenance.append(Geocoding(record=Geocoding.Record.CLUE, record_id=clue.pk, address=clue.address[:300],
                                    source=GeocodeSource.GAZETTEER, precision=found.precision,
                                    matched=found.matched, place_id=found.place_id, latitude=found.latitude,
                                    longitude=found.longitude))
    with transaction.atomic():
        Clue.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=BATCH)
        Geocoding.objects.bulk_create(provenance, batch_size=BATCH, ignore_conflicts=True)
    return len(changed)
