"""Dispatch by place: geo's answers to intake's triage hooks (registered in GeoConfig.ready).

- `by_polygon`: the zone whose outline covers the clue's point (score 1.0, beats the address text), else
  the township whose outline covers it (0.9, no zone);
- `outside_zones`: the flag of a point that lies outside every zone (once any zone has an outline);
- `nearest_officers`: the nearest on-duty officers by their last known positions (geo.positions).
"""

from intake.triage.places import ZoneProposal

from . import zones
from .positions import nearest_on_duty


def by_polygon(query):
    if query.latitude is None or query.longitude is None:
        return None
    zone = zones.zone_at(query.latitude, query.longitude)
    if zone is not None:
        return ZoneProposal(township=zone.township, zone=zone, score=1.0, method="polygon")
    township = zones.township_at(query.latitude, query.longitude)
    if township is not None:
        return ZoneProposal(township=township, zone=None, score=0.9, method="polygon")
    return None


def outside_zones(query):
    if query.latitude is None or query.longitude is None or not zones.has_zone_boundaries():
        return None
    return None if zones.zone_at(query.latitude, query.longitude) else "outside_zones"


def nearest_officers(*, zone, township, latitude, longitude, now):
    if latitude is None or longitude is None:
        return []
    if zone is not None:
        township = zone.township
    return [{"id": officer.pk, "employee_number": officer.employee_number, "name": officer.name,
             "reason": "nearest", "distance_m": round(metres), "seen_at": seen.at.isoformat(),
             "seen_source": seen.source}
            for officer, metres, seen in nearest_on_duty(latitude=latitude, longitude=longitude,
                                                         township=township, now=now)]
