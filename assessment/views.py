"""Assessment pages: the 晾晒 index with its weights, the weights, officers' results, complaints."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.accounts.models import Role
from enforcement.audit import services as audit
from enforcement.core.forms import add_service_errors

from . import exports, mine, services
from .forms import ComplaintDecisionForm, ComplaintForm, OfficerFilterForm, PeriodForm, ScoreForm, WeightsForm
from .index import INDICATORS, department_index, township_index, weights
from .models import IndexIndicator, OfficerAssessment, OfficerComplaint, PointEntry, Unit
from .officers import POINT_LABELS
from .periods import parse_period, period_of

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _last_month():
    last = timezone.localdate().replace(day=1) - timedelta(days=1)
    return period_of("month", last.replace(day=1))


def _period(request, form):
    """The period asked for, or last month; (period, error)."""
    text = (request.GET.get("period") or "").strip()
    if not text:
        return _last_month(), None
    try:
        return parse_period(text), None
    except ValidationError as error:
        form.add_error("period", error.message_dict["period"])
        return _last_month(), error


def _indicator_labels(unit):
    return [(str(name), IndexIndicator(name).label) for name in INDICATORS[unit]]


def _with_cells(rows, unit):
    """Each row's rates in column order, labelled (the table reads as cards on phones)."""
    labels = _indicator_labels(unit)
    for row in rows:
        row.cells = [(label, row.rates.get(name)) for name, label in labels]
    return rows


@login_required
def index(request):
    """晾晒: townships and departments ranked on the weighted index of rates, weights shown."""
    access.require(request.user, "assessment.view")
    form = PeriodForm(request.GET or None)
    period, error = _period(request, form)
    townships, township_weights = township_index(actor=request.user, start=period.start, end=period.as_of())
    departments, department_weights = department_index(actor=request.user, start=period.start, end=period.as_of())
    return render(request, "assessment/index.html", {
        "form": form, "period": period, "townships": _with_cells(townships, Unit.TOWNSHIP),
        "departments": _with_cells(departments, Unit.DEPARTMENT),
        "township_columns": [(n, label, township_weights[n]) for n, label in _indicator_labels(Unit.TOWNSHIP)],
        "department_columns": [(n, label, department_weights[n]) for n, label in _indicator_labels(Unit.DEPARTMENT)],
        "partial": period.end > timezone.localdate(),
        "can_configure": access.can(request.user, "assessment.configure"),
    }, status=400 if error else 200)


@login_required
def index_export(request):
    access.require(request.user, "assessment.view")
    period, error = _period(request, PeriodForm())
    townships, township_weights = township_index(actor=request.user, start=period.start, end=period.as_of())
    departments, department_weights = department_index(actor=request.user, start=period.start, end=period.as_of())
    content = exports.index_xlsx(period, [(Unit.TOWNSHIP, townships, township_weights),
                                          (Unit.DEPARTMENT, departments, department_weights)])
    audit.record("assessment.index_exported", actor=request.user, period=period.key)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="assessment-index-{period.key}.xlsx"'
    return response


@login_required
def weights_edit(request, unit):
    access.require(request.user, "assessment.configure")
    if unit not in Unit.values:
        return redirect("assessment:index")
    form = WeightsForm(request.POST or None, unit=unit, initial_weights=weights(unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_update(actor=request.user, unit=unit, weights=form.weights())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The index weights have been saved."))
            return redirect("assessment:index")
    return render(request, "assessment/weights.html", {"form": form, "unit": Unit(unit)},
                  status=400 if form.errors else 200)


@login_required
def officer_list(request):
    access.require(request.user, "assessment.view")
    form = OfficerFilterForm(request.GET or None, actor=request.user)
    period, error = _period(request, form)
    rows = access.scope(OfficerAssessment.objects.all(), request.user).filter(
        period_kind=period.kind, period_start=period.start).select_related("officer", "township", "department")
    township = form.cleaned_data.get("township") if form.is_bound and form.is_valid() else None
    if township is not None:
        rows = rows.filter(township=township)
    page = Paginator(rows.order_by("-total", "officer__employee_number"), PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "assessment/officer_list.html", {
        "form": form, "period": period, "page": page, "querystring": querystring.urlencode(),
        "can_compute": access.can(request.user, "assessment.compute"),
    }, status=400 if error or form.errors else 200)


@login_required
@require_POST
def officer_compute(request):
    access.require(request.user, "assessment.compute")
    try:
        period = parse_period(request.POST.get("period", ""))
        results = services.assessment_compute_all(actor=request.user, period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:officers")
    messages.success(request, _("%(n)s results computed for %(period)s.") % {"n": len(results),
                                                                              "period": period.label})
    return redirect(f"{reverse('assessment:officers')}?period={period.key}")


def _score_fields(user, assessment):
    if user.role == Role.STAFF:
        return {"township_score", "department_score", "township_weight"} if assessment.township_id else {
            "department_score"}
    if user.role == Role.TOWNSHIP_REVIEWER and assessment.township_id:
        return {"township_score"}
    if user.role == Role.LIAISON:
        return {"department_score"}
    return set()


@login_required
def officer_detail(request, pk):
    access.require(request.user, "assessment.view")
    assessment = get_object_or_404(access.scope(OfficerAssessment.objects.select_related(
        "officer", "township", "department", "approved_by"), request.user), pk=pk)
    fields = _score_fields(request.user, assessment) if access.can(request.user, "assessment.score") else set()
    editable = assessment.status == OfficerAssessment.Status.DRAFT
    form = ScoreForm(request.POST or None, fields=fields, initial={
        "township_score": assessment.township_score, "department_score": assessment.department_score,
        "township_weight": assessment.township_weight}) if fields and editable else None
    if request.method == "POST":
        access.require_any(request.user, ("assessment.score", "assessment.approve"))
        if request.POST.get("action") == "approve":
            try:
                services.assessment_approve(actor=request.user, assessment=assessment)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The result has been approved."))
            return redirect("assessment:officer_detail", pk=pk)
        if form is None:  # nothing this role may score on this result now (an approver, an approved result)
            messages.error(request, _("This action is not possible now."))
            return redirect("assessment:officer_detail", pk=pk)
        if form.is_valid():
            try:
                services.assessment_score(actor=request.user, assessment=assessment,
                                          **{k: v for k, v in form.cleaned_data.items() if v is not None})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The scores have been saved."))
                return redirect("assessment:officer_detail", pk=pk)
    ledger = (access.scope(PointEntry.objects.all(), request.user)
              .filter(officer=assessment.officer, on_date__range=(assessment.period_start, assessment.period_end))
              .order_by("-on_date", "-id"))
    entries = list(ledger[:200])
    for entry in entries:
        entry.label = POINT_LABELS.get(entry.indicator, entry.indicator)
    return render(request, "assessment/officer_detail.html", {
        "assessment": assessment, "form": form, "ledger": entries, "ledger_total": sum(
            ledger.values_list("points", flat=True)),
        "can_approve": editable and access.can(request.user, "assessment.approve"),
        "period": period_of(assessment.period_kind, assessment.period_start),
    }, status=400 if form is not None and form.errors else 200)


@login_required
def officer_export(request):
    access.require(request.user, "assessment.view")
    period, _error = _period(request, PeriodForm())
    rows = access.scope(OfficerAssessment.objects.all(), request.user).filter(
        period_kind=period.kind, period_start=period.start).select_related("officer", "township", "department")
    content = exports.officers_xlsx(period, rows.order_by("officer__employee_number")[:exports.MAX_ROWS])
    audit.record("assessment.results_exported", actor=request.user, period=period.key)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="assessment-officers-{period.key}.xlsx"'
    return response


@login_required
def complaints(request):
    access.require(request.user, "assessment.view")
    can_record = access.can(request.user, "assessment.compute")
    form = ComplaintForm(request.POST or None, actor=request.user) if can_record else None
    if request.method == "POST":
        access.require(request.user, "assessment.compute")
        if form.is_valid():
            try:
                services.complaint_record(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The complaint has been recorded."))
                return redirect("assessment:complaints")
    rows = access.scope(OfficerComplaint.objects.select_related("officer"), request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for complaint in page:
        complaint.decision_form = ComplaintDecisionForm(prefix=f"c{complaint.pk}", initial={
            "decided_on": timezone.localdate()}) if can_record and complaint.upheld is None else None
    return render(request, "assessment/complaints.html", {"form": form, "page": page, "can_record": can_record},
                  status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def complaint_decide(request, pk):
    access.require(request.user, "assessment.compute")
    complaint = get_object_or_404(access.scope(OfficerComplaint.objects.all(), request.user), pk=pk)
    form = ComplaintDecisionForm(request.POST, prefix=f"c{complaint.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the outcome and the date."))
        return redirect("assessment:complaints")
    try:
        services.complaint_decide(actor=request.user, complaint=complaint, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The complaint has been decided."))
    return redirect("assessment:complaints")


@login_required
def my_assessment(request):
    """我的考核: the officer's approved results and this year's points."""
    access.require(request.user, "assessment.own")
    today = timezone.localdate()
    results = Paginator(mine.my_results(request.user), PER_PAGE).get_page(request.GET.get("page"))
    for result in results:
        result.period = period_of(result.period_kind, result.period_start)
    _entries, year_total = mine.my_ledger(request.user, today.replace(month=1, day=1), today)
    return render(request, "assessment/my_assessment.html", {
        "page": results, "year_total": year_total, "year": today.year,
        "has_officer_record": hasattr(request.user, "officer"),
    })


@login_required
def my_assessment_detail(request, pk):
    access.require(request.user, "assessment.own")
    assessment = get_object_or_404(mine.my_results(request.user), pk=pk)
    ledger, ledger_total = mine.my_ledger(request.user, assessment.period_start, assessment.period_end)
    return render(request, "assessment/my_assessment_detail.html", {
        "assessment": assessment, "ledger": ledger, "ledger_total": ledger_total,
        "period": period_of(assessment.period_kind, assessment.period_start),
    })
