from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from .. import selectors, services
from ..forms import DrawForm
from ..models import MonthArrangement
from .common import paginate


@login_required
def draw_list(request):
    access.require(request.user, "plan.view")
    page, querystring = paginate(request, selectors.draw_queryset(actor=request.user))
    return render(request, "planning/draw_list.html", {
        "page": page, "querystring": querystring, "can_draw": access.can(request.user, "draw.run")})


@login_required
def draw_create(request):
    access.require(request.user, "draw.run")
    form = DrawForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        month = data.pop("month")
        arrangement = None
        if month:
            arrangement = MonthArrangement.objects.filter(plan__department=data["department"],
                                                          plan__year=data["draw_date"].year, month=month).first()
            if arrangement is None:
                form.add_error("month", _("The organising department has no arrangement for that month."))
        if not form.errors:
            try:
                draw = services.draw_run(actor=request.user, departments=list(data.pop("departments")),
                                         arrangement=arrangement, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Draw %(code)s done with seed %(seed)s.") % {
                    "code": draw.code, "seed": draw.seed})
                return redirect("planning:draw_detail", code=draw.code)
    return render(request, "planning/draw_form.html", {"form": form})


@login_required
def draw_detail(request, code):
    access.require(request.user, "plan.view")
    draw = get_object_or_404(selectors.draw_queryset(actor=request.user), code=code)
    if request.method == "POST":
        access.require(request.user, "draw.run")
        if request.POST.get("action") == "publish":
            services.draw_publish(actor=request.user, draw=draw)
            messages.success(request, _("The draw results are published."))
            return redirect("planning:draw_detail", code=draw.code)
    verified = None
    if request.GET.get("verify") == "1":
        verified = services.draw_verify(draw)
    return render(request, "planning/draw_detail.html", {
        "draw": draw, "rows": selectors.draw_results(draw), "verified": verified,
        "can_publish": access.can(request.user, "draw.run") and not draw.is_published,
    })


def public_draw_list(request):
    """Public page (双随机一公开): no login, subject names and inspection type only."""
    page, querystring = paginate(request, selectors.public_draws())
    return render(request, "planning/public_draw_list.html", {"page": page, "querystring": querystring})


def public_draw_detail(request, code):
    draw = get_object_or_404(selectors.public_draws(), code=code)
    rows = list(draw.drawn_subjects.select_related("subject__township").order_by("order"))
    results = selectors.public_draw_results(draw)
    for row in rows:
        row.result = results.get(row.subject_id)
    return render(request, "planning/public_draw_detail.html", {
        "draw": draw, "rows": rows, "inspected": sum(1 for r in rows if r.result),
        "with_problems": sum(1 for r in rows if r.result and r.result[1])})
