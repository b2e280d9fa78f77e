from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enforcement.accounts import access

from .. import selectors, services
from ..forms import ImportForm
from ..models import Industry, RiskLevel
from ..services.subjects import TEMPLATE_HEADER
from .common import paginate


@login_required
def subject_list(request):
    access.require(request.user, "plan.view")
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "township", "industry", "risk_level")}
    page, querystring = paginate(request, selectors.subject_list(actor=request.user, filters=filters))
    return render(request, "planning/subject_list.html", {
        "page": page, "querystring": querystring, "filters": filters, "industries": Industry.objects.all(),
        "risk_levels": RiskLevel.choices, "can_manage": access.can(request.user, "subject.manage"),
    })


@login_required
def subject_detail(request, uscc):
    access.require(request.user, "plan.view")
    subject = get_object_or_404(selectors.subject_list(actor=request.user), uscc=uscc)
    inspections = selectors.inspection_queryset(actor=request.user).filter(subject=subject)[:50]
    tasks = selectors.task_queryset(actor=request.user).filter(subjects=subject).order_by("-date")[:50]
    return render(request, "planning/subject_detail.html", {
        "subject": subject, "inspections": inspections, "tasks": tasks})


@login_required
def subject_import(request):
    access.require(request.user, "subject.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        from django.core.exceptions import ValidationError

        try:
            result = services.subjects_import(actor=request.user, uploaded=form.cleaned_data["file"],
                                              filename=form.cleaned_data["file"].name)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            if result.ok:
                messages.success(request, _("Import done: %(created)s created, %(updated)s updated.") % {
                    "created": result.created, "updated": result.updated})
                return redirect("planning:subject_list")
    return render(request, "planning/subject_import.html", {
        "form": form, "result": result, "header": TEMPLATE_HEADER})
