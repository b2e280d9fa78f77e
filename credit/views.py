"""Pages of credit repair: the list, one application with its moves, and recording an application for a
published decision (linked from the subject file 一店一档 and from the case page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from . import rules, selectors, services, workflow
from .forms import FORMS, ApplyForm, FilterForm
from .inputs import DAY_INPUT

PER_PAGE = 25


@login_required
def repair_list(request):
    access.require(request.user, "credit.view")
    form = FilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.repair_list(actor=request.user, state=state), PER_PAGE).get_page(
        request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "credit/list.html", {"form": form, "page": page, "querystring": querystring.urlencode()})


def _detail_context(request, repair, forms=None):
    actions = services.actions_for(request.user, repair)
    forms = forms or {}
    return {
        "repair": repair, "publication": repair.publication, "case": repair.case,
        "possible_from": rules.repair_possible_from(repair.publication),
        "ends_on": rules.publicity_ends_on(repair.publication),
        "outstanding": rules.fine_outstanding(repair.case),
        "moves": [(action, workflow.lookup(repair.state, action).label, forms.get(action) or FORMS[action](
            prefix=action)) for action in actions],
        "can_case": access.can_see(request.user, repair.case),
    }


@login_required
def repair_detail(request, code):
    access.require(request.user, "credit.view")
    repair = get_object_or_404(selectors.repair_queryset(actor=request.user), code=code)
    return render(request, "credit/detail.html", _detail_context(request, repair))


@login_required
@require_POST
def repair_action(request, code, action):
    access.require(request.user, "credit.view")
    access.require_any(request.user, set(workflow.ACTION_PERMISSIONS.values()))
    repair = get_object_or_404(selectors.repair_queryset(actor=request.user), code=code)
    action = action.replace("-", "_")
    if action not in FORMS:
        raise Http404
    if action not in services.actions_for(request.user, repair):
        messages.error(request, _("This action is not possible now."))
        return redirect("credit:detail", code=code)
    form = FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if action in DAY_INPUT:
            data["on"] = data.pop(DAY_INPUT[action], None)
        try:
            services.repair_transition(actor=request.user, repair=repair, action=action, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("credit:detail", code=code)
    return render(request, "credit/detail.html", _detail_context(request, repair, {action: form}), status=400)


@login_required
def repair_apply(request, publication):
    access.require(request.user, "credit.record")
    publication = selectors.publication_for(actor=request.user, pk=publication)
    if publication is None:
        raise Http404
    form = ApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            repair = services.repair_apply(actor=request.user, publication=publication, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application %(code)s was recorded.") % {"code": repair.code})
            return redirect("credit:detail", code=repair.code)
    return render(request, "credit/apply.html", {
        "form": form, "publication": publication, "case": publication.case,
        "possible_from": rules.repair_possible_from(publication), "ends_on": rules.publicity_ends_on(publication),
        "outstanding": rules.fine_outstanding(publication.case),
        "history": selectors.repair_queryset(actor=request.user).filter(publication=publication),
    }, status=400 if form.errors else 200)
