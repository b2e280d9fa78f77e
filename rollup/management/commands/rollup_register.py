from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rollup import services


class Command(BaseCommand):
    help = "Register (or re-key) a county whose signed forms this deployment imports: code, name, public key file."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("name")
        parser.add_argument("public_key_file")

    def handle(self, code, name, public_key_file, **options):
        try:
            county = services.county_register(actor=None, code=code, name=name, system=True,
                                              public_key_pem=Path(public_key_file).read_text(encoding="ascii"))
        except (ValidationError, OSError, UnicodeDecodeError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(f"{county.name} ({county.code}) key {county.key_id}")
