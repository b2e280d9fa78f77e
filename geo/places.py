"""Writes of the gazetteer (地名地址库): create, change, delete an entry; the all-or-nothing xlsx/CSV import
and the export in the same columns. Audited; scoped: township users keep their township's entries, county
staff every township's. Every write invalidates the matching index (geo.gazetteer)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import spreadsheets
from townships.models import Township, Zone

from . import gazetteer
from .coords import SYSTEMS, WGS84, clean_position, from_wgs84
from .models import Place, PlaceKind

MAX_IMPORT_ROWS = 20_000
MAX_EXPORT_ROWS = 50_000
MAX_ALIASES = 20
_SPLIT = re.compile(r"[、,，;；|\n]+")
KIND_WORDS = {"门牌": PlaceKind.HOUSE, "道路": PlaceKind.ROAD, "片区": PlaceKind.AREA, "乡镇": PlaceKind.TOWNSHIP}
WORD_OF_KIND = {kind: word for word, kind in KIND_WORDS.items()}

COLUMNS = [
    ("name", pgettext_lazy("gazetteer file", "Standard name")),
    ("aliases", pgettext_lazy("gazetteer file", "Aliases")),
    ("kind", pgettext_lazy("gazetteer file", "Kind")),
    ("township", pgettext_lazy("gazetteer file", "Township code")),
    ("zone", pgettext_lazy("gazetteer file", "Zone code")),
    ("latitude", pgettext_lazy("gazetteer file", "Latitude")),
    ("longitude", pgettext_lazy("gazetteer file", "Longitude")),
    ("number_from", pgettext_lazy("gazetteer file", "First house number")),
    ("number_to", pgettext_lazy("gazetteer file", "Last house number")),
    ("end_latitude", pgettext_lazy("gazetteer file", "End latitude")),
    ("end_longitude", pgettext_lazy("gazetteer file", "End longitude")),
]
REQUIRED = ("name", "kind", "township", "latitude", "longitude")
FIELDS = ("name", "aliases", "kind", "township", "zone", "latitude", "longitude", "number_from", "number_to",
          "end_latitude", "end_longitude")


def _aliases(value):
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else _SPLIT.split(str(value))
    result = []
    for item in items:
        text = str(item).strip()
        if "\x00" in text:
            raise ValidationError({"aliases": _("The text contains a NUL character.")})
        if len(text) > 200:
            raise ValidationError({"aliases": _("At most %(n)s characters.") % {"n": 200}})
        if text and text not in result:
            result.append(text)
    if len(result) > MAX_ALIASES:
        raise ValidationError({"aliases": _("At most %(n)s aliases.") % {"n": MAX_ALIASES}})
    return result


def _number(value, key):
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({key: _("Enter a whole number.")}) from None
    if not 0 < number < 100000:
        raise ValidationError({key: _("Enter a number between %(low)s and %(high)s.") % {"low": 1, "high": 99999}})
    return number


def _township(actor, value):
    if isinstance(value, Township):
        township = value
    else:
        code = str(value or "").strip()
        if not code:
            raise ValidationError({"township": _("This field is required.")})
        township = Township.objects.filter(code=code).first()
        if township is None:
            raise ValidationError({"township": _("Unknown code “%(code)s”.") % {"code": code}})
    if not access.may_act_in_township(actor, township):
        raise ValidationError({"township": _("You may keep gazetteer entries only for your own township.")})
    return township


def _zone(value, township):
    if value in (None, ""):
        return None
    zone = value if isinstance(value, Zone) else Zone.objects.filter(code=str(value).strip()).first()
    if zone is None:
        raise ValidationError({"zone": _("Unknown code “%(code)s”.") % {"code": value}})
    if zone.township_id != township.pk:
        raise ValidationError({"zone": _("The zone belongs to another township.")})
    return zone


def _apply(actor, place, data, system, *, check_unique=True):
    """Validate `data` (every field of FIELDS) onto `place` (not saved). Raises ValidationError."""
    if system not in SYSTEMS:
        raise ValidationError({"coordinate_system": _("Choose one of the listed options.")})
    name = str(data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    if len(name) > 200 or "\x00" in name:
        raise ValidationError({"name": _("At most %(n)s characters.") % {"n": 200}})
    if len(gazetteer.normalise(name)) < gazetteer.MIN_KEY:
        raise ValidationError({"name": _("A name needs at least two letters or digits.")})
    kind = data.get("kind")
    kind = KIND_WORDS.get(str(kind or "").strip(), kind)
    if kind not in PlaceKind.values:
        raise ValidationError({"kind": _("Choose one of the listed options.")})
    township = _township(actor, data.get("township"))
    zone = _zone(data.get("zone"), township)
    lat, lon = clean_position(data.get("latitude"), data.get("longitude"), system=system)
    if lat is None:
        raise ValidationError({"latitude": _("Give the point's latitude and longitude.")})
    end_lat, end_lon = clean_position(data.get("end_latitude"), data.get("end_longitude"), system=system,
                                      lat_field="end_latitude", lon_field="end_longitude")
    place.name, place.aliases, place.kind, place.township, place.zone = name, _aliases(data.get("aliases")), \
        kind, township, zone
    place.latitude, place.longitude, place.end_latitude, place.end_longitude = lat, lon, end_lat, end_lon
    place.number_from = _number(data.get("number_from"), "number_from")
    place.number_to = _number(data.get("number_to"), "number_to")
    place.full_clean(exclude=["township", "zone"], validate_unique=False, validate_constraints=False)
    if not check_unique:
        return place
    others = Place.objects.filter(township=township, name=name)
    if place.pk:
        others = others.exclude(pk=place.pk)
    if others.exists():
        raise ValidationError({"name": _("This township already has an entry named %(name)s.") % {"name": name}})
    return place


def _snapshot(place):
    return {"name": place.name, "kind": place.kind, "township": place.township.code,
            "zone": place.zone.code if place.zone_id else "", "aliases": place.aliases,
            "latitude": str(place.latitude), "longitude": str(place.longitude)}


@transaction.atomic
def place_create(*, actor, coordinate_system=WGS84, **data):
    access.require(actor, "gazetteer.manage")
    place = _apply(actor, Place(), data, coordinate_system)
    place.save()
    gazetteer.invalidate()
    audit.record("geo.place_created", actor=actor, obj=place, **_snapshot(place))
    return place


def _editable(actor, place):
    access.require(actor, "gazetteer.manage")
    place = (Place.objects.select_for_update(of=("self",)).select_related("township", "zone")
             .filter(pk=place.pk).first())
    if place is None or not access.may_act_in_township(actor, place.township):
        raise PermissionDenied(_("This record is outside your area of responsibility."))
    return place


@transaction.atomic
def place_update(*, actor, place, coordinate_system=WGS84, **changes):
    """Change an entry; fields not given keep their values."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    place = _editable(actor, place)
    before = _snapshot(place)
    current = {"name": place.name, "aliases": place.aliases, "kind": place.kind, "township": place.township,
               "zone": place.zone, "number_from": place.number_from, "number_to": place.number_to}
    lat, lon = from_wgs84(place.latitude, place.longitude, coordinate_system) if coordinate_system in SYSTEMS \
        else (place.latitude, place.longitude)
    current.update(latitude=lat, longitude=lon)
    if place.end_latitude is not None:
        e_lat, e_lon = from_wgs84(place.end_latitude, place.end_longitude, coordinate_system) \
            if coordinate_system in SYSTEMS else (place.end_latitude, place.end_longitude)
        current.update(end_latitude=e_lat, end_longitude=e_lon)
    current.update(changes)
    _apply(actor, place, current, coordinate_system)
    place.save()
    gazetteer.invalidate()
    after = _snapshot(place)
    audit.record("geo.place_updated", actor=actor, obj=place,
                 changed={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return place


@transaction.atomic
def place_delete(*, actor, place):
    place = _editable(actor, place)
    snapshot = _snapshot(place)
    place.delete()
    gazetteer.invalidate()
    audit.record("geo.place_deleted", actor=actor, **snapshot)


# ---- export and import ----------------------------------------------------------------------------------

def export_headers():
    return [str(header) for _f, header in COLUMNS]


def export_rows(places, system=WGS84):
    for p in places:
        lat, lon = from_wgs84(p.latitude, p.longitude, system)
        end = from_wgs84(p.end_latitude, p.end_longitude, system) if p.end_latitude is not None else ("", "")
        yield [p.name, "、".join(p.aliases or []), WORD_OF_KIND.get(p.kind, p.kind), p.township.code,
               p.zone.code if p.zone_id else "", _fmt(lat), _fmt(lon), p.number_from or "", p.number_to or "",
               _fmt(end[0]), _fmt(end[1])]


def _fmt(value):
    return "" if value in (None, "") else str(Decimal(repr(float(value))).quantize(Decimal("0.000001")))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)  # (row, column header or "", message)

    @property
    def ok(self):
        return not self.errors

    def add(self, row, column, message):
        self.errors.append((row, column, str(message)))


def _header_map():
    names = {}
    for name, header in COLUMNS:
        names[str(header)] = name
        names[name] = name
    return names


def _messages(error):
    if hasattr(error, "error_dict"):
        return [(key, str(m)) for key, messages in error.message_dict.items() for m in messages]
    return [("", str(m)) for m in error.messages]


@transaction.atomic
def places_import(*, actor, content, filename="", coordinate_system=WGS84):
    """Create or update entries (by township code and standard name) from xlsx/CSV in the export's columns.
    Any row error → nothing written; errors name the row and the column in Chinese."""
    access.require(actor, "gazetteer.manage")
    result = ImportResult()
    labels = {name: str(header) for name, header in COLUMNS}
    if coordinate_system not in SYSTEMS:
        result.add(1, "", _("Choose one of the listed options."))
        return result
    rows = spreadsheets.read_rows(content, filename)
    if not rows or not any(rows[0]):
        result.add(1, "", _("The file is empty."))
        return result
    known = _header_map()
    header = [known.get(str(cell).strip()) for cell in rows[0]]
    missing = [labels[c] for c in REQUIRED if c not in header]
    if missing:
        result.add(1, "", _("Missing columns: %(columns)s") % {"columns": "、".join(missing)})
        return result
    data_rows = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cells)]
    if not data_rows:
        result.add(2, "", _("The file has no data rows."))
        return result
    if len(data_rows) > MAX_IMPORT_ROWS:
        result.add(1, "", _("At most %(n)s rows per import.") % {"n": MAX_IMPORT_ROWS})
        return result
    existing = {(p.township.code, p.name): p for p in access.scope(Place.objects.select_related("township"), actor)}
    townships = {t.code: t for t in Township.objects.all()}
    zones = {z.code: z for z in Zone.objects.all()}
    seen, writes = {}, []
    for number, cells in data_rows:
        row = {header[i]: str(cells[i]).strip() for i in range(min(len(header), len(cells))) if header[i]}
        key = (row.get("township", ""), row.get("name", ""))
        row["township"] = townships.get(key[0], key[0])
        row["zone"] = zones.get(row.get("zone", ""), row.get("zone", ""))
        if key in seen:
            result.add(number, labels["name"], _("Duplicate of row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        place = existing.get(key) or Place()
        try:
            _apply(actor, place, row, coordinate_system, check_unique=False)
        except ValidationError as error:
            for field_name, message in _messages(error):
                result.add(number, labels.get(field_name, ""), message)
            continue
        writes.append(place)
    if result.errors:
        return result
    for place in writes:
        if place.pk:
            result.updated += 1
        else:
            result.created += 1
        place.save()
    gazetteer.invalidate()
    audit.record("geo.places_imported", actor=actor, created=result.created, updated=result.updated,
                 filename=str(filename)[:100], coordinate_system=coordinate_system)
    return result
