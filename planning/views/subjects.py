from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors
from townships.models import Officer

from .. import selectors, services
from ..forms import ConflictForm, ImportForm, SubjectForm
from ..models import Industry, RiskLevel, Subject
from ..services.subjects import TEMPLATE_HEADER
from ..subject_file import subject_file
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
def subject_export(request):
    from ..services.subjects import subjects_export_response

    filters = {k: request.GET.get(k, "").strip() for k in ("q", "township", "industry", "risk_level")}
    return subjects_export_response(actor=request.user, queryset=selectors.subject_list(actor=request.user,
                                                                                         filters=filters),
                                    file_format=request.GET.get("file_format", "xlsx"))


@login_required
def subject_detail(request, uscc):
    access.require(request.user, "plan.view")
    file = subject_file(actor=request.user, uscc=uscc)
    subject = file.subject
    conflicts = selectors.conflict_list(actor=request.user).filter(subject=subject)[:50]
    return render(request, "planning/subject_detail.html", {
        "subject": subject, "file": file, "inspections": file.inspections, "tasks": file.tasks,
        "can_cases": access.can(request.user, "case.view"), "can_clues": access.can(request.user, "clue.view"),
        "can_manage": access.can(request.user, "subject.manage"),
        "can_credit": access.can(request.user, "credit.view") and access.can(request.user, "case.view"),
        "can_credit_record": access.can(request.user, "credit.record"),
        "can_conflicts": access.can(request.user, "draw.run"),
        "conflicts": conflicts if access.can(request.user, "draw.run") else []})


@login_required
def subject_create(request):
    access.require(request.user, "subject.manage")
    form = SubjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subject = services.subject_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Subject %(name)s was created.") % {"name": subject.name})
            return redirect("planning:subject_detail", uscc=subject.uscc)
    return render(request, "planning/subject_form.html", {"form": form})


@login_required
def subject_edit(request, uscc):
    access.require(request.user, "subject.manage")
    subject = get_object_or_404(selectors.subject_list(actor=request.user), uscc=uscc)
    form = SubjectForm(request.POST or None, subject=subject)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_update(actor=request.user, subject=subject, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The subject was saved."))
            return redirect("planning:subject_detail", uscc=subject.uscc)
    return render(request, "planning/subject_form.html", {"form": form, "subject": subject})


@login_required
def conflict_list(request):
    """回避: conflicts of interest between officers and subjects; a drawn officer never has one."""
    access.require(request.user, "draw.run")
    form = ConflictForm(request.POST or None, initial={"subject": request.GET.get("subject", "")},
                        officers=access.scope(Officer.objects.active(), request.user),
                        subjects=access.scope(Subject.objects.all(), request.user))
    if request.method == "POST" and form.is_valid():
        try:
            conflict = services.conflict_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conflict of %(officer)s with %(subject)s was recorded.") % {
                "officer": conflict.officer.name, "subject": conflict.subject.name})
            return redirect("planning:conflict_list")
    filters = {k: request.GET.get(k, "").strip() for k in ("officer", "subject")}
    page, querystring = paginate(request, selectors.conflict_list(actor=request.user, filters=filters))
    return render(request, "planning/conflict_list.html", {
        "form": form, "page": page, "querystring": querystring, "filters": filters})


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
