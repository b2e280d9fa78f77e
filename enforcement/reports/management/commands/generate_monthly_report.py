"""`manage.py generate_monthly_report YYYY-MM [--township CODE]`: build a monthly report by hand, now."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from enforcement.reports.periods import MONTH_RE, Period
from enforcement.reports.services import monthly_report_generate_now
from townships.models import Township


class Command(BaseCommand):
    help = "Build the monthly report of one month for the county, or for one township with --township."

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM, e.g. 2026-10")
        parser.add_argument("--township", help="township code; without it the county-wide report")

    def handle(self, *args, month, township=None, **options):
        if not MONTH_RE.match(month.strip()):
            raise CommandError(_("“%(value)s” is not a month: write it as YYYY-MM, for example 2026-10.")
                               % {"value": month})
        try:
            period = Period.parse(month, field="month")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        target = None
        if township:
            target = Township.objects.filter(code=township.strip()).first()
            if target is None:
                raise CommandError(_("There is no township with the code “%(code)s”.") % {"code": township})
        started = time.monotonic()
        try:
            report = monthly_report_generate_now(period=period, township=target)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if report is None:
            raise CommandError(_("This report is being generated right now; try again in a few minutes."))
        self.stdout.write(self.style.SUCCESS(
            _("%(name)s: %(path)s (%(size)s bytes, %(seconds).1f s)") % {
                "name": str(report), "path": report.file.name, "size": report.file_size,
                "seconds": time.monotonic() - started}))
