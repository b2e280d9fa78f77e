from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from enforcement.reports.periods import Period
from rollup import services


class Command(BaseCommand):
    help = "Write this county's signed monthly forms (JSON) for YYYY-MM to a file (or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("month")
        parser.add_argument("--out", help="file to write; standard output when omitted")

    def handle(self, month, out=None, **options):
        try:
            period = Period.parse(month, field="month")
            envelope = services.build_envelope(period=period)
        except (ValidationError, ImproperlyConfigured) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        content = services.envelope_bytes(envelope)
        if out:
            Path(out).write_bytes(content)
            self.stdout.write(f"{out}: {len(content)} bytes, key {envelope['signature']['key_id']}")
        else:
            self.stdout.write(content.decode("utf-8"))
