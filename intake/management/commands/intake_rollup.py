from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.services.rollup import rollup_refresh


class Command(BaseCommand):
    help = ("Rebuild the daily clue figures (intake.DailyRollup) of the last N days (default 400) and the months "
            "they fall in (intake.MonthRollup).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=400)

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        rows = rollup_refresh(start=today - timedelta(days=days), end=today)
        self.stdout.write(f"{rows} rows")
