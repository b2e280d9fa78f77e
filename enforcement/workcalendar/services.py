"""Every write to the holiday calendar: audited, and each one changes the revision the working-day function
memoises by (enforcement/core/workdays.py)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.audit import services as audit
from enforcement.core import workdays

from . import importer
from .models import CalendarDay, CalendarRevision, CalendarYear, DayKind, Source

MIN_YEAR, MAX_YEAR = 2000, 2100


def _changed():
    """New revision token (other processes reload) and a fresh memo here, also after the commit."""
    updated = CalendarRevision.objects.filter(pk=1).update(token=uuid.uuid4())
    if not updated:
        CalendarRevision.objects.create(pk=1)
    workdays.reset()
    transaction.on_commit(workdays.reset)


def _check_year(year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("The year must lie between %(min)s and %(max)s.")
                               % {"min": MIN_YEAR, "max": MAX_YEAR}})


def check_day(*, date, kind, name):
    errors = {}
    if kind not in DayKind.values:
        errors["kind"] = _("Choose holiday or make-up working day.")
    if not name.strip():
        errors["name"] = _("The holiday name is missing.")
    if kind == DayKind.WORKDAY and date.weekday() < 5:
        errors["kind"] = _("%(day)s is a weekday: a make-up working day (调休) is a Saturday or Sunday.") % {
            "day": f"{date:%Y-%m-%d}"}
    if errors:
        raise ValidationError(errors)
    _check_year(date.year)


@transaction.atomic
def day_save(*, actor, date, kind, name, note="", day=None):
    """Add a day (day=None) or change one; the date of an existing day may change too."""
    check_day(date=date, kind=kind, name=name)
    clash = CalendarDay.objects.filter(date=date).exclude(pk=getattr(day, "pk", None))
    if clash.exists():
        raise ValidationError({"date": _("%(day)s is already in the calendar: edit that day instead.")
                               % {"day": f"{date:%Y-%m-%d}"}})
    created = day is None
    before = None if created else {"date": f"{day.date:%Y-%m-%d}", "kind": day.kind, "name": day.name}
    if created:
        day = CalendarDay(source=Source.MANUAL)
    else:
        day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    day.date, day.kind, day.name, day.note, day.updated_by = date, kind, name.strip(), note.strip(), actor
    if not created:
        day.source = Source.MANUAL
    day.full_clean(exclude=["year", "updated_by"])
    day.save()
    _changed()
    audit.record("calendar.day_created" if created else "calendar.day_changed", actor=actor, obj=day,
                 date=f"{date:%Y-%m-%d}", kind=kind, name=day.name, before=before)
    return day


@transaction.atomic
def day_delete(*, actor, day):
    gone = {"date": f"{day.date:%Y-%m-%d}", "kind": day.kind, "name": day.name, "source": day.source}
    CalendarDay.objects.filter(pk=day.pk).delete()
    _changed()
    audit.record("calendar.day_deleted", actor=actor, obj=None, **gone)


def check_confirmable(year):
    _check_year(year)
    if not CalendarDay.objects.filter(year=year, kind=DayKind.HOLIDAY).exists():
        raise ValidationError({"year": _("%(year)s has no public holiday in the calendar yet: enter the notice's "
                                         "days first or import it.") % {"year": year}})


@transaction.atomic
def year_confirm(*, actor, year, notice=""):
    """Declare a year's official data complete (entered day by day from the notice): the year is covered."""
    check_confirmable(year)
    record, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": Source.MANUAL, "notice": notice.strip(), "confirmed_by": actor})
    _changed()
    audit.record("calendar.year_confirmed", actor=actor, obj=record, year=year, notice=record.notice)
    return record


@transaction.atomic
def year_import(*, actor, year, text, notice=""):
    """Replace `year`'s days by the notice's (all or nothing) and mark the year covered.

    Raises ValidationError with one message per bad line (row, column, reason) and writes nothing then."""
    _check_year(year)
    rows, errors = importer.parse(text, year=year)
    if errors:
        raise ValidationError([str(error) for error in errors])
    replaced = CalendarDay.objects.filter(year=year).delete()[0]
    CalendarDay.objects.bulk_create([
        CalendarDay(date=row.date, year=row.date.year, kind=row.kind, name=row.name, source=Source.NOTICE,
                    updated_by=actor) for row in rows])
    record, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": Source.NOTICE, "notice": notice.strip(), "confirmed_by": actor})
    _changed()
    holidays = sum(row.kind == DayKind.HOLIDAY for row in rows)
    audit.record("calendar.year_imported", actor=actor, obj=record, year=year, notice=record.notice,
                 holidays=holidays, workdays=len(rows) - holidays, replaced=replaced)
    return record, rows


@transaction.atomic
def seed_from_package(*, actor=None, years=None):
    """Copy the `chinese_calendar` package's years into the table (never over a year the table already holds).

    Returns the years added. Used by the data migration, `manage.py load_holiday_calendar --package` (after a
    newer package) and the demo seed."""
    days, package_years = workdays.package_days()
    wanted = sorted(set(years) & package_years if years else package_years)
    held = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    added = [year for year in wanted if year not in held]
    if not added:
        return []
    CalendarDay.objects.filter(year__in=added).delete()
    CalendarDay.objects.bulk_create([
        CalendarDay(date=day, year=day.year, kind=kind, name=name, source=Source.PACKAGE)
        for day, (kind, name) in sorted(days.items()) if day.year in added])
    CalendarYear.objects.bulk_create([CalendarYear(year=year, source=Source.PACKAGE) for year in added])
    _changed()
    audit.record("calendar.package_seeded", actor=actor, years=added)
    return added
