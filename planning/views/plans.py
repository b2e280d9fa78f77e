from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from .. import selectors, services, workflow
from ..forms import MonthForm, NeedForm, PlanForm, TransitionForm, WeekTaskForm
from ..models import MonthArrangement, PlanState, Subject
from .common import int_param, paginate


@login_required
def index(request):
    """Entry page: this year's plans, this week's workload, and the ways into each part."""
    access.require(request.user, "plan.view")
    year = int_param(request, "year", timezone.localdate().year, 2000, 2100)
    page, querystring = paginate(request, selectors.plan_list(actor=request.user, year=year))
    board = selectors.week_board(actor=request.user, day=timezone.localdate())
    return render(request, "planning/index.html", {
        "page": page, "querystring": querystring, "year": year, "board": board,
        "can_edit": access.can(request.user, "plan.edit"), "can_merge": access.can(request.user, "plan.merge"),
        "can_draw": access.can(request.user, "draw.run"),
        "can_needs": access.can(request.user, "plan.submit_needs"),
        "can_subjects": access.can(request.user, "subject.manage"),
    })


def _plan_data(form):
    data = {k: form.cleaned_data[k] for k in ("title", "subject_scope", "frequency", "planned_count")}
    data.update(items=form.cleaned_data["items"], industries=form.cleaned_data["industries"],
                townships=form.cleaned_data["townships"])
    return data


@login_required
def plan_create(request):
    access.require(request.user, "plan.edit")
    form = PlanForm(request.POST or None, actor=request.user,
                    initial={"year": timezone.localdate().year, "planned_count": 12})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, department=form.cleaned_data["department"],
                                        year=form.cleaned_data["year"], **_plan_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan %(code)s was created.") % {"code": plan.code})
            return redirect("planning:plan_detail", code=plan.code)
    return render(request, "planning/plan_form.html", {"form": form})


@login_required
def plan_edit(request, code):
    access.require(request.user, "plan.edit")
    plan = get_object_or_404(selectors.plan_detail_queryset(actor=request.user), code=code)
    form = PlanForm(request.POST or None, instance=plan, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **_plan_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("planning:plan_detail", code=plan.code)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request, code):
    """The plan editor: header, state actions, month arrangements with their week tasks."""
    access.require(request.user, "plan.view")
    plan = get_object_or_404(selectors.plan_detail_queryset(actor=request.user), code=code)
    months = list(selectors.plan_months(plan))
    by_month = {m.month: m for m in months}
    actions = [(a, workflow.ACTION_LABELS[a]) for a in workflow.actions_from(plan.state)
               if access.can(request.user, workflow.TRANSITIONS[(plan.state, a)].permission)]
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "months": months, "month_rows": [(m, by_month.get(m)) for m in range(1, 13)],
        "items": plan.items.all()[:200], "events": plan.events.select_related("actor"),
        "actions": actions, "month_form": MonthForm(), "month_total": sum(m.planned_count for m in months),
        "can_edit": access.can(request.user, "plan.edit") and plan.state in (PlanState.DRAFT, PlanState.ISSUED),
        "needs": selectors.need_list(actor=request.user, year=plan.year).filter(department=plan.department)[:50],
    })


@login_required
@require_POST
def plan_transition(request, code):
    access.require_any(request.user, {transition.permission for transition in workflow.TRANSITIONS.values()})
    plan = get_object_or_404(selectors.plan_detail_queryset(actor=request.user), code=code)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_transition(actor=request.user, plan=plan, action=form.cleaned_data["action"],
                                     note=form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            plan.refresh_from_db()
            messages.success(request, _("The plan is now %(state)s.") % {"state": plan.get_state_display()})
    return redirect("planning:plan_detail", code=plan.code)


@login_required
@require_POST
def month_set(request, code):
    access.require(request.user, "plan.edit")
    plan = get_object_or_404(selectors.plan_detail_queryset(actor=request.user), code=code)
    form = MonthForm(request.POST)
    if form.is_valid():
        try:
            services.month_set(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Month %(month)s was saved.") % {"month": form.cleaned_data["month"]})
    else:
        for field, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {message}")
    return redirect("planning:plan_detail", code=plan.code)


@login_required
def task_create(request, code, month):
    access.require(request.user, "plan.edit")
    plan = get_object_or_404(selectors.plan_detail_queryset(actor=request.user), code=code)
    arrangement = get_object_or_404(MonthArrangement, plan=plan, month=month)
    subjects = access.scope(Subject.objects.all(), request.user)
    initial = {"inspection_type": "routine"}
    if request.GET.get("subject"):
        initial["subjects"] = request.GET["subject"]
    form = WeekTaskForm(request.POST or None, subject_queryset=subjects, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.week_task_create(actor=request.user, arrangement=arrangement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task %(code)s was added.") % {"code": task.code})
            return redirect("planning:plan_detail", code=plan.code)
    return render(request, "planning/task_form.html", {"form": form, "plan": plan, "arrangement": arrangement})


@login_required
def need_list(request):
    """Township annual enforcement needs: township staff submit, departments and the bureau read."""
    access.require(request.user, "plan.view")
    can_submit = access.can(request.user, "plan.submit_needs")
    form = NeedForm(request.POST or None, initial={"year": timezone.localdate().year + 1}) if can_submit else None
    if request.method == "POST":
        access.require(request.user, "plan.submit_needs")
        if form.is_valid():
            try:
                services.township_need_submit(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The need was submitted."))
                return redirect("planning:need_list")
    page, querystring = paginate(request, selectors.need_list(actor=request.user))
    return render(request, "planning/need_list.html", {"page": page, "querystring": querystring, "form": form})
