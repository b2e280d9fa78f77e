from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from rollup import services


class Command(BaseCommand):
    help = "Verify and import counties' signed forms files; each refused file is reported with its reason."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, files, **options):
        refused = 0
        for name in files:
            try:
                submission = services.store_file(content=Path(name).read_bytes(), name=name)
            except (ValidationError, OSError) as error:
                refused += 1
                self.stderr.write(f"{name}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                self.stdout.write(f"{name}: {submission.county.name} {submission.month}")
        if refused:
            raise SystemExit(1)
