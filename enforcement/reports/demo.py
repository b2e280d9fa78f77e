"""Demo data of the reports app: rollups, staff's ease ratings for part of the empowered items (两易), and last
month's county report, built once (idempotent: a rerun replaces the same report)."""

from django.utils import timezone

from enforcement.accounts.models import Role, User
from townships.models import Empowerment

from .models import EaseRating, MonthlyReport
from .periods import Period

RATED_SHARE = 0.3


def seed(*, stdout, rng):
    from . import rollup

    # the demo cases and inspections were bulk-created (no ORM signals): build the figures' rollups from them
    built = rollup.rebuild()
    stdout.write(f"reports: rollups {built['case']} case and {built['inspection']} inspection rows")
    staff = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
    created = 0
    if staff is not None and not EaseRating.objects.filter(is_demo=True).exists():
        now = timezone.now()
        pairs = list(Empowerment.objects.in_force(timezone.localdate()).order_by("township_id", "item_id")
                     .values_list("township_id", "item_id").distinct())
        ratings = [
            EaseRating(township_id=township_id, item_id=item_id, easy_to_take_over=rng.choice([2, 3, 4, 4, 5]),
                       easy_to_operate=rng.choice([1, 2, 3, 4, 5]), rated_by=staff, rated_at=now, is_demo=True)
            for township_id, item_id in pairs if rng.random() < RATED_SHARE
        ]
        created = len(EaseRating.objects.bulk_create(ratings, batch_size=1000, ignore_conflicts=True))
    period = Period.previous_month()
    report = MonthlyReport.objects.filter(period=period.start, township__isnull=True,
                                          status=MonthlyReport.Status.DONE).first()
    if report is None:
        from .services import monthly_report_generate_now

        report = monthly_report_generate_now(period=period)
    stdout.write(f"reports: {created} ease ratings, county report {period.key} ({report.file_size // 1024} KB)")
