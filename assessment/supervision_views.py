"""Supervision pages: 案卷评查 samples and scoring, special inspections, findings and their rectification,
inspection quality checks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from . import quality, supervision
from .forms import CaseFileScoreForm, FindingActionForm, FindingFilterForm, FindingForm, SampleForm, SpecialForm
from .models import CaseFileSample, Finding, FindingSource, FindingState, SampledCase, SpecialInspection

PER_PAGE = 50


@login_required
def index(request):
    access.require(request.user, "supervision.view")
    today = timezone.localdate()
    findings = access.scope(Finding.objects.all(), request.user)
    return render(request, "assessment/supervision.html", {
        "samples": access.scope(CaseFileSample.objects.annotate(
            reviewed=Count("cases", filter=Q(cases__reviewed_at__isnull=False))), request.user)[:20],
        "specials": SpecialInspection.objects.annotate(findings_n=Count("findings"))[:20],
        "counts": findings.aggregate(open=Count("pk", filter=~Q(state=FindingState.CLOSED)),
                                     overdue=Count("pk", filter=~Q(state=FindingState.CLOSED) & Q(deadline__lt=today)),
                                     submitted=Count("pk", filter=Q(state=FindingState.SUBMITTED))),
        "figures": supervision.supervision_figures(actor=request.user, start=today.replace(day=1), end=today),
        "can_manage": access.can(request.user, "supervision.manage"),
    })


@login_required
def sample_new(request):
    access.require(request.user, "supervision.manage")
    form = SampleForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["seed"] = data["seed"] or None
        try:
            sample = supervision.sample_draw(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s case files drawn.") % {"n": sample.size})
            return redirect("assessment:sample_detail", code=sample.code)
    return render(request, "assessment/sample_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def sample_detail(request, code):
    access.require(request.user, "supervision.view")
    sample = get_object_or_404(access.scope(CaseFileSample.objects.select_related("township", "drawn_by"),
                                            request.user), code=code)
    cases = list(access.scope(SampledCase.objects.filter(sample=sample), request.user)
                 .select_related("case", "case__township", "case__item", "reviewer")
                 .annotate(findings_n=Count("findings")))
    can_manage = access.can(request.user, "supervision.manage")
    forms, status = {}, 200
    if can_manage:
        forms = {c.pk: CaseFileScoreForm(prefix=f"c{c.pk}", initial={**c.scores, "comments": c.comments})
                 for c in cases}
    if request.method == "POST":
        access.require(request.user, "supervision.manage")
        target = next((c for c in cases if str(c.pk) == request.POST.get("sampled")), None)
        if target is None:
            messages.error(request, _("Choose a case file of this sample."))
            return redirect("assessment:sample_detail", code=code)
        form = forms[target.pk] = CaseFileScoreForm(request.POST, prefix=f"c{target.pk}")
        if form.is_valid():
            data = dict(form.cleaned_data)
            comments = data.pop("comments")
            try:
                supervision.sampled_case_score(actor=request.user, sampled=target, scores=data, comments=comments)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The score of %(code)s has been saved.") % {"code": target.case.code})
                return redirect("assessment:sample_detail", code=code)
        status = 400
    return render(request, "assessment/sample_detail.html", {
        "sample": sample, "cases": [(c, forms.get(c.pk)) for c in cases], "checklist": supervision.CHECKLIST,
        "can_manage": can_manage,
    }, status=status)


@login_required
def special_new(request):
    access.require(request.user, "supervision.manage")
    form = SpecialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            special = supervision.special_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The special inspection has been recorded."))
            return redirect(f"{_finding_new_url()}?special={special.pk}")
    return render(request, "assessment/special_new.html", {"form": form}, status=400 if form.errors else 200)


def _finding_new_url():
    from django.urls import reverse

    return reverse("assessment:finding_new")


def _finding_origin(request):
    """(source, sampled_case, special, inspection) named in the query or the form."""
    params = request.POST if request.method == "POST" else request.GET
    if params.get("sampled"):
        sampled = get_object_or_404(access.scope(SampledCase.objects.select_related("case"), request.user),
                                    pk=params.get("sampled") if params.get("sampled", "").isdigit() else 0)
        return FindingSource.CASE_FILE, {"sampled_case": sampled}
    if params.get("special"):
        special = get_object_or_404(SpecialInspection, pk=params["special"] if params["special"].isdigit() else 0)
        return FindingSource.SPECIAL, {"special": special}
    if params.get("inspection"):
        from planning.models import Inspection

        inspection = get_object_or_404(access.scope(Inspection.objects.all(), request.user),
                                       code=params["inspection"])
        return FindingSource.INSPECTION_QUALITY, {"inspection": inspection}
    return None, {}


@login_required
def finding_new(request):
    access.require(request.user, "supervision.manage")
    source, origin = _finding_origin(request)
    if source is None:
        messages.error(request, _("Record a finding from a sampled case file, a special inspection or an "
                                  "inspection quality check."))
        return redirect("assessment:supervision")
    form = FindingForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            finding = supervision.finding_create(actor=request.user, source=source, **origin, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Finding %(code)s recorded; the rectification is due by %(day)s.") % {
                "code": finding.code, "day": finding.deadline.isoformat()})
            return redirect("assessment:finding_detail", code=finding.code)
    return render(request, "assessment/finding_new.html", {
        "form": form, "source": FindingSource(source), "origin": origin, "params": request.GET.urlencode()
        if request.method == "GET" else request.POST.urlencode(),
    }, status=400 if form.errors else 200)


@login_required
def finding_list(request):
    access.require(request.user, "supervision.view")
    form = FindingFilterForm(request.GET or None)
    findings = access.scope(Finding.objects.select_related("township", "department"), request.user)
    if form.is_valid():
        state, source = form.cleaned_data["state"], form.cleaned_data["source"]
        if state == "open":
            findings = findings.exclude(state=FindingState.CLOSED)
        elif state == "overdue":
            findings = findings.exclude(state=FindingState.CLOSED).filter(deadline__lt=timezone.localdate())
        elif state == "closed":
            findings = findings.filter(state=FindingState.CLOSED)
        if source:
            findings = findings.filter(source=source)
    page = Paginator(findings, PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "assessment/finding_list.html", {
        "form": form, "page": page, "querystring": querystring.urlencode(),
        "can_manage": access.can(request.user, "supervision.manage")})


@login_required
def finding_detail(request, code):
    access.require(request.user, "supervision.view")
    finding = get_object_or_404(access.scope(Finding.objects.select_related(
        "township", "department", "sampled_case__case", "special", "inspection", "submitted_by", "closed_by"),
        request.user), code=code)
    actions = supervision.finding_actions(request.user, finding)
    form = FindingActionForm(request.POST or None)
    if request.method == "POST":
        access.require_any(request.user, {move.permission for move in supervision.FINDING_TRANSITIONS.values()})
        action = request.POST.get("action", "")
        if action not in actions:
            messages.error(request, _("This action is not possible now."))
            return redirect("assessment:finding_detail", code=code)
        if form.is_valid():
            try:
                supervision.finding_transition(actor=request.user, finding=finding, action=action,
                                               text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("assessment:finding_detail", code=code)
    labels = {action: move.label for (state, action), move in supervision.FINDING_TRANSITIONS.items()
              if state == finding.state}
    return render(request, "assessment/finding_detail.html", {
        "finding": finding, "form": form, "actions": [(a, labels[a]) for a in actions],
    }, status=400 if form.errors else 200)


@login_required
def quality_checks(request):
    """Inspections that supervision should look at (seed 004): deregistered subjects, officers other than the
    drawn ones, fewer than two officers."""
    access.require(request.user, "supervision.view")
    rows = quality.flagged_inspections(actor=request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for inspection in page:
        inspection.reasons = quality.reasons(inspection)
    return render(request, "assessment/quality.html", {
        "page": page, "can_manage": access.can(request.user, "supervision.manage")})
