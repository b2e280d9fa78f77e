from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from enforcement.workcalendar import importer, services


class Command(BaseCommand):
    help = ("Load the holiday calendar (art. 85 working days): --file FILE --year YEAR imports a State Council "
            "notice (docs/holiday-calendar.md; replaces that year, all or nothing); --package copies the "
            "chinesecalendar package's years the table does not hold yet.")

    def add_arguments(self, parser):
        parser.add_argument("--file", help="notice file: lines date,kind,name (UTF-8)")
        parser.add_argument("--year", type=int, help="the year the notice is for")
        parser.add_argument("--notice", default="", help="document number of the notice")
        parser.add_argument("--package", action="store_true", help="seed from the chinesecalendar package")

    def handle(self, *args, file=None, year=None, notice="", package=False, **options):
        if package:
            added = services.seed_from_package()
            self.stdout.write(_("Years added from the package: %(years)s")
                              % {"years": ", ".join(map(str, added)) or "—"})
        if file:
            if not year:
                raise CommandError(_("--year is required with --file."))
            data = Path(file).read_bytes()
            if len(data) > importer.MAX_BYTES:
                raise CommandError(_("The file is larger than %(kb)s KB.") % {"kb": importer.MAX_BYTES // 1024})
            text = importer.decode(data)
            if text is None:
                raise CommandError(_("The file is not UTF-8 text."))
            try:
                _record, rows = services.year_import(actor=None, year=year, text=text, notice=notice)
            except ValidationError as error:
                raise CommandError("\n".join(error.messages)) from error
            self.stdout.write(self.style.SUCCESS(_("%(year)s: %(n)s days loaded.") % {"year": year, "n": len(rows)}))
        if not package and not file:
            raise CommandError(_("Give --file FILE --year YEAR, or --package."))
