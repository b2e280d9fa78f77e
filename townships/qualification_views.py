"""Pages of officer qualifications: the county / township list and one officer's record with entry forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from . import qualification_selectors as selectors
from . import qualifications as services
from .qualification_forms import CertificateReviewForm, ExamForm, QualificationFilterForm, TrainingForm

PER_PAGE = 50


@login_required
def qualification_list(request):
    """Officers with certificates: the year's annual review, training hours against the target, exams."""
    access.require(request.user, "org.view")
    form = QualificationFilterForm(request.GET or None, actor=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = filters.get("year") or timezone.localdate().year
    township = filters.get("township")
    if form.is_bound and not form.is_valid():
        officers = selectors.qualification_list(actor=request.user, year=year).none()
    else:
        officers = selectors.qualification_list(actor=request.user, year=year, township=township,
                                                review=filters.get("review") or None,
                                                below_target=filters.get("below_target", False))
    page = Paginator(officers, PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "townships/qualification_list.html", {
        "form": form, "page": page, "year": year, "township": township, "querystring": querystring.urlencode(),
        "summary": selectors.county_summary(actor=request.user, year=year, township=township),
    }, status=400 if form.errors else 200)


ENTRY_FORMS = {"review": CertificateReviewForm, "exam": ExamForm, "training": TrainingForm}


def _save(request, kind, form, officer):
    data = form.cleaned_data
    if kind == "review":
        services.certificate_review_record(actor=request.user, officer=officer, **data)
        return _("The annual review of %(name)s has been recorded.")
    if kind == "exam":
        services.exam_record(actor=request.user, officer=officer, **data)
        return _("The exam of %(name)s has been recorded.")
    services.training_record(actor=request.user, officer=officer, **data)
    return _("The training of %(name)s has been recorded.")


@login_required
def officer_qualifications(request, employee_number):
    access.require(request.user, "org.view")
    record = selectors.officer_qualifications(actor=request.user, employee_number=employee_number)
    can_manage = access.can(request.user, "qualification.manage")
    forms = {kind: cls(prefix=kind) for kind, cls in ENTRY_FORMS.items()} if can_manage else {}
    status = 200
    if request.method == "POST":
        access.require(request.user, "qualification.manage", obj=record.officer)
        kind = request.POST.get("kind")
        if kind not in ENTRY_FORMS:
            messages.error(request, _("Choose what to record."))
            return redirect("townships:officer_qualifications", employee_number=employee_number)
        form = forms[kind] = ENTRY_FORMS[kind](request.POST, prefix=kind)
        if form.is_valid():
            try:
                message = _save(request, kind, form, record.officer)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message % {"name": record.officer.name})
                return redirect("townships:officer_qualifications", employee_number=employee_number)
        status = 400
    return render(request, "townships/officer_qualifications.html", {
        "record": record, "officer": record.officer, "forms": forms, "can_manage": can_manage,
    }, status=status)
