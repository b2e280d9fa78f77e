from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors

from . import selectors, services
from .filters import OfficerFilter
from .forms import OfficerForm

OFFICERS_PER_PAGE = 50


@login_required
def township_list(request):
    access.require(request.user, "org.view")
    townships = selectors.township_list(actor=request.user)
    page = Paginator(townships, 50).get_page(request.GET.get("page"))
    return render(request, "townships/township_list.html", {
        "page": page,
        "can_manage": access.can(request.user, "org.manage"),
    })


@login_required
def township_detail(request, code):
    access.require(request.user, "org.view")
    detail = selectors.township_detail(actor=request.user, code=code)
    return render(request, "townships/township_detail.html", {
        "detail": detail,
        "township": detail.township,
        "can_manage": access.can(request.user, "org.manage"),
    })


@login_required
def officer_list(request):
    access.require(request.user, "org.view")
    filterset = OfficerFilter(request.GET or None, queryset=selectors.officers_visible_to(request.user),
                              actor=request.user)
    if not filterset.is_bound:
        officers = filterset.queryset
    elif filterset.is_valid():
        officers = filterset.qs
    else:  # the errors are shown next to the filter fields
        officers = filterset.queryset.none()
    page = Paginator(officers.order_by("employee_number"), OFFICERS_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(request, "townships/officer_list.html", {
        "filter": filterset,
        "page": page,
        "querystring": querystring.urlencode(),
        "can_manage": access.can(request.user, "org.manage"),
    })


def _officer_form_page(request, *, officer=None):
    access.require(request.user, "org.manage")
    form = OfficerForm(request.POST or None, instance=officer, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if officer is None:
                saved = services.officer_create(actor=request.user, **data)
                messages.success(request, _("Officer %(name)s was added.") % {"name": saved.name})
            else:
                saved = services.officer_update(actor=request.user, officer=officer, **data)
                messages.success(request, _("Officer %(name)s was saved.") % {"name": saved.name})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(f"{reverse('townships:officer_list')}?search={saved.employee_number}")
    return render(request, "townships/officer_form.html", {"form": form, "officer": officer})


@login_required
def officer_create(request):
    return _officer_form_page(request)


@login_required
def officer_edit(request, employee_number):
    access.require(request.user, "org.manage")
    officer = selectors.officer_for_edit(actor=request.user, employee_number=employee_number)
    return _officer_form_page(request, officer=officer)
