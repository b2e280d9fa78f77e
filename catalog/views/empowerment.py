"""Empowerment pages: the townships × domains matrix, and one township's empowered items with bulk actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from townships import empowerment as empowerment_services
from townships.models import Township

from ..forms import EmpowerForm, ItemFilterForm
from ..models import Item
from .common import catalog_view, paginate, querystring


def _on_date(request):
    form = ItemFilterForm({"as_of": request.GET.get("as_of", "")})
    if form.is_valid() and form.cleaned_data.get("as_of"):
        return form.cleaned_data["as_of"]
    return timezone.localdate()


@catalog_view
def empowerment_matrix(request):
    on_date = _on_date(request)
    townships, domains, counts = empowerment_services.empowerment_matrix(actor=request.user, on_date=on_date)
    rows = [{"township": t, "cells": [counts.get((t.pk, d.pk), 0) for d in domains],
             "total": counts.get((t.pk, None), 0)} for t in townships]
    return render(request, "catalog/empowerment_matrix.html", {
        "rows": rows, "domains": domains, "on_date": on_date})


@catalog_view
def township_empowerment(request, code):
    township = get_object_or_404(access.scope(Township.objects.select_related("hub"), request.user), code=code)
    on_date = _on_date(request)
    can_manage = access.can(request.user, "empowerment.manage")
    form = EmpowerForm(request.POST or None, initial={"effective_date": timezone.localdate(), "action": "grant"},
                       township=township)
    if request.method == "POST":
        access.require(request.user, "empowerment.manage")
        if form.is_valid():
            data = form.cleaned_data
            items = Item.objects.all()
            if data["domain"]:
                items = items.filter(domain=data["domain"])
            if data["tier"]:
                items = items.filter(tier=data["tier"])
            try:
                if data["action"] == "zones":
                    n = empowerment_services.empowerment_limit_to_zones(
                        actor=request.user, township=township, items=items, zones=data.get("zones") or [],
                        on_date=data["effective_date"])
                    messages.success(request, _("%(n)s empowerments of %(township)s limited to the chosen zones.") % {
                        "n": n, "township": township.name})
                elif data["action"] == "grant":
                    n = empowerment_services.empowerment_grant(
                        actor=request.user, township=township, items=items, valid_from=data["effective_date"],
                        document_number=data["document_number"])
                    messages.success(request, _("%(n)s items empowered to %(township)s.") % {
                        "n": n, "township": township.name})
                else:
                    n = empowerment_services.empowerment_revoke(
                        actor=request.user, township=township, items=items, effective_date=data["effective_date"],
                        document_number=data["document_number"])
                    messages.success(request, _("%(n)s empowerments of %(township)s revoked.") % {
                        "n": n, "township": township.name})
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                return redirect("catalog:township_empowerment", code=township.code)
    items = empowerment_services.empowered_items(actor=request.user, township=township, on_date=on_date)
    page = paginate(request, items)
    return render(request, "catalog/township_empowerment.html", {
        "township": township, "page": page, "items": page.object_list, "form": form, "can_manage": can_manage,
        "on_date": on_date, "querystring": querystring(request), "total": page.paginator.count,
    })
