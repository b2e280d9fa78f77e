from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors
from townships.models import Department, Officer, Township

from .. import selectors, services
from ..forms import InspectionForm, RectifyForm, ResultForm
from ..models import InspectionResult, Subject, WeekTask
from ..services.inspections import applicable_points
from .common import date_param, int_param, paginate

WEEK_BOARD_PER_PAGE = 40


@login_required
def week_board(request):
    """周执行 board per township or department: what is due this week and what was done."""
    access.require(request.user, "plan.view")
    day = date_param(request, "day")
    township = department = None
    if request.GET.get("township"):
        township = get_object_or_404(access.scope(Township.objects.all(), request.user), code=request.GET["township"])
    if request.GET.get("department"):
        department = get_object_or_404(Department, code=request.GET["department"])
    board = selectors.week_board(actor=request.user, day=day, township=township, department=department)
    page, querystring = paginate(request, board["tasks"], per_page=WEEK_BOARD_PER_PAGE)  # a county week: 160+ tasks
    return render(request, "planning/week_board.html", {
        "board": board, "day": day, "township": township, "department": department,
        "page": page, "querystring": querystring,
        "townships": access.scope(Township.objects.all(), request.user), "departments": Department.objects.all(),
        "previous": board["monday"] - timedelta(days=7), "next": board["monday"] + timedelta(days=7),
    })


@login_required
def task_detail(request, code):
    access.require(request.user, "plan.view")
    task = get_object_or_404(selectors.task_queryset(actor=request.user), code=code)
    inspections = {i.subject_id: i for i in task.inspections.all()}
    joints = {j.subject_id: j for j in task.joint_inspections.all()}
    rows = [(s, inspections.get(s.pk), joints.get(s.pk)) for s in task.subjects.all()]
    return render(request, "planning/task_detail.html", {
        "task": task, "rows": rows, "can_record": access.can(request.user, "inspection.record"),
        "can_close": access.can(request.user, "plan.edit") and not task.is_done,
    })


@login_required
@require_POST
def task_done(request, code):
    task = get_object_or_404(selectors.task_queryset(actor=request.user), code=code)
    services.week_task_mark_done(actor=request.user, task=task)
    messages.success(request, _("Task %(code)s was marked done.") % {"code": task.code})
    return redirect("planning:task_detail", code=task.code)


MERGE_PAGE_LIMIT = 200


@login_required
def merge_list(request):
    """综合查一次: candidates of the month with their savings; the bureau confirms each merge."""
    access.require(request.user, "plan.view")
    today = timezone.localdate()
    year = int_param(request, "year", today.year, 2000, 2100)
    month = int_param(request, "month", today.month, 1, 12)
    if request.method == "POST":
        access.require(request.user, "plan.merge")
        subject = access.scope(Subject.objects.all(), request.user).filter(uscc=request.POST.get("subject")).first()
        tasks = list(access.scope(WeekTask.objects.all(), request.user).filter(code__in=request.POST.getlist("tasks")))
        try:
            if subject is None:  # a form without its subject (or one outside the scope): say so, like the others
                raise ValidationError(_("Choose at least one subject."))
            joint = services.merge_confirm(actor=request.user, subject=subject, tasks=tasks)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Joint inspection %(code)s created: %(n)s visit(s) saved.") % {
                "code": joint.code, "n": joint.visits_saved})
            return redirect("planning:joint_detail", code=joint.code)
        return redirect(f"{request.path}?year={year}&month={month}")
    candidates = services.merge_candidates(actor=request.user, year=year, month=month, limit=MERGE_PAGE_LIMIT)
    candidate_count, total_saved = services.merge_summary(actor=request.user, year=year, month=month)
    joints = selectors.joint_queryset(actor=request.user).filter(year=year, month=month)
    page, querystring = paginate(request, joints)
    return render(request, "planning/merge_list.html", {
        "candidates": candidates, "year": year, "month": month, "page": page, "querystring": querystring,
        "candidate_count": candidate_count, "total_saved": total_saved, "months": range(1, 13),
        "limit": MERGE_PAGE_LIMIT,
        "can_merge": access.can(request.user, "plan.merge"),
    })


@login_required
def joint_detail(request, code):
    access.require(request.user, "plan.view")
    joint = get_object_or_404(selectors.joint_queryset(actor=request.user), code=code)
    return render(request, "planning/joint_detail.html", {
        "joint": joint, "points": applicable_points(joint=joint), "inspection": joint.inspections.first(),
        "can_record": access.can(request.user, "inspection.record"),
    })


def _officer_choices(task=None, joint=None):
    if joint is not None:
        ids = set(joint.officers.values_list("pk", flat=True))
        departments = joint.departments.all()
        township_id = joint.township_id
    else:
        ids = set(task.officers.values_list("pk", flat=True))
        departments = [task.department]
        township_id = task.township_id
    return (Officer.objects.active().filter(Q(pk__in=ids) | Q(home_department__in=departments)
                                            | Q(township_id=township_id))
            .exclude(category=Officer.Category.AUXILIARY).order_by("employee_number")), ids


@login_required
def inspection_new(request):
    """The inspection form (usable on a 390 px phone): against a week task or a joint inspection only."""
    access.require(request.user, "inspection.record")
    task = joint = subject = None
    if request.GET.get("joint"):
        joint = get_object_or_404(selectors.joint_queryset(actor=request.user), code=request.GET["joint"])
        subject = joint.subject
    elif request.GET.get("task"):
        task = get_object_or_404(selectors.task_queryset(actor=request.user), code=request.GET["task"])
        subjects = list(task.subjects.all())
        subject = next((s for s in subjects if s.uscc == request.GET.get("subject")), None)
        if subject is None and len(subjects) == 1:
            subject = subjects[0]
    if task is None and joint is None:
        return render(request, "planning/inspection_refused.html", status=400)
    points = list(applicable_points(task=task, joint=joint))
    officers, preset = _officer_choices(task=task, joint=joint)
    form = InspectionForm(request.POST or None, officers=officers, initial={
        "officers": [o.employee_number for o in officers if o.pk in preset]})
    result_forms = [(p, ResultForm(request.POST or None, request.FILES or None, prefix=p.code)) for p in points]
    if request.method == "POST":
        valid = form.is_valid() & all([f.is_valid() for _p, f in result_forms])
        if valid:
            results = [{"point": p, **f.cleaned_data} for p, f in result_forms]
            try:
                inspection = services.inspection_record(
                    actor=request.user, task=task, joint=joint, subject=subject, results=results,
                    inspected_on=form.cleaned_data["inspected_on"], officers=form.cleaned_data["officers"],
                    note=form.cleaned_data["note"],
                    officer_exception_reason=form.cleaned_data["officer_exception_reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Inspection %(code)s was recorded.") % {"code": inspection.code})
                return redirect("planning:inspection_detail", code=inspection.code)
    return render(request, "planning/inspection_form.html", {
        "form": form, "result_forms": result_forms, "task": task, "joint": joint, "subject": subject,
    })


@login_required
def inspection_list(request):
    access.require(request.user, "plan.view")
    qs = selectors.inspection_queryset(actor=request.user)
    if request.GET.get("problems") == "1":
        qs = qs.filter(has_problems=True)
    page, querystring = paginate(request, qs.order_by("-inspected_on", "-id"))
    return render(request, "planning/inspection_list.html", {"page": page, "querystring": querystring})


@login_required
def inspection_detail(request, code):
    access.require(request.user, "plan.view")
    inspection = get_object_or_404(selectors.inspection_queryset(actor=request.user), code=code)
    results = list(selectors.inspection_results(inspection))
    can_record = access.can(request.user, "inspection.record")
    return render(request, "planning/inspection_detail.html", {
        "inspection": inspection, "results": results, "officers": inspection.officers.all(),
        "can_record": can_record, "can_file_case": can_record and access.can(request.user, "case.file"),
        "rectify_form": RectifyForm(),
    })


def _result(request, code, point):
    inspection = get_object_or_404(selectors.inspection_queryset(actor=request.user), code=code)
    return get_object_or_404(InspectionResult.objects.select_related("point__item", "inspection__subject"),
                             inspection=inspection, point__code=point)


@login_required
@require_POST
def result_open_case(request, code, point):
    """A failed point opens a case (source 检查发现) through the cases service, or its prefilled filing page."""
    access.require(request.user, "inspection.record")
    access.require(request.user, "case.file")
    result = _result(request, code, point)
    try:
        case_code = services.result_link_case(actor=request.user, result=result)
    except ImportError:
        url = services.case_filing_url(result)
        if url:
            return redirect(url)
        messages.error(request, _("Case filing is not available yet."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Case %(code)s was opened from this check point.") % {"code": case_code})
    return redirect("planning:inspection_detail", code=code)


@login_required
@require_POST
def result_rectify(request, code, point):
    access.require(request.user, "inspection.record")
    result = _result(request, code, point)
    form = RectifyForm(request.POST)
    if form.is_valid():
        try:
            services.result_rectify(actor=request.user, result=result, rectified_on=form.cleaned_data["rectified_on"],
                                    note=form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The rectification was recorded."))
    else:
        messages.error(request, _("Enter a valid rectification date."))
    return redirect("planning:inspection_detail", code=code)
