"""Coordinates for records that have an address and none (ADR 0019): clues on intake, and any clue, case
or subject through `geocode_missing`.

`locate_clue` is intake's hook (registered in GeoConfig.ready): the gazetteer answers synchronously, the
position is stored with its source and precision (`Geocoding`), and when the online geocoder is configured
`geo.tasks.refine_online` is queued through the outbox; it replaces the position only with a more precise
one, and only while the record still has the position geocoded for it (an officer's own position stays).

Only answers of area precision (片区级) or better become a record's position: a township-level point (the
township's centre) would choose an arbitrary zone by point-in-polygon, so such an address keeps no
coordinates and triage proposes the township from the address text as before.
"""

import logging

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from enforcement.audit import services as audit
from enforcement.outbox.services import enqueue
from intake.models import Clue
from planning.models import Subject

from . import geocoder
from .models import PRECISION_RANK, Geocoding, Precision

logger = logging.getLogger("geo.geocoder")

# record kind → (model, address field)
RECORDS = {Geocoding.Record.CLUE: (Clue, "address"), Geocoding.Record.CASE: (Case, "location"),
           Geocoding.Record.SUBJECT: (Subject, "address")}


def usable(precision):
    """May an answer of this precision become a record's position (and so choose its zone)?"""
    return PRECISION_RANK[precision] >= PRECISION_RANK[Precision.AREA]


def _usable(result):
    return result if result is not None and usable(result.precision) else None


def kind_of(obj):
    for kind, (model, _field) in RECORDS.items():
        if isinstance(obj, model):
            return kind
    raise TypeError(type(obj).__name__)


def address_of(obj):
    return getattr(obj, RECORDS[kind_of(obj)][1]) or ""


def _store(obj, result, *, online_pending=False):
    """Write the position on the record (only its two columns) and its provenance row."""
    kind = kind_of(obj)
    obj.latitude, obj.longitude = result.latitude, result.longitude
    type(obj).objects.filter(pk=obj.pk).update(latitude=result.latitude, longitude=result.longitude)
    Geocoding.objects.update_or_create(record=kind, record_id=obj.pk, defaults={
        "address": address_of(obj)[:300], "source": result.source, "precision": result.precision,
        "matched": result.matched[:300], "place_id": result.place_id, "latitude": result.latitude,
        "longitude": result.longitude, "geocoded_at": timezone.now(), "online_pending": online_pending})


def locate_clue(clue):
    """Intake's hook: a new clue with an address and no coordinates gets the gazetteer's point (if any) now,
    and the online geocoder's later (queued). Returns True when the clue's position was set."""
    if clue.latitude is not None or not (clue.address or "").strip():
        return False
    result = _usable(geocoder.gazetteer_geocode(clue.address, township=clue.township_id))
    online = geocoder.online_configured()
    if result is not None:
        _store(clue, result, online_pending=online)
    if online:
        enqueue("geo.tasks.refine_online", Geocoding.Record.CLUE, clue.pk)
    return result is not None


def refine_online(kind, record_id):
    """Ask the online geocoder for the record's address; keep the better answer. Raises GeocoderError (so
    the task is retried); returns what was done."""
    model, _field = RECORDS[kind]
    obj = model.objects.filter(pk=record_id).first()
    if obj is None:
        return "gone"
    current = Geocoding.objects.filter(record=kind, record_id=record_id).first()
    if obj.latitude is not None and (current is None or (current.latitude, current.longitude) != (
            obj.latitude, obj.longitude)):
        return "kept"  # a position given with the record (or changed since) is never overwritten
    online = _usable(geocoder.online_geocode(address_of(obj)))
    offline = None
    if current is not None:
        offline = geocoder.Result(current.latitude, current.longitude, current.precision, current.source,
                                  current.matched, current.place_id)
    chosen = geocoder.better(online, offline)
    with transaction.atomic():
        if chosen is None:
            return "none"
        if chosen is offline:
            Geocoding.objects.filter(pk=current.pk).update(online_pending=False)
            return "kept"
        _store(obj, chosen)
        audit.record("geo.geocoded", obj=obj, record=kind, source=chosen.source, precision=chosen.precision)
        if kind == Geocoding.Record.CLUE:
            _repropose(obj)
    return "online"


def _repropose(clue):
    from intake.models import State
    from intake.services import triage_propose

    if clue.state == State.NEW:  # triage proposals are for clues not yet triaged; reload it whole
        triage_propose(clue=Clue.objects.get(pk=clue.pk))


def clue_position_note(clue):
    """Intake's hook for the clue page: where the clue's coordinates came from, or None (given with it)."""
    if clue.latitude is None:
        return None
    row = Geocoding.objects.filter(record=Geocoding.Record.CLUE, record_id=clue.pk).first()
    if row is None or (row.latitude, row.longitude) != (clue.latitude, clue.longitude):
        return None
    return row.label


# ---- geocode_missing ------------------------------------------------------------------------------------

def missing(kind):
    model, field = RECORDS[kind]
    return model.objects.filter(latitude__isnull=True).exclude(**{field: ""}).order_by("pk")


def fill_missing(kind, *, batch=500, limit=None, use_online=True, after=0):
    """Geocode one batch of `kind` records without coordinates (pk > after). Returns (looked, found, last pk)."""
    model, field = RECORDS[kind]
    rows = list(missing(kind).filter(pk__gt=after).only("pk", field, "township_id",
                                                        *(["state"] if kind == Geocoding.Record.CLUE else []))
                [: min(batch, limit) if limit else batch])
    found = 0
    for obj in rows:
        township = getattr(obj, "township_id", None)
        if use_online:
            result = geocoder.geocode(getattr(obj, field), township=township)
        else:
            result = geocoder.gazetteer_geocode(getattr(obj, field), township=township)
        if _usable(result) is None:
            continue
        with transaction.atomic():
            _store(obj, result)
            if kind == Geocoding.Record.CLUE:
                _repropose(obj)
        found += 1
    if rows:
        audit.record("geo.geocode_missing", record=kind, looked=len(rows), found=found,
                     first=rows[0].pk, last=rows[-1].pk)
    return len(rows), found, (rows[-1].pk if rows else after)
