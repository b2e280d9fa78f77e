"""Catalogue writes through the web (catalog.manage): add, amend, retire, import; and exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from .. import selectors
from ..forms import AdjustmentFieldsForm, DiscretionTiersForm, ImportForm, ItemCreateForm, ItemFieldsForm
from ..models import Domain, ImportJob, ItemStatus
from ..services import item_amend as amend_service
from ..services import item_create as create_service
from ..services import item_retire as retire_service
from ..services.exporting import MAX_EXPORT_ROWS, export_csv, export_xlsx, template_xlsx
from ..services.jobs import import_job_start
from .browse import _filtered_items
from .common import catalog_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attach_errors(forms, exc):
    """Put a service's ValidationError next to the matching field, else on the first form."""
    mapping = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for key, errors in mapping.items():
        target = next((f for f in forms if key in f.fields), forms[0])
        for error in errors:
            target.add_error(key if key in target.fields else None, error)


def _tier_rows(tiers):
    return [{"level": t["level"], "conditions": t["conditions"], "fine_min": f"{t['fine_min']:.2f}",
             "fine_max": f"{t['fine_max']:.2f}"} for t in tiers]


@catalog_view
def item_amend(request, code):
    access.require(request.user, "catalog.manage")
    item = get_object_or_404(selectors.items_visible_to(request.user).prefetch_related("discretion_tiers"),
                             code=code)
    if item.status == ItemStatus.RETIRED:
        messages.error(request, _("Item %(code)s is retired and can no longer be amended.") % {"code": item.code})
        return redirect("catalog:item_detail", code=item.code)
    today = timezone.localdate()
    current_tiers = list(item.discretion_tiers.all())
    fields_form = ItemFieldsForm(request.POST or None, instance=item, prefix="item")
    tiers_form = DiscretionTiersForm(request.POST or None, prefix="tier", tiers=current_tiers)
    meta_form = AdjustmentFieldsForm(request.POST or None, prefix="adj",
                                     initial={"effective_date": today, "reason": "law_change"})
    forms = [fields_form, tiers_form, meta_form]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        original = selectors.items_visible_to(request.user).get(pk=item.pk)
        changes = {name: value for name, value in fields_form.cleaned_data.items()
                   if getattr(original, name) != value}
        if _tier_rows(tiers_form.tiers()) != _tier_rows(
                [{"level": t.level, "conditions": t.conditions, "fine_min": t.fine_min, "fine_max": t.fine_max}
                 for t in current_tiers]):
            changes["discretion_tiers"] = tiers_form.tiers()
        try:
            adjustment = amend_service(actor=request.user, item=original, changes=changes, **meta_form.cleaned_data)
        except ValidationError as exc:
            _attach_errors([fields_form, meta_form], exc)
        else:
            if adjustment.pending:
                messages.success(request, _("The amendment was recorded; it takes effect on %(date)s.") % {
                    "date": adjustment.effective_date.isoformat()})
            else:
                messages.success(request, _("The amendment was recorded."))
            return redirect("catalog:item_detail", code=item.code)
    return render(request, "catalog/item_form.html", {
        "item": item, "fields_form": fields_form, "tiers_form": tiers_form, "meta_form": meta_form,
        "mode": "amend"})


@catalog_view
def item_create(request):
    access.require(request.user, "catalog.manage")
    fields_form = ItemCreateForm(request.POST or None, prefix="item")
    tiers_form = DiscretionTiersForm(request.POST or None, prefix="tier")
    meta_form = AdjustmentFieldsForm(request.POST or None, prefix="adj",
                                     initial={"effective_date": timezone.localdate(), "reason": "law_change"})
    forms = [fields_form, tiers_form, meta_form]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        data = dict(fields_form.cleaned_data)
        data["valid_from"] = meta_form.cleaned_data["effective_date"]
        try:
            item = create_service(actor=request.user, data=data, discretion_tiers=tiers_form.tiers(),
                                  **meta_form.cleaned_data)
        except ValidationError as exc:
            _attach_errors([fields_form, meta_form], exc)
        else:
            messages.success(request, _("The item was added."))
            return redirect("catalog:item_detail", code=item.code)
    return render(request, "catalog/item_form.html", {"fields_form": fields_form, "tiers_form": tiers_form,
                                                      "meta_form": meta_form, "mode": "create"})


@catalog_view
def item_retire(request, code):
    access.require(request.user, "catalog.manage")
    item = get_object_or_404(selectors.items_visible_to(request.user), code=code)
    form = AdjustmentFieldsForm(request.POST or None, initial={"effective_date": timezone.localdate(),
                                                               "reason": "law_change"})
    if request.method == "POST" and form.is_valid():
        try:
            retire_service(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            _attach_errors([form], exc)
        else:
            messages.success(request, _("The item was retired."))
            return redirect("catalog:item_detail", code=item.code)
    return render(request, "catalog/item_retire.html", {"item": item, "form": form})


@catalog_view
def export(request, fmt):
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    form, filters, items = _filtered_items(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Correct the filters before exporting."))
        return redirect("catalog:item_list")
    items = items.prefetch_related("discretion_tiers")
    if filters.get("as_of"):  # the catalogue as it stood that day, values included
        items = selectors.overlay_as_of(items[:MAX_EXPORT_ROWS], filters["as_of"])
    stamp = timezone.localdate().strftime("%Y%m%d")
    audit.record("catalog.exported", actor=request.user, format=fmt, filters=request.GET.urlencode())
    if fmt == "xlsx":
        response = HttpResponse(export_xlsx(items), content_type=XLSX)
    else:
        response = HttpResponse(export_csv(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.{fmt}"'
    return response


@catalog_view
def import_template(request):
    response = HttpResponse(template_xlsx(list(Domain.objects.all())), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="catalog-import-template.xlsx"'
    return response


@catalog_view
def import_start(request):
    access.require(request.user, "catalog.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(actor=request.user, upload=form.cleaned_data["file"],
                                   dry_run=form.cleaned_data["dry_run"],
                                   document_number=form.cleaned_data["document_number"],
                                   effective_date=form.cleaned_data["effective_date"])
        except ValidationError as exc:
            _attach_errors([form], exc)
        else:
            return redirect("catalog:import_job", token=job.token)
    jobs = ImportJob.objects.select_related("actor").order_by("-created_at")[:10]
    return render(request, "catalog/import.html", {"form": form, "jobs": jobs})


def _job_for(request, token):
    access.require(request.user, "catalog.manage")
    return get_object_or_404(access.scope(ImportJob.objects.select_related("actor"), request.user), token=token)


@catalog_view
def import_job(request, token):
    job = _job_for(request, token)
    return render(request, "catalog/import_job.html", {"job": job})


@catalog_view
def import_status(request, token):
    job = _job_for(request, token)
    return JsonResponse({
        "status": job.status, "status_display": job.get_status_display(), "percent": job.percent,
        "processed": job.processed_rows, "total": job.total_rows, "finished": job.finished,
    })
