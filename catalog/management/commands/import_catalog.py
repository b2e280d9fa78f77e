from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.services.importing import ImportFileError, import_catalog


class Command(BaseCommand):
    help = "Import catalogue items from an .xlsx or .csv file (all or nothing). Use --dry-run to only check it."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        parser.add_argument("--document-number", default="", help="document number recorded on adjustments")
        parser.add_argument("--effective-date", default="", help="YYYY-MM-DD, default today")

    def handle(self, *args, file, dry_run, document_number, effective_date, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        try:
            effective = date.fromisoformat(effective_date) if effective_date else None
        except ValueError as exc:
            raise CommandError(_("Enter a date as YYYY-MM-DD.")) from exc
        try:
            result = import_catalog(actor=None, content=path.read_bytes(), filename=path.name, dry_run=dry_run,
                                    document_number=document_number, effective_date=effective)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(_("Row %(row)s, column “%(column)s”: %(message)s") % error)
            raise CommandError(_("%(n)s errors found; nothing was imported.") % {"n": len(result.errors)})
        summary = _("%(total)s rows: %(created)s added, %(updated)s amended, %(retired)s retired, "
                    "%(unchanged)s unchanged.") % {
            "total": result.total, "created": result.created, "updated": result.updated, "retired": result.retired,
            "unchanged": result.unchanged}
        if dry_run:
            summary += " " + _("Dry run: nothing was written.")
        self.stdout.write(self.style.SUCCESS(summary))
