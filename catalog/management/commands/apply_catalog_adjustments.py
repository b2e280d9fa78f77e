"""Apply the catalogue amendments whose effective date has come (what the daily beat task does)."""

from django.core.management.base import BaseCommand

from catalog.services import adjustments_apply_due


class Command(BaseCommand):
    help = "Apply pending catalogue amendments that are due today or earlier (idempotent)."

    def handle(self, *args, **options):
        count = adjustments_apply_due()
        self.stdout.write(f"{count} pending amendment(s) applied.")
