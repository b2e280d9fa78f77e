"""Writes of the geo app: boundary import (GeoJSON) for zones and townships; the export beside it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from townships.models import Township, Zone

from . import zones
from .coords import SYSTEMS, WGS84
from .geojson import feature_collection, parse_boundaries

KINDS = {"zone": Zone, "township": Township}


def _model(kind):
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose one of the listed options.")})
    return KINDS[kind]


@transaction.atomic
def boundaries_import(*, actor, kind, raw, system=WGS84):
    """Set the boundaries of the zones (or townships) named in a GeoJSON file. All-or-nothing; returns
    {"updated": n, "codes": [...]}. Features may only name rows within the actor's scope."""
    access.require(actor, "boundary.manage")
    model = _model(kind)
    if system not in SYSTEMS:
        raise ValidationError({"coordinate_system": _("Choose one of the listed options.")})
    if raw is None or len(raw) == 0:
        raise ValidationError({"file": _("Choose a GeoJSON file.")})
    if len(raw) > settings.MAP_GEOJSON_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than %(n)s MB.")
                               % {"n": round(settings.MAP_GEOJSON_MAX_BYTES / 1024 / 1024, 1)}})
    geometries = parse_boundaries(raw, system=system)
    rows = {row.code: row for row in access.scope(model.objects.all(), actor).filter(code__in=list(geometries))
            .select_for_update()}
    unknown = [code for code in geometries if code not in rows]
    if unknown:
        label = _("zone") if kind == "zone" else _("township")
        raise ValidationError({"file": [_("Unknown %(kind)s code “%(code)s”.") % {"kind": label, "code": code}
                                        for code in unknown[:20]]})
    for code, geometry in geometries.items():
        row = rows[code]
        row.boundary = geometry
        row.save(update_fields=["boundary"])
    zones.invalidate()
    audit.record("geo.boundaries_import", actor=actor, kind=kind, codes=sorted(geometries), system=system)
    return {"updated": len(geometries), "codes": sorted(geometries)}


@transaction.atomic
def boundary_clear(*, actor, kind, code):
    access.require(actor, "boundary.manage")
    row = access.scope(_model(kind).objects.all(), actor).filter(code=code).select_for_update().first()
    if row is None:
        raise ValidationError({"code": _("Unknown code “%(code)s”.") % {"code": code}})
    row.boundary = None
    row.save(update_fields=["boundary"])
    zones.invalidate()
    audit.record("geo.boundary_clear", actor=actor, obj=row, kind=kind, code=code)


def boundaries_export(*, actor, kind, system=WGS84):
    """The boundaries within the actor's scope as a FeatureCollection (in `system`), import format."""
    access.require(actor, "map.view")
    model = _model(kind)
    if system not in SYSTEMS:
        raise ValidationError({"coordinate_system": _("Choose one of the listed options.")})
    queryset = access.scope(model.objects.all(), actor).filter(boundary__isnull=False)
    if kind == "zone":
        rows = [(z.boundary, {"code": z.code, "name": z.name, "township": z.township.code,
                              "township_name": z.township.name})
                for z in queryset.select_related("township").order_by("code")]
    else:
        rows = [(t.boundary, {"code": t.code, "name": t.name}) for t in queryset.order_by("code")]
    return feature_collection(rows, system)
