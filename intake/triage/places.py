"""Where a clue is: the township and zone proposed from the address text or the coordinates.

`propose_zone(...)` asks every registered resolver and keeps the best-scored answer. The resolvers here
read the organisation's names (townships, zones and the roads/communities in a zone's description) and the
places earlier clues were confirmed at (same address, or within ~300 m). The map issue adds polygons with
`register_zone_resolver(resolver, first=True)`: a resolver is `(query) -> ZoneProposal | None`.

`propose_officers(...)` lists the officers to send: the chosen zone's responsible officers here, and what
registered proposers add (the geo app adds the nearest on-duty officers by their last known positions).
`place_flags(query)` collects what registered flaggers say about the point (geo: "outside_zones").
`locate(clue)` lets registered locators give a new clue with an address and no coordinates a position (geo:
the gazetteer, ADR 0019) before the proposals; `position_note(clue)` says where a clue's position came from.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from townships.models import Township, Zone

from ..models import Clue, State
from .text import address_key, normalise

NEARBY_DEGREES = Decimal("0.003")  # about 300 m of latitude
TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")
ZONE_SUFFIXES = ("片区", "网格", "责任区")
COMMUNITY_SUFFIXES = ("社区", "村")


@dataclass(frozen=True)
class ZoneQuery:
    address: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    exclude_clue_id: int | None = None

    @property
    def key(self):
        return address_key(self.address)


@dataclass(frozen=True)
class ZoneProposal:
    township: object  # Township or None
    zone: object  # Zone or None
    score: float
    method: str  # "gazetteer", "same_address", "nearby", or a resolver's own name


_RESOLVERS = []
_OFFICER_PROPOSERS = []
_FLAGGERS = []
_LOCATORS = []
_POSITION_NOTES = []


def register_locator(locator):
    """`locator(clue) -> bool`: set the saved clue's latitude/longitude from its address (True when it did)."""
    if locator not in _LOCATORS:
        _LOCATORS.append(locator)
    return locator


def locate(clue):
    """Ask the locators in turn until one gives the clue a position; True when one did."""
    if clue.latitude is not None:
        return False
    return any(locator(clue) for locator in _LOCATORS)


def register_position_note(note):
    """`note(clue) -> str | None`: where the clue's coordinates came from (e.g. “地名地址库 (道路级)”)."""
    if note not in _POSITION_NOTES:
        _POSITION_NOTES.append(note)
    return note


def position_note(clue):
    for note in _POSITION_NOTES:
        text = note(clue)
        if text:
            return text
    return None


def register_zone_resolver(resolver, *, first=False):
    if resolver in _RESOLVERS:
        return resolver
    _RESOLVERS.insert(0, resolver) if first else _RESOLVERS.append(resolver)
    return resolver


def register_officer_proposer(proposer):
    """`proposer(*, zone, township, latitude, longitude, now) -> [dict]` (see propose_officers)."""
    if proposer not in _OFFICER_PROPOSERS:
        _OFFICER_PROPOSERS.append(proposer)
    return proposer


def register_place_flagger(flagger):
    """`flagger(query) -> str | None`: a flag name for a point that needs the operator's eye."""
    if flagger not in _FLAGGERS:
        _FLAGGERS.append(flagger)
    return flagger


def place_flags(*, latitude=None, longitude=None):
    query = ZoneQuery(address="", latitude=latitude, longitude=longitude)
    return sorted({flag for flag in (f(query) for f in _FLAGGERS) if flag})


def zone_officers(*, zone, township, latitude, longitude, now):
    """The zone's responsible officers (active), in employee-number order."""
    if zone is None:
        return []
    return [{"id": o.pk, "employee_number": o.employee_number, "name": o.name, "reason": "zone",
             "distance_m": None, "seen_at": None}
            for o in zone.officers.filter(is_active=True).order_by("employee_number")]


def propose_officers(*, zone, township, latitude=None, longitude=None, now=None):
    """Officers to send: each proposer's answer in turn, each officer once (the first reason wins)."""
    seen, result = set(), []
    for proposer in (zone_officers, *_OFFICER_PROPOSERS):
        for row in proposer(zone=zone, township=township, latitude=latitude, longitude=longitude, now=now):
            if row["id"] not in seen:
                seen.add(row["id"])
                result.append(row)
    return result


def propose_zone(*, address, latitude=None, longitude=None, exclude_clue_id=None):
    """The best township/zone proposal of all resolvers, or None when none recognises the place."""
    query = ZoneQuery(address=address or "", latitude=latitude, longitude=longitude, exclude_clue_id=exclude_clue_id)
    best = None
    for resolver in _RESOLVERS:
        proposal = resolver(query)
        if proposal is not None and (best is None or proposal.score > best.score):
            best = proposal
    return best


def _core(name, suffixes):
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _place_words(zone):
    """Names that identify a zone in an address: its name without 片区, the community without 社区/村."""
    name = normalise(_core(zone.name, ZONE_SUFFIXES))
    words = {name, normalise(_core(name, COMMUNITY_SUFFIXES))}
    return {w for w in words if len(w) >= 2}


def by_gazetteer(query):
    text = query.key
    if not text:
        return None
    townships = list(Township.objects.only("id", "name", "code"))
    hit_townships = {t.id: t for t in townships
                     if normalise(t.name) in text or normalise(_core(t.name, TOWNSHIP_SUFFIXES)) in text}
    best = None
    for zone in Zone.objects.select_related("township").only("id", "name", "code", "township__id",
                                                            "township__name", "township__code"):
        matched = [w for w in _place_words(zone) if w in text]
        if not matched:
            continue
        length = max(len(w) for w in matched)
        score = min(0.5 + 0.1 * length, 0.85) + (0.15 if zone.township_id in hit_townships else 0)
        if hit_townships and zone.township_id not in hit_townships:
            score -= 0.3  # the address names another township: a namesake community elsewhere
        if best is None or score > best.score:
            best = ZoneProposal(township=zone.township, zone=zone, score=round(score, 3), method="gazetteer")
    if best is not None and best.score > 0.4:
        return best
    if len(hit_townships) == 1:
        township = next(iter(hit_townships.values()))
        return ZoneProposal(township=township, zone=None, score=0.6, method="gazetteer")
    return None


def _majority(rows, method, weight):
    rows = list(rows)
    total = sum(r["n"] for r in rows)
    if not total:
        return None
    top = max(rows, key=lambda r: r["n"])
    zone = Zone.objects.select_related("township").filter(pk=top["zone_id"]).first() if top["zone_id"] else None
    township = zone.township if zone else Township.objects.filter(pk=top["township_id"]).first()
    if township is None:
        return None
    return ZoneProposal(township=township, zone=zone, score=round(weight * top["n"] / total, 3), method=method)


_CONFIRMED = (State.NEW, State.MERGED)


def by_same_address(query):
    """Where earlier clues at exactly this address were confirmed by triage."""
    if not query.key:
        return None
    rows = (Clue.objects.filter(address_key=query.key, township__isnull=False).exclude(state__in=_CONFIRMED)
            .exclude(pk=query.exclude_clue_id).values("township_id", "zone_id").annotate(n=Count("id"))
            .order_by("-n")[:5])
    return _majority(rows, "same_address", 0.9)


def by_nearby(query):
    """Where confirmed clues within about 300 m lie (until zones have polygons)."""
    if query.latitude is None or query.longitude is None:
        return None
    lat, lon = Decimal(str(query.latitude)), Decimal(str(query.longitude))
    nearby = (Clue.objects.filter(latitude__range=(lat - NEARBY_DEGREES, lat + NEARBY_DEGREES),
                                  longitude__range=(lon - NEARBY_DEGREES, lon + NEARBY_DEGREES),
                                  township__isnull=False)
              .exclude(state__in=_CONFIRMED).exclude(pk=query.exclude_clue_id).order_by("-received_at")
              .values_list("id", flat=True)[:50])
    rows = (Clue.objects.filter(pk__in=list(nearby)).values("township_id", "zone_id").annotate(n=Count("id"))
            .order_by("-n")[:5])
    return _majority(rows, "nearby", 0.75)


register_zone_resolver(by_gazetteer)
register_zone_resolver(by_same_address)
register_zone_resolver(by_nearby)
