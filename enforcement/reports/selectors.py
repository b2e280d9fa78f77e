"""Reads of the reports app; every queryset starts from `access.scope`."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404

from catalog.models import Item
from enforcement.accounts import access
from townships.models import Empowerment, Township

from .models import MonthlyReport
from .periods import MONTH_RE, Period


def reports_visible_to(actor):
    return access.scope(MonthlyReport.objects.select_related("township"), actor)


def latest_report_part(*, actor, township):
    """The latest finished monthly report of a scope (township None: the county's), as a one-row aggregate for
    `aggregate_together` (its month); None for a role that may not open reports, which is offered no link."""
    if not access.can(actor, "report.view"):
        return None
    reports = reports_visible_to(actor).filter(status=MonthlyReport.Status.DONE, township=township)
    return reports, {"period": Max("period")}


def latest_report(figures, *, township):
    """The report `latest_report_part` found (its figures: {"period": ...}) as an unsaved `MonthlyReport`, which
    names the download (month and scope) for a template; None when there is none."""
    month = (figures or {}).get("period")
    if not month:
        return None
    return MonthlyReport(period=datetime.date.fromisoformat(str(month)), township=township)


def report_list(*, actor, filters=None):
    access.require(actor, "report.view")
    reports = reports_visible_to(actor).order_by("-period", "township__code")
    filters = filters or {}
    if filters.get("township"):
        reports = reports.filter(township__code=filters["township"])
    return reports


def report_for(*, actor, period_key, scope_code):
    """One report by month and scope ("county" or a township code); 404 outside the actor's scope."""
    access.require(actor, "report.view")
    try:
        if not MONTH_RE.match(period_key):
            raise ValidationError("malformed month")
        period = Period.parse(period_key, allow_future=True).start
    except ValidationError as exc:
        raise Http404 from exc
    reports = reports_visible_to(actor).filter(period=period)
    if scope_code == "county":
        return get_object_or_404(reports, township__isnull=True)
    return get_object_or_404(reports, township__code=scope_code)


def township_for(*, actor, code):
    return get_object_or_404(access.scope(Township.objects.all(), actor), code=code)


def empowered_item_for(*, actor, township, item_code, on_date):
    """An item empowered to the township on the date (404 otherwise)."""
    empowered = access.scope(Empowerment.objects.in_force(on_date), actor).filter(township=township)
    return get_object_or_404(Item.objects.filter(pk__in=empowered.values("item")), code=item_code)
