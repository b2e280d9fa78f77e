from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enforcement.reports import rollup


def _date(text):
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"不是有效日期(YYYY-MM-DD):{text}") from exc


class Command(BaseCommand):
    help = ("Rebuild the figures' rollups (reports.CaseFact, reports.InspectionFact) from the cases and "
            "inspections: all days, the last N days (--days), or --start/--end.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="only the last N days (and any day ahead)")
        parser.add_argument("--start", type=_date)
        parser.add_argument("--end", type=_date)

    def handle(self, *args, days=None, start=None, end=None, **options):
        if days is not None:
            if days < 0:
                raise CommandError("--days 不能为负数")
            start = timezone.localdate() - timedelta(days=days)  # up to any day ahead
        if start and end and start > end:
            raise CommandError("--start 不能晚于 --end")
        result = rollup.rebuild(start, end)
        removed = rollup.compact()
        self.stdout.write(f"案件汇总 {result['case']} 条,检查汇总 {result['inspection']} 条,清除空行 {removed} 条")
