"""Read-only catalogue pages: domain overview, item list, item detail with history, special lists."""

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from townships.models import Empowerment

from .. import selectors
from ..forms import SPECIAL_LIST_CHOICES, ItemFilterForm
from ..models import Adjustment, DiscretionLevel, Item, ItemStatus, ListTier, PenaltyKind, PowerType
from .common import catalog_view, paginate, querystring

SPECIAL_LISTS = dict(SPECIAL_LIST_CHOICES)


@catalog_view
def index(request):
    domains = list(selectors.domains_overview(actor=request.user))
    totals = {key: sum(getattr(d, key) for d in domains) for key in
              ["total"] + [f"n_{v}" for v in PowerType.values] + [f"n_{k}" for k in SPECIAL_LISTS]}
    return render(request, "catalog/index.html", {
        "domains": domains, "totals": totals, "power_types": PowerType.choices, "special_lists": SPECIAL_LIST_CHOICES,
        "can_manage": access.can(request.user, "catalog.manage"),
    })


def _filtered_items(request):
    form = ItemFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        items = Item.objects.none()
    else:
        items = selectors.item_list(actor=request.user, filters=filters)
    return form, filters, items


@catalog_view
def item_list(request):
    form, filters, items = _filtered_items(request)
    page = paginate(request, items, paginator_class=selectors.CachedCountPaginator)
    page.object_list = selectors.overlay_as_of(page.object_list, filters.get("as_of"))
    return render(request, "catalog/item_list.html", {
        "form": form, "page": page, "items": page.object_list, "querystring": querystring(request),
        "export_query": querystring(request), "as_of": filters.get("as_of"),
        "can_manage": access.can(request.user, "catalog.manage"),
    })


@catalog_view
def special_list(request, name):
    if name not in SPECIAL_LISTS:
        raise Http404
    items = selectors.item_list(actor=request.user, filters={"special_list": name}).defer("search_text")
    page = paginate(request, items)
    return render(request, "catalog/special_list.html", {
        "name": name, "title": SPECIAL_LISTS[name], "page": page, "items": page.object_list,
        "conditions_field": f"{name}_conditions", "querystring": querystring(request),
        "lists": SPECIAL_LIST_CHOICES,
    })


def field_label(name):
    if name == "discretion_tiers":
        return _("discretion benchmark")
    try:
        return Item._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def shown_value(name, value):
    """A snapshot value as people read it: 是/否, choice labels, tiers counted."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "penalty_kinds":
        labels = dict(PenaltyKind.choices)
        return "、".join(str(labels.get(kind, kind)) for kind in value) or None
    if name == "discretion_tiers":
        return "；".join(f"{dict(DiscretionLevel.choices).get(t['level'], t['level'])} {t['fine_min']}–{t['fine_max']}"
                        for t in value) or None
    choices = {"power_type": PowerType, "tier": ListTier, "status": ItemStatus}
    if name in choices:
        return str(dict(choices[name].choices).get(value, value))
    return value


def changes_of(adjustment):
    before, after = adjustment.before or {}, adjustment.after or {}
    if adjustment.kind == Adjustment.Kind.ADD:
        return []
    return [{"field": field_label(k), "before": shown_value(k, before.get(k)), "after": shown_value(k, after.get(k))}
            for k in after if before.get(k) != after.get(k)]


@catalog_view
def item_detail(request, code):
    item = get_object_or_404(selectors.items_visible_to(request.user).prefetch_related("discretion_tiers"), code=code)
    as_of = None
    if request.GET.get("as_of"):
        form = ItemFilterForm({"as_of": request.GET["as_of"]}, user=request.user)
        if form.is_valid() and form.cleaned_data["as_of"]:
            as_of = form.cleaned_data["as_of"]
            if not item.is_valid_on(as_of):
                raise Http404(_("This item was not in the catalogue on that date."))
            item = selectors.overlay_as_of([item], as_of)[0]
    history = list(selectors.item_history(item))
    for adjustment in history:
        adjustment.changes = changes_of(adjustment)
    pending = sorted((a for a in history if a.pending), key=lambda a: (a.effective_date, a.pk))
    today = timezone.localdate()
    townships = list(access.scope(Empowerment.objects.in_force(today), request.user)
                     .filter(item=item).select_related("township").order_by("township__code"))
    tiers = getattr(item, "as_of_discretion_tiers", None)
    return render(request, "catalog/item_detail.html", {
        "item": item, "history": history, "pending": pending, "as_of": as_of, "empowerments": townships,
        "tiers": tiers if tiers is not None else list(item.discretion_tiers.all()),
        "tiers_are_snapshot": tiers is not None,
        "can_manage": access.can(request.user, "catalog.manage"),
    })


@catalog_view
def adjustment_list(request):
    adjustments = selectors.adjustments_visible_to(request.user).order_by("-effective_date", "-id")
    kind = request.GET.get("kind")
    if kind in Adjustment.Kind.values:
        adjustments = adjustments.filter(kind=kind)
    page = paginate(request, adjustments)
    return render(request, "catalog/adjustment_list.html", {
        "page": page, "adjustments": page.object_list, "kinds": Adjustment.Kind.choices, "kind": kind,
        "querystring": querystring(request),
    })
