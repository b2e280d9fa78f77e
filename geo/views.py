"""Map pages: the map (/map/) and the boundaries page (upload / download GeoJSON)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors
from townships.models import Township, Zone

from . import selectors, services
from .coords import SYSTEMS, WGS84
from .forms import LAYERS, BoundaryUploadForm, MapFilterForm

OPEN_FIRST = {"state": "open", "status": "open"}


def map_filters(request):
    """(form, filters, layers) from the query string; invalid values are shown next to their field."""
    form = MapFilterForm(request.GET or None, townships=selectors.map_townships(request.user))
    filters, layers = {}, list(selectors.ALL_LAYERS)
    if request.GET and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False, []) and k != "layer"}
        layers = form.cleaned_data["layer"] or layers
    elif not request.GET:
        # The first view shows what needs attention: open clues and open cases (the filters show it).
        filters = dict(OPEN_FIRST)
        form = MapFilterForm(initial={"layer": layers, **filters}, townships=selectors.map_townships(request.user))
    return form, filters, layers


@never_cache
@login_required
def map_page(request):
    access.require(request.user, "map.view")
    form, filters, layers = map_filters(request)
    data = selectors.map_data(actor=request.user, filters=filters, layers=layers) if not form.errors else None
    own = access.township_of(request.user)
    tiles = {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
             "subdomains": settings.MAP_TILE_SUBDOMAINS or ["a", "b", "c"], "max_zoom": settings.MAP_TILE_MAX_ZOOM}
    return render(request, "geo/map.html", {
        "title": _("Map of %(township)s") % {"township": own.name} if own else _("Map"),
        "form": form, "data": data, "tiles": tiles, "layers": LAYERS,
        "counts": {k: len(data[k]) for k in ("clues", "cases", "subjects") if data and k in data},
        "can_manage": access.can(request.user, "boundary.manage"), "labels": _labels(),
        "can_gazetteer": access.can(request.user, "gazetteer.view"),
    })


def _labels():
    """The words map.js shows (legend, pop-ups), in the page's language."""
    return {"clues": _("Clues"), "cases": _("Cases"), "subjects": _("Subjects"), "zones": _("Zones"),
            "heat": _("Heat"), "load": _("Load"), "open_clues": _("open clues"), "open_cases": _("open cases"),
            "in_month": _("clues and cases in the month"), "township": _("Township"), "none": _("none"),
            "low": _("few"), "high": _("many"), "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out")}


@login_required
def boundaries_page(request):
    """Bureau staff upload GeoJSON outlines of zones or townships; everyone with the map may download."""
    access.require(request.user, "map.view")
    can_manage = access.can(request.user, "boundary.manage")
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.require(request.user, "boundary.manage")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.MAP_GEOJSON_MAX_BYTES:
                form.add_error("file", _("The file is larger than %(n)s MB.")
                               % {"n": round(settings.MAP_GEOJSON_MAX_BYTES / 1024 / 1024, 1)})
            else:
                try:
                    result = services.boundaries_import(actor=request.user, kind=form.cleaned_data["kind"],
                                                        raw=upload.read(),
                                                        system=form.cleaned_data["coordinate_system"])
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("Outlines saved: %(n)s.") % {"n": result["updated"]})
                    return redirect("geo:boundaries")
    zones = access.scope(Zone.objects.select_related("township").order_by("township__code", "code"), request.user)
    townships = access.scope(Township.objects.order_by("code"), request.user)
    return render(request, "geo/boundaries.html", {
        "form": form, "can_manage": can_manage,
        "zone_total": zones.count(), "zone_outlined": zones.filter(boundary__isnull=False).count(),
        "township_total": townships.count(),
        "township_outlined": townships.filter(boundary__isnull=False).count(),
        "missing": list(zones.filter(boundary__isnull=True)[:50]),
    })


@login_required
def boundaries_download(request, kind):
    access.require(request.user, "map.view")
    system = request.GET.get("coordinate_system") or WGS84
    if system not in SYSTEMS:
        system = WGS84
    try:
        collection = services.boundaries_export(actor=request.user, kind=kind, system=system)
    except ValidationError:
        return HttpResponse(_("Unknown kind of outline."), status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(json.dumps(collection, ensure_ascii=False), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{kind}s-{system}.geojson"'
    return response
