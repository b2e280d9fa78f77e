"""Pages of the holiday calendar: a year's days, add / edit / delete a day, confirm a year, import a notice."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enforcement.accounts import access
from enforcement.core import workdays
from enforcement.core.forms import add_service_errors

from . import selectors, services
from .forms import ConfirmYearForm, DayForm, ImportForm, YearForm


def _year_url(year):
    return f"{reverse('workcalendar:index')}?year={year}"


def _day_or_404(request, date):
    try:
        parsed = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise Http404(_("No such day in the calendar.")) from error
    return get_object_or_404(selectors.day_list(actor=request.user, year=parsed.year), date=parsed)


@login_required
def index(request):
    access.require(request.user, "calendar.view")
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year
    snap = workdays.snapshot()
    years = list(selectors.year_list(actor=request.user))
    record = next((y for y in years if y.year == year), None)
    return render(request, "workcalendar/index.html", {
        "form": form, "year": year, "record": record, "years": years,
        "days": selectors.day_list(actor=request.user, year=year),
        "covered": year in snap.covered_years, "from_package_only": year in snap.covered_years and record is None,
        "coverage": selectors.coverage(), "can_manage": access.can(request.user, "calendar.manage"),
        "confirm_form": ConfirmYearForm(initial={"year": year}),
        "previous_year": year - 1, "next_year": year + 1,
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def day_edit(request, date=None):
    access.require(request.user, "calendar.manage")
    day = _day_or_404(request, date) if date is not None else None
    initial = {"date": day.date, "kind": day.kind, "name": day.name, "note": day.note} if day else {}
    form = DayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.day_save(actor=request.user, day=day, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(day)s has been saved.") % {"day": f"{saved.date:%Y-%m-%d}"})
            return redirect(_year_url(saved.year))
    return render(request, "workcalendar/day_form.html", {"form": form, "day": day},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def day_delete(request, date):
    access.require(request.user, "calendar.manage")
    day = _day_or_404(request, date)
    if request.method == "POST":
        services.day_delete(actor=request.user, day=day)
        messages.success(request, _("%(day)s has been removed from the calendar.") % {"day": f"{day.date:%Y-%m-%d}"})
        return redirect(_year_url(day.year))
    return render(request, "workcalendar/day_delete.html", {"day": day})


@login_required
@require_http_methods(["POST"])
def year_confirm(request):
    access.require(request.user, "calendar.manage")
    form = ConfirmYearForm(request.POST)
    if form.is_valid():
        try:
            services.year_confirm(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(year)s is marked as covered by official data.")
                             % {"year": form.cleaned_data["year"]})
        return redirect(_year_url(form.cleaned_data["year"]))
    messages.error(request, _("Choose a valid year."))
    return redirect("workcalendar:index")


@login_required
@require_http_methods(["GET", "POST"])
def import_notice(request):
    access.require(request.user, "calendar.manage")
    form = ImportForm(request.POST or None, request.FILES or None,
                      initial={"year": timezone.localdate().year + 1})
    line_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _record, rows = services.year_import(actor=request.user, year=data["year"], text=data["content"],
                                                 notice=data.get("notice") or "")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                line_errors = error.messages
                form.add_error(None, _("Nothing was imported: correct these %(n)s errors and import again.")
                               % {"n": len(line_errors)})
        else:
            messages.success(request, _("%(year)s: %(n)s days imported; the year is covered.")
                             % {"year": data["year"], "n": len(rows)})
            return redirect(_year_url(data["year"]))
    return render(request, "workcalendar/import.html", {"form": form, "line_errors": line_errors},
                  status=400 if form.errors else 200)
