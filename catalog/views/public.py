"""The public catalogue (三项制度 事前公开): no login. The enforcement items in force with their legal basis, penalty
range, special lists and discretion benchmark; the 1+3 lists; each township's empowered items. Searchable and
paginated; no personal data (the catalogue holds none) and nothing about cases."""

from django import forms
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from townships.models import Empowerment, Township

from .. import selectors
from ..forms import SPECIAL_LIST_CHOICES
from ..models import Domain, Item, ItemStatus, ListTier, PowerType
from .common import paginate, querystring


def _blank(choices):
    return [("", _("all"))] + list(choices)


class PublicFilterForm(forms.Form):
    search = forms.CharField(label=_("search"), required=False, max_length=100,
                             help_text=_("Code, name, pinyin initials (e.g. zydl) or legal basis"))
    domain = forms.ModelChoiceField(label=_("domain"), queryset=Domain.objects.order_by("sort_order", "code"),
                                    to_field_name="code", required=False, empty_label=_("all"))
    power_type = forms.ChoiceField(label=_("power type"), choices=_blank(PowerType.choices), required=False)
    tier = forms.ChoiceField(label=_("list tier"), choices=_blank(ListTier.choices), required=False)
    special_list = forms.ChoiceField(label=_("special list"), choices=_blank(SPECIAL_LIST_CHOICES), required=False)


def _items_page(request, extra=None):
    form = PublicFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        items = Item.objects.none()
    else:
        items = selectors.public_items({**(form.cleaned_data if form.is_bound else {}), **(extra or {})})
    page = paginate(request, items, paginator_class=selectors.CachedCountPaginator)
    return form, page


@cache_control(public=True, max_age=300)
def public_catalogue(request):
    form, page = _items_page(request)
    today = timezone.localdate()
    active = selectors.in_force_today() & Q(status=ItemStatus.ACTIVE)
    counts = Item.objects.filter(active).aggregate(
        total=Count("id"), **{f"tier_{value}": Count("id", filter=Q(tier=value)) for value in ListTier.values},
        **{f"list_{name}": Count("id", filter=Q(**{name: True})) for name, _label in SPECIAL_LIST_CHOICES})
    return render(request, "catalog/public/index.html", {
        "form": form, "page": page, "querystring": querystring(request), "today": today, "counts": counts,
        "tiers": [(value, label, counts[f"tier_{value}"]) for value, label in ListTier.choices],
        "lists": [(name, label, counts[f"list_{name}"]) for name, label in SPECIAL_LIST_CHOICES],
    })


@cache_control(public=True, max_age=300)
def public_item(request, code):
    item = get_object_or_404(selectors.public_items().prefetch_related("discretion_tiers"), code=code)
    townships = (Empowerment.objects.in_force(timezone.localdate()).filter(item=item).select_related("township")
                 .order_by("township__code"))
    return render(request, "catalog/public/item.html", {
        "item": item, "tiers": list(item.discretion_tiers.all()), "townships": [e.township for e in townships],
        "lists": [(label, getattr(item, f"{name}_conditions")) for name, label in SPECIAL_LIST_CHOICES
                  if getattr(item, name)],
    })


@cache_control(public=True, max_age=300)
def public_townships(request):
    return render(request, "catalog/public/townships.html", {"townships": selectors.public_townships()})


@cache_control(public=True, max_age=300)
def public_township(request, code):
    township = get_object_or_404(Township.objects.select_related("hub"), code=code)
    form, page = _items_page(request, {"township": township})
    return render(request, "catalog/public/township.html", {
        "township": township, "form": form, "page": page, "querystring": querystring(request)})
