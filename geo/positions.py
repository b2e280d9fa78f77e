"""Where officers were last seen, and who is on duty near a point (dispatch by place).

There is no live tracking. An officer's *last known position* is the newest of the positions the
platform already records with a time and the officers present:

- a patrol record: the last point of its route (time stamped), else where it was recorded (start time);
- a dispatch arrival (到场): the arrival position, at the arrival time, for the dispatch's officers;
- an inspection, a case or a clue recorded with a position (the phone captures it when allowed): at the
  time it was recorded, for its officers (a clue: the officer who registered it).

An officer is *on duty* when active and last seen within `MAP_ON_DUTY_MINUTES` (default 120). Positions
older than that say nothing about where someone is now, so they are not used.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases.models import Case
from intake.models import Clue, Dispatch, Patrol
from planning.models import Inspection
from townships.models import Officer

from .coords import distance_m


@dataclass(frozen=True)
class Seen:
    officer_id: int
    latitude: float
    longitude: float
    at: datetime
    source: str


def _keep(best, officer_id, lat, lon, at, source):
    if lat is None or lon is None or at is None:
        return
    current = best.get(officer_id)
    if current is None or at > current.at:
        best[officer_id] = Seen(officer_id, float(lat), float(lon), at, source)


def _route_end(route, started_at):
    """The last usable [lat, lon, time] of a route, else None."""
    for point in reversed(route or []):
        if isinstance(point, (list, tuple)) and len(point) >= 2:
            at = parse_datetime(str(point[2])) if len(point) > 2 and point[2] else None
            if at is not None and timezone.is_naive(at):
                at = timezone.make_aware(at)
            try:
                return float(point[0]), float(point[1]), at or started_at
            except (TypeError, ValueError):
                continue
    return None


def last_positions(*, now=None, officer_ids=None):
    """{officer id: Seen} for officers seen within the on-duty window (one query per source)."""
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.MAP_ON_DUTY_MINUTES)
    best = {}

    def links(model, through_field, ids):
        through = model.officers.through
        rows = through.objects.filter(**{f"{through_field}__in": ids})
        if officer_ids is not None:
            rows = rows.filter(officer_id__in=officer_ids)
        return rows.values_list(through_field, "officer_id")

    patrols = {p.pk: p for p in Patrol.objects.filter(started_at__gte=since - timedelta(hours=12),
                                                     started_at__lte=now).only("id", "route", "latitude",
                                                                               "longitude", "started_at")}
    for patrol_id, officer_id in links(Patrol, "patrol_id", list(patrols)):
        patrol = patrols[patrol_id]
        end = _route_end(patrol.route, patrol.started_at)
        lat, lon, at = end if end else (patrol.latitude, patrol.longitude, patrol.started_at)
        if at and since <= at <= now:
            _keep(best, officer_id, lat, lon, at, "patrol")

    arrivals = dict((d[0], d[1:]) for d in Dispatch.objects.filter(
        arrived_at__gte=since, arrived_at__lte=now, arrival_latitude__isnull=False).values_list(
        "id", "arrival_latitude", "arrival_longitude", "arrived_at"))
    for dispatch_id, officer_id in links(Dispatch, "dispatch_id", list(arrivals)):
        lat, lon, at = arrivals[dispatch_id]
        _keep(best, officer_id, lat, lon, at, "arrival")

    for model, through_field, source in ((Inspection, "inspection_id", "inspection"), (Case, "case_id", "case")):
        records = dict((r[0], r[1:]) for r in model.objects.filter(
            created_at__gte=since, created_at__lte=now, latitude__isnull=False).values_list(
            "id", "latitude", "longitude", "created_at"))
        for record_id, officer_id in links(model, through_field, list(records)):
            lat, lon, at = records[record_id]
            _keep(best, officer_id, lat, lon, at, source)

    clues = Clue.objects.filter(created_at__gte=since, created_at__lte=now, latitude__isnull=False,
                                created_by__officer__isnull=False)
    if officer_ids is not None:
        clues = clues.filter(created_by__officer__in=officer_ids)
    for officer_id, lat, lon, at in clues.values_list("created_by__officer", "latitude", "longitude", "created_at"):
        _keep(best, officer_id, lat, lon, at, "clue")
    return best


def nearest_on_duty(*, latitude, longitude, township=None, now=None, limit=None):
    """The on-duty officers nearest the point: [(Officer, metres, Seen)], nearest first. With `township`,
    only officers posted there (a point outside every zone: the whole county)."""
    limit = limit or settings.MAP_NEAREST_OFFICERS
    officers = Officer.objects.filter(is_active=True)
    if township is not None:
        officers = officers.filter(township=township)
    ids = list(officers.values_list("id", flat=True))
    seen = last_positions(now=now, officer_ids=ids)
    ranked = sorted(((distance_m(latitude, longitude, s.latitude, s.longitude), s) for s in seen.values()),
                    key=lambda pair: (pair[0], pair[1].officer_id))[:limit]
    by_id = Officer.objects.in_bulk([s.officer_id for _d, s in ranked])
    return [(by_id[s.officer_id], d, s) for d, s in ranked if s.officer_id in by_id]
