from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from . import selectors, services
from .filters import OfficerFilter
from .forms import OfficerForm, ZoneCreateForm, ZoneEditForm, ZoneImportForm

OFFICERS_PER_PAGE = 50


@login_required
def township_list(request):
    access.require(request.user, "org.view")
    townships = selectors.township_list(actor=request.user)
    page = Paginator(townships, 50).get_page(request.GET.get("page"))
    return render(request, "townships/township_list.html", {
        "page": page,
        "can_manage": access.can(request.user, "org.manage"),
    })


@login_required
def township_detail(request, code):
    access.require(request.user, "org.view")
    detail = selectors.township_detail(actor=request.user, code=code)
    return render(request, "townships/township_detail.html", {
        "detail": detail,
        "township": detail.township,
        "can_manage": access.can(request.user, "org.manage"),
    })


@login_required
def officer_list(request):
    access.require(request.user, "org.view")
    filterset = OfficerFilter(request.GET or None, queryset=selectors.officers_visible_to(request.user),
                              actor=request.user)
    if not filterset.is_bound:
        officers = filterset.queryset
    elif filterset.is_valid():
        officers = filterset.qs
    else:  # the errors are shown next to the filter fields
        officers = filterset.queryset.none()
    page = Paginator(officers.order_by("employee_number"), OFFICERS_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "townships/officer_list.html", {
        "filter": filterset,
        "page": page,
        "querystring": querystring.urlencode(),
        "can_manage": access.can(request.user, "org.manage"),
    })


def _officer_form_page(request, *, officer=None):
    access.require(request.user, "org.manage")
    form = OfficerForm(request.POST or None, instance=officer, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if officer is None:
                saved = services.officer_create(actor=request.user, **data)
                messages.success(request, _("Officer %(name)s was added.") % {"name": saved.name})
            else:
                saved = services.officer_update(actor=request.user, officer=officer, **data)
                messages.success(request, _("Officer %(name)s was saved.") % {"name": saved.name})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(f"{reverse('townships:officer_list')}?search={saved.employee_number}")
    return render(request, "townships/officer_form.html", {"form": form, "officer": officer})


@login_required
def officer_create(request):
    return _officer_form_page(request)


@login_required
def officer_edit(request, employee_number):
    access.require(request.user, "org.manage")
    officer = selectors.officer_for_edit(actor=request.user, employee_number=employee_number)
    return _officer_form_page(request, officer=officer)


@login_required
def officer_export(request):
    from .api import officer_export_response

    filterset = OfficerFilter(request.GET or None, queryset=selectors.officers_visible_to(request.user),
                              actor=request.user)
    officers = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    return officer_export_response(request, officers)


@login_required
def officer_import(request):
    from .officer_file import COLUMNS, officers_import

    access.require(request.user, "org.manage")
    form = ZoneImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].label = _("Officer file (.xlsx or .csv)")
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created, updated, errors = officers_import(actor=request.user, content=upload.read(),
                                                       filename=upload.name)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not errors:
                messages.success(request, _("%(created)s officers added, %(updated)s updated.")
                                 % {"created": created, "updated": updated})
                return redirect("townships:officer_list")
    status = 400 if request.method == "POST" and (form.errors or errors) else 200
    return render(request, "townships/officer_import.html", {
        "form": form, "errors": errors, "columns": [str(header) for _name, header in COLUMNS]}, status=status)


# ---------------------------------------------------------------------------------------------- zones

ZONES_PER_PAGE = 50


@login_required
def zone_list(request):
    access.require(request.user, "org.view")
    zones = selectors.zone_list(actor=request.user, params=request.GET)
    page = Paginator(zones, ZONES_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "townships/zone_list.html", {
        "page": page,
        "townships": selectors.townships_visible_to(request.user).order_by("code"),
        "params": request.GET,
        "querystring": querystring.urlencode(),
        "can_manage": access.can(request.user, "org.manage"),
    })


@login_required
def zone_export(request):
    from .api import zone_export_response

    return zone_export_response(request, selectors.zone_list(actor=request.user, params=request.GET))


@login_required
def zone_create(request):
    access.require(request.user, "org.manage")
    form = ZoneCreateForm(request.POST or None, actor=request.user, initial={"township": request.GET.get("township")})
    if request.method == "POST" and form.is_valid():
        try:
            zone = services.zone_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zone %(name)s was added: now choose its responsible officers.")
                             % {"name": zone.name})
            return redirect("townships:zone_edit", code=zone.code)
    return render(request, "townships/zone_form.html", {"form": form, "zone": None},
                  status=400 if form.errors else 200)


@login_required
def zone_edit(request, code):
    access.require(request.user, "org.manage")
    zone = selectors.zone_for_edit(actor=request.user, code=code)
    form = ZoneEditForm(request.POST or None, actor=request.user, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.zone_update(actor=request.user, zone=zone, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zone %(name)s was saved.") % {"name": form.cleaned_data["name"]})
            return redirect(f"{reverse('townships:zone_list')}?township={zone.township.code}&status=all")
    return render(request, "townships/zone_form.html", {"form": form, "zone": zone},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def zone_retire(request, code):
    access.require(request.user, "org.manage")
    zone = selectors.zone_for_edit(actor=request.user, code=code)
    try:
        if request.POST.get("reinstate"):
            services.zone_reinstate(actor=request.user, zone=zone)
            messages.success(request, _("Zone %(name)s is in use again.") % {"name": zone.name})
        else:
            services.zone_retire(actor=request.user, zone=zone)
            messages.success(request, _("Zone %(name)s was retired.") % {"name": zone.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('townships:zone_list')}?township={zone.township.code}&status=all")


@login_required
def zone_import(request):
    access.require(request.user, "org.manage")
    form = ZoneImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.zones_import(actor=request.user, content=upload.read(), filename=upload.name)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.ok:
                messages.success(request, _("%(created)s zones added, %(updated)s updated.")
                                 % {"created": result.created, "updated": result.updated})
                return redirect(f"{reverse('townships:zone_list')}?status=all")
    status = 400 if request.method == "POST" and (form.errors or (result and result.errors)) else 200
    from .zones import COLUMNS

    return render(request, "townships/zone_import.html", {
        "form": form, "result": result, "columns": [str(header) for _name, header in COLUMNS],
    }, status=status)
