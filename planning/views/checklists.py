"""监管一件事 checklists and industries: the register pages (read by every planning role, kept by checklist.manage)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from ..forms import ChecklistChangeForm, ChecklistForm, ChecklistImportForm, IndustryForm
from ..models import Checklist, Industry
from ..services import checklists as services
from .common import paginate


def _checklists(params):
    qs = Checklist.objects.select_related("industry").annotate(point_count=Count("points")).order_by("series",
                                                                                                     "-version")
    status = params.get("status") or "current"
    if status == "current":
        qs = qs.filter(is_active=True)
    elif status == "retired":
        qs = qs.filter(is_active=False, retired_on__isnull=False)
    if params.get("industry"):
        qs = qs.filter(industry__code=params["industry"])
    text = str(params.get("q") or "").strip()[:50]
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(name__icontains=text))
    return qs


@login_required
def checklist_list(request):
    access.require(request.user, "plan.view")
    page, querystring = paginate(request, _checklists(request.GET))
    return render(request, "planning/checklist_list.html", {
        "page": page, "querystring": querystring, "params": request.GET,
        "industries": Industry.objects.order_by("code"),
        "can_manage": access.can(request.user, "checklist.manage"),
    })


@login_required
def checklist_detail(request, code):
    access.require(request.user, "plan.view")
    checklist = get_object_or_404(Checklist.objects.select_related("industry"), code=code)
    versions = (Checklist.objects.filter(series=checklist.series).annotate(task_count=Count("week_tasks"))
                .order_by("-version"))
    return render(request, "planning/checklist_detail.html", {
        "checklist": checklist, "points": checklist.points.select_related("item").order_by("order"),
        "versions": versions, "in_use": services.checklist_in_use(checklist),
        "can_manage": access.can(request.user, "checklist.manage"),
    })


@login_required
def checklist_create(request):
    access.require(request.user, "checklist.manage")
    form = ChecklistForm(request.POST or None, initial={"industry": request.GET.get("industry")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["points"] = services.parse_points_text(data["points"])
        try:
            checklist = services.checklist_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Checklist %(name)s was created.") % {"name": checklist.name})
            return redirect("planning:checklist_detail", code=checklist.code)
    return render(request, "planning/checklist_form.html", {"form": form, "checklist": None},
                  status=400 if form.errors else 200)


@login_required
def checklist_edit(request, code):
    """Change the current version: in place while no task or inspection used it, otherwise as the next version."""
    access.require(request.user, "checklist.manage")
    checklist = get_object_or_404(Checklist.objects.select_related("industry"), code=code, is_active=True)
    in_use = services.checklist_in_use(checklist)
    form = ChecklistChangeForm(request.POST or None, initial={
        "name": checklist.name, "points": services.points_text(checklist)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["points"] = services.parse_points_text(data["points"])
        try:
            if in_use:
                saved = services.checklist_new_version(actor=request.user, checklist=checklist, **data)
                messages.success(request, _("Version %(version)s of %(name)s was created; tasks planned with earlier "
                                            "versions keep theirs.") % {"version": saved.version, "name": saved.name})
            else:
                saved = services.checklist_update(actor=request.user, checklist=checklist, **data)
                messages.success(request, _("Checklist %(name)s was saved.") % {"name": saved.name})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("planning:checklist_detail", code=saved.code)
    return render(request, "planning/checklist_form.html", {"form": form, "checklist": checklist, "in_use": in_use},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def checklist_retire(request, code):
    access.require(request.user, "checklist.manage")
    checklist = get_object_or_404(Checklist, code=code)
    try:
        if request.POST.get("reinstate"):
            checklist = services.checklist_reinstate(actor=request.user, checklist=checklist)
            messages.success(request, _("Checklist %(name)s is in use again.") % {"name": checklist.name})
        else:
            checklist = services.checklist_retire(actor=request.user, checklist=checklist)
            messages.success(request, _("Checklist %(name)s was retired.") % {"name": checklist.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("planning:checklist_detail", code=checklist.code)


@login_required
def checklist_export(request):
    from ..checklist_api import checklist_export_response

    return checklist_export_response(request, _checklists(request.GET))


@login_required
def checklist_import(request):
    access.require(request.user, "checklist.manage")
    form = ChecklistImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.checklists_import(actor=request.user, content=upload.read(), filename=upload.name)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.ok:
                messages.success(request, _("%(created)s checklists added, %(updated)s changed, %(versioned)s given a "
                                            "new version, %(unchanged)s unchanged.") % {
                    "created": result.created, "updated": result.updated, "versioned": result.versioned,
                    "unchanged": result.unchanged})
                return redirect("planning:checklist_list")
    status = 400 if request.method == "POST" and (form.errors or (result and result.errors)) else 200
    return render(request, "planning/checklist_import.html", {
        "form": form, "result": result, "columns": services.export_headers()}, status=status)


@login_required
def industry_list(request):
    access.require(request.user, "plan.view")
    industries = (Industry.objects.prefetch_related("departments")
                  .annotate(subject_count=Count("subjects", distinct=True),
                            checklist_count=Count("checklists", filter=Q(checklists__is_active=True), distinct=True))
                  .order_by("code"))
    page, querystring = paginate(request, industries)
    return render(request, "planning/industry_list.html", {
        "page": page, "querystring": querystring, "can_manage": access.can(request.user, "checklist.manage")})


def _industry_form(request, industry=None):
    access.require(request.user, "checklist.manage")
    form = IndustryForm(request.POST or None, industry=industry)
    if request.method == "POST" and form.is_valid():
        try:
            if industry is None:
                saved = services.industry_create(actor=request.user, **form.cleaned_data)
            else:
                saved = services.industry_update(actor=request.user, industry=industry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Industry %(name)s was saved.") % {"name": saved.name})
            return redirect(reverse("planning:industry_list"))
    return render(request, "planning/industry_form.html", {"form": form, "industry": industry},
                  status=400 if form.errors else 200)


@login_required
def industry_create(request):
    return _industry_form(request)


@login_required
def industry_edit(request, code):
    access.require(request.user, "checklist.manage")
    return _industry_form(request, get_object_or_404(Industry, code=code))
