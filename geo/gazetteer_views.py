"""The gazetteer pages (地名地址库, /map/gazetteer/): the list with a “try an address” box, add / edit / delete an
entry, the xlsx/CSV import and export. Scoped like the API: township users their township's entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors
from townships.models import Township

from . import places, selectors
from .forms import GeocodeTryForm, PlaceForm, PlaceImportForm
from .geocoder import gazetteer_geocode
from .models import Place, PlaceKind

PER_PAGE = 50


def _townships(user):
    townships = Township.objects.order_by("code")
    if access.sees_all_townships(user):
        return list(townships)
    return list(townships.filter(pk__in=access.served_township_ids(user)))


@login_required
def gazetteer_list(request):
    places_qs = selectors.place_list(actor=request.user, params=request.GET)
    page = Paginator(places_qs, PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    try_form = GeocodeTryForm(request.GET if "address" in request.GET else None)
    tried = None
    if try_form.is_bound and try_form.is_valid() and try_form.cleaned_data["address"]:
        tried = {"address": try_form.cleaned_data["address"],
                 "result": gazetteer_geocode(try_form.cleaned_data["address"],
                                             township=access.township_of(request.user))}
    return render(request, "geo/gazetteer_list.html", {
        "page": page, "params": request.GET, "querystring": querystring.urlencode(),
        "townships": _townships(request.user), "kinds": PlaceKind.choices, "try_form": try_form, "tried": tried,
        "can_manage": access.can(request.user, "gazetteer.manage"),
    })


def _place(request, pk):
    place = access.scope(Place.objects.select_related("township", "zone"), request.user).filter(pk=pk).first()
    if place is None:
        raise Http404(_("No such gazetteer entry in your area."))
    return place


def _initial(place):
    return {"name": place.name, "aliases": "、".join(place.aliases or []), "kind": place.kind,
            "township": place.township.code, "zone": place.zone.code if place.zone_id else "",
            "latitude": place.latitude, "longitude": place.longitude, "number_from": place.number_from or "",
            "number_to": place.number_to or "", "end_latitude": place.end_latitude or "",
            "end_longitude": place.end_longitude or ""}


def _back(place=None):
    url = reverse("geo:gazetteer")
    return f"{url}?township={place.township.code}" if place is not None else url


@login_required
def place_form(request, pk=None):
    access.require(request.user, "gazetteer.manage")
    place = _place(request, pk) if pk is not None else None
    townships = _townships(request.user)
    initial = _initial(place) if place else {"township": request.GET.get("township", "")}
    form = PlaceForm(request.POST or None, initial=initial, townships=townships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if place is None:
                saved = places.place_create(actor=request.user, **data)
            else:
                saved = places.place_update(actor=request.user, place=place, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Gazetteer entry %(name)s was saved.") % {"name": saved.name})
            return redirect(_back(saved))
    return render(request, "geo/place_form.html", {"form": form, "place": place},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def place_delete(request, pk):
    access.require(request.user, "gazetteer.manage")
    place = _place(request, pk)
    places.place_delete(actor=request.user, place=place)
    messages.success(request, _("Gazetteer entry %(name)s was deleted.") % {"name": place.name})
    return redirect(_back(place))


@login_required
def gazetteer_export(request):
    return selectors.places_export_response(request, selectors.place_list(actor=request.user, params=request.GET))


@login_required
def gazetteer_import(request):
    access.require(request.user, "gazetteer.manage")
    form = PlaceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = places.places_import(actor=request.user, content=upload.read(), filename=upload.name,
                                          coordinate_system=form.cleaned_data["coordinate_system"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.ok:
                messages.success(request, _("%(created)s gazetteer entries added, %(updated)s updated.")
                                 % {"created": result.created, "updated": result.updated})
                return redirect("geo:gazetteer")
    status = 400 if request.method == "POST" and (form.errors or (result and result.errors)) else 200
    return render(request, "geo/gazetteer_import.html", {
        "form": form, "result": result, "columns": places.export_headers(),
    }, status=status)
