"""Seed the calendar from the `chinese_calendar` package (2004–2026 with version 1.11.0), and carry over the
retired EXTRA_HOLIDAYS / EXTRA_WORKDAYS variables when they are set while this migration runs."""

import datetime
import os
import uuid

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarRevision = apps.get_model("workcalendar", "CalendarRevision")
    held = set(CalendarYear.objects.values_list("year", flat=True))
    chinese = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    days = {day: ("holiday", chinese.get(name, name)) for day, name in constants.holidays.items()}
    days.update({day: ("workday", chinese.get(name, name)) for day, name in constants.workdays.items()})
    years = sorted({day.year for day in constants.holidays} - held)
    CalendarDay.objects.bulk_create([
        CalendarDay(date=day, year=day.year, kind=kind, name=name, source="package")
        for day, (kind, name) in sorted(days.items()) if day.year in years])
    CalendarYear.objects.bulk_create([CalendarYear(year=year, source="package") for year in years])
    for variable, kind in (("EXTRA_HOLIDAYS", "holiday"), ("EXTRA_WORKDAYS", "workday")):
        for value in os.environ.get(variable, "").split(","):
            if value.strip():
                day = datetime.date.fromisoformat(value.strip())
                CalendarDay.objects.update_or_create(
                    date=day, defaults={"year": day.year, "kind": kind, "name": variable, "source": "manual",
                                        "note": f"{variable} (environment variable, retired)"})
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})


def unseed(apps, schema_editor):
    apps.get_model("workcalendar", "CalendarDay").objects.filter(source="package").delete()
    apps.get_model("workcalendar", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
