"""The public page of published penalty decisions (行政处罚法 art. 48): no login, no personal data of citizens,
no link into the rest of the system. Reads only `Publication` rows that are not withdrawn."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models_publication import Publication

PER_PAGE = 20
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PublicSearchForm(forms.Form):
    item = forms.CharField(label=_("Enforcement item (code or name)"), max_length=100, required=False)
    date_from = forms.DateField(label=_("Decided from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Decided until"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def published(today=None):
    """Not withdrawn and within the longest publicity period (信用修复 rules: general breaches 12 months, serious
    36, from the decision; credit.rules reads the settings)."""
    from django.utils import timezone

    from credit.rules import shown_since

    today = today or timezone.localdate()
    return Publication.objects.filter(
        Q(serious=False, decided_on__gte=shown_since(today, serious=False))
        | Q(serious=True, decided_on__gte=shown_since(today, serious=True)), withdrawn_on=None)


@require_GET
def decision_list(request):
    form = PublicSearchForm(request.GET or None)
    rows = published()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("item"):
            rows = rows.filter(Q(item_code=data["item"]) | Q(item_name__icontains=data["item"]))
        if data.get("date_from"):
            rows = rows.filter(decided_on__gte=data["date_from"])
        if data.get("date_to"):
            rows = rows.filter(decided_on__lte=data["date_to"])
    page = Paginator(rows.order_by("-decided_on", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "cases/public/decision_list.html",
                  {"form": form, "page": page, "querystring": querystring.urlencode()}, status=status)


@require_GET
def decision_detail(request, pk):
    return render(request, "cases/public/decision_detail.html",
                  {"publication": get_object_or_404(published(), pk=pk)})
