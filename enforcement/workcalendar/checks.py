"""`manage.py check`: warn when the next 90 days are not covered by official holiday data (art. 85)."""

import os

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils.translation import gettext as _

LEGACY_VARIABLES = ("EXTRA_HOLIDAYS", "EXTRA_WORKDAYS")


@register("workcalendar")
def calendar_coverage(app_configs=None, **kwargs):
    from enforcement.core import workdays

    messages = []
    try:
        missing = workdays.coverage_gap()
    except (DatabaseError, RuntimeError):
        # Not migrated yet (first `migrate`), no database, or checks run where the database may not be used (a
        # Celery worker validating models under pytest-django raises RuntimeError): nothing to say about the data.
        missing = ()
    if missing:
        messages.append(Warning(
            _("The holiday calendar has no official data for %(years)s, within the next %(days)s days: working-day "
              "deadlines (art. 85) there count Monday to Friday and are provisional.")
            % {"years": "、".join(map(str, missing)), "days": workdays.COVERAGE_HORIZON_DAYS},
            hint=_("Import the State Council's notice at /calendar/import/ or run "
                   "`manage.py load_holiday_calendar --year YEAR --file FILE` (docs/holiday-calendar.md)."),
            id="workcalendar.W001"))
    legacy = [name for name in LEGACY_VARIABLES if os.environ.get(name, "").strip()]
    if legacy:
        messages.append(Warning(
            _("%(names)s are no longer read: the holiday calendar is a table the bureau maintains.")
            % {"names": ", ".join(legacy)},
            hint=_("Their dates were copied into the calendar when migration workcalendar 0002 ran; check them "
                   "at /calendar/ and remove the variables."),
            id="workcalendar.W002"))
    return messages
