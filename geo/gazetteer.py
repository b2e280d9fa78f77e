"""Matching an address against the bureau's gazetteer (地名地址库, ADR 0019): offline, no network.

1. The address is normalised: NFKC (full-width → half-width), lower case, no spaces or punctuation, and the
   house forms unified (“12号楼”, “12栋”, “12座”, “12#” → “12幢”; “12-3号” keeps its first number).
2. Every substring of the address that is an entry's name or alias is a hit (a dict lookup per substring: the
   index is built once per process from one query and rebuilt when a write bumps the version in the cache).
3. If the record's township is known, only its entries count; else, if the address names a township (an
   entry of kind 乡镇 or a township's own name), entries in the townships it names win.
4. The best hit is the most precise (门牌, then a road's numbered stretch by interpolation, 道路, 片区, 乡镇),
   then the longest name, then the earliest in the address. Hits that tie but are different places in
   different spots are ambiguous: that level is skipped rather than guessed.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache

from townships.models import Township

from .models import KIND_PRECISION, PRECISION_RANK, Place, PlaceKind, Precision

VERSION_KEY = "geo:gazetteer:version"
MIN_KEY = 2
_built = {}
_Q = Decimal("0.000001")

_HOUSE_FORMS = [
    (re.compile(r"(\d+)\s*(?:号楼|栋|座|幢|#)"), r"\1幢"),
    (re.compile(r"(\d+)\s*-\s*\d+\s*号"), r"\1号"),
    (re.compile(r"(\d+)\s*號"), r"\1号"),
]
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_NUMBER_AFTER = re.compile(r"^(\d{1,5})号")
TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")


def normalise(text):
    """'东城街道 中山路１２号楼' → '东城街道中山路12幢'."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    for pattern, replacement in _HOUSE_FORMS:
        text = pattern.sub(replacement, text)
    return _NOT_WORD.sub("", text)[:300]


@dataclass(frozen=True)
class _Entry:
    id: int
    name: str
    kind: str
    township_id: int
    zone_id: int | None
    latitude: float
    longitude: float
    numbers: tuple | None  # (from, to, end latitude, end longitude) of a road's numbered stretch


@dataclass(frozen=True)
class _Index:
    keys: dict  # normalised name or alias -> [_Entry]
    townships: dict  # normalised township name (and its core) -> township id
    longest: int


@dataclass(frozen=True)
class Match:
    latitude: Decimal
    longitude: Decimal
    precision: str
    matched: str
    place_id: int
    township_id: int
    zone_id: int | None


def invalidate():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _built.clear()


def _build():
    keys, longest = {}, MIN_KEY
    rows = Place.objects.values_list("id", "name", "aliases", "kind", "township_id", "zone_id", "latitude",
                                     "longitude", "number_from", "number_to", "end_latitude", "end_longitude")
    for pk, name, aliases, kind, township_id, zone_id, lat, lon, n_from, n_to, e_lat, e_lon in rows.iterator():
        numbers = (n_from, n_to, float(e_lat), float(e_lon)) if None not in (n_from, n_to, e_lat, e_lon) else None
        entry = _Entry(pk, name, kind, township_id, zone_id, float(lat), float(lon), numbers)
        for word in {normalise(w) for w in [name, *(aliases or [])]}:
            if len(word) >= MIN_KEY:
                keys.setdefault(word, []).append(entry)
                longest = max(longest, len(word))
    townships = {}
    for pk, name in Township.objects.values_list("id", "name"):
        for word in {normalise(name), normalise(_core(name))}:
            if len(word) >= MIN_KEY:
                townships.setdefault(word, pk)
    return _Index(keys=keys, townships=townships, longest=longest)


def _core(name):
    for suffix in TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _index():
    key = cache.get(VERSION_KEY, 0)
    found = _built.get(key)
    if found is None:
        _built.clear()
        found = _built[key] = _build()
    return found


def _interpolate(entry, number):
    n_from, n_to, e_lat, e_lon = entry.numbers
    if not n_from <= number <= n_to:
        return None
    t = (number - n_from) / (n_to - n_from)
    return entry.latitude + t * (e_lat - entry.latitude), entry.longitude + t * (e_lon - entry.longitude)


def match(address, *, township_id=None, index=None):
    """The best gazetteer answer for `address` (a Match), or None. `township_id`: the record's township."""
    key = normalise(address)
    if len(key) < MIN_KEY:
        return None
    index = index or _index()
    hits, named = [], set()
    for i in range(len(key)):
        for j in range(i + MIN_KEY, min(len(key), i + index.longest) + 1):
            word = key[i:j]
            if word in index.townships:
                named.add(index.townships[word])
            for entry in index.keys.get(word, ()):
                hits.append((entry, i, j))
                if entry.kind == PlaceKind.TOWNSHIP:
                    named.add(entry.township_id)
    if township_id is not None:
        hits = [h for h in hits if h[0].township_id == township_id]
    elif named and any(h[0].township_id in named for h in hits):
        hits = [h for h in hits if h[0].township_id in named]
    candidates = {}
    for entry, start, end in hits:
        precision, point = KIND_PRECISION[entry.kind], (entry.latitude, entry.longitude)
        if entry.numbers:
            number = _NUMBER_AFTER.match(key[end:])
            placed = _interpolate(entry, int(number.group(1))) if number else None
            if placed is not None:
                precision, point = Precision.INTERPOLATED, placed
        rank = (PRECISION_RANK[precision], end - start, -start)
        candidates.setdefault(rank, {})[(entry.id, point)] = (entry, precision, point)
    for rank in sorted(candidates, reverse=True):
        group = candidates[rank]
        if len({point for _id, point in group}) > 1:
            continue  # ambiguous: different places of the same precision and name length
        entry, precision, (lat, lon) = min(group.values(), key=lambda c: c[0].id)
        return Match(latitude=Decimal(repr(lat)).quantize(_Q), longitude=Decimal(repr(lon)).quantize(_Q),
                     precision=precision, matched=entry.name, place_id=entry.id, township_id=entry.township_id,
                     zone_id=entry.zone_id)
    return None
