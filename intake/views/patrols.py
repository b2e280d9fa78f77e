"""Patrol pages: plans per zone with the missed patrols, a plan's records, new plan, record a patrol."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors
from townships.models import Zone

from .. import patrols as selectors
from .. import services
from ..forms import PatrolForm, PatrolPlanForm


@login_required
def patrol_overview(request):
    access.require(request.user, "patrol.view")
    plans = list(selectors.plan_list(actor=request.user))
    missed = selectors.missed_patrols(actor=request.user, plans=[p for p in plans if p.is_active])
    recent = selectors.patrols_visible_to(request.user).order_by("-started_at", "-id")[:20]
    return render(request, "intake/patrols.html", {
        "plans": plans, "missed": missed, "recent": recent,
        "can_plan": access.can(request.user, "patrol.plan"), "can_record": access.can(request.user, "patrol.record"),
    })


@login_required
def patrol_plan_create(request):
    access.require(request.user, "patrol.plan")
    zones = access.scope(Zone.objects.select_related("township").order_by("township__code", "code"), request.user)
    form = PatrolPlanForm(request.POST or None, zones=zones,
                          initial={"starts_on": timezone.localdate(), "frequency": "workdays"})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.patrol_plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Patrol plan created."))
            return redirect("intake:patrol_plan", pk=plan.pk)
    return render(request, "intake/patrol_plan_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _plan(request, pk):
    access.require(request.user, "patrol.view")
    return get_object_or_404(selectors.plans_visible_to(request.user).prefetch_related("officers"), pk=pk)


@login_required
def patrol_plan_detail(request, pk):
    plan = _plan(request, pk)
    page = Paginator(selectors.plan_patrols(actor=request.user, plan=plan), 30).get_page(request.GET.get("page"))
    missed = selectors.missed_patrols(actor=request.user, plans=[plan]) if plan.is_active else []
    return render(request, "intake/patrol_plan.html", {
        "plan": plan, "page": page, "missed": missed, "can_record": access.can(request.user, "patrol.record")})


@login_required
def patrol_record(request, pk):
    plan = _plan(request, pk)
    access.require(request.user, "patrol.record")
    form = PatrolForm(request.POST or None, initial={"started_at": timezone.localtime().replace(second=0,
                                                                                                microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            _patrol, clue = services.patrol_record(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if clue is not None:
                messages.success(request, _("Patrol recorded; the problem found is clue %(code)s.") % {
                    "code": clue.code})
            else:
                messages.success(request, _("Patrol recorded."))
            return redirect("intake:patrol_plan", pk=plan.pk)
    return render(request, "intake/patrol_form.html", {"form": form, "plan": plan},
                  status=400 if request.method == "POST" else 200)
