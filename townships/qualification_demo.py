"""Demo qualifications: last year's and this year's annual reviews (年审), exams, training hours, legal
professionals. Runs after the other demo modules (so draws and cases were built on the certificates as they
were). Idempotent: nothing is added once demo reviews exist.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from .models import CertificateReview, Officer, QualificationExam, TrainingRecord

COURSES = ["行政处罚法专题培训", "综合行政执法业务轮训", "行政执法三项制度", "执法文书制作规范", "证据收集与固定",
           "安全生产执法实务", "市场监管执法实务", "城市管理执法规范", "行政强制法解读", "执法记录仪使用"]
FAILURE_NOTES = ["年审考试成绩不合格", "年度培训学时不足且未参加补训", "执法案卷评查发现重大问题"]


def seed(*, stdout, rng):
    if CertificateReview.objects.filter(is_demo=True).exists():
        stdout.write("qualifications: demo records exist, skipped")
        return
    today = timezone.localdate()
    officers = list(Officer.objects.filter(is_active=True, certificate_number__isnull=False)
                    .order_by("employee_number").only("pk", "category", "certificate_expiry"))
    legal = [o.pk for o in officers if o.category == Officer.Category.LAW_ENFORCEMENT and rng.random() < 0.15]
    Officer.objects.filter(pk__in=legal).update(has_legal_qualification=True)
    reviews, exams, trainings, suspended = [], [], [], {}
    this_year_share = min(1.0, max(0.0, (today.timetuple().tm_yday - 45) / 200))
    for officer in officers:
        for year, share in ((today.year - 1, 1.0), (today.year, this_year_share)):
            reviewed_on = date(year, 3, 1) + timedelta(days=rng.randint(0, 60))
            if rng.random() >= share or reviewed_on > today:
                continue
            failed = rng.random() < 0.012
            score = Decimal(rng.randint(40, 59) if failed else rng.randint(62, 98))
            reviews.append(CertificateReview(officer_id=officer.pk, year=year, reviewed_on=reviewed_on,
                                             result="failed" if failed else "passed",
                                             note=rng.choice(FAILURE_NOTES) if failed else "", is_demo=True))
            exams.append(QualificationExam(officer_id=officer.pk, kind="annual", title=f"{year}年度执法资格年审考试",
                                           taken_on=reviewed_on - timedelta(days=7), score=score, is_demo=True))
            suspended[officer.pk] = reviewed_on if failed else None
        for year in (today.year - 1, today.year):
            last = min(today, date(year, 12, 31))
            days = (last - date(year, 1, 1)).days
            for n, course in enumerate(rng.sample(COURSES, rng.randint(3, 8))):
                attended = date(year, 1, 1) + timedelta(days=rng.randint(0, max(days, 0)))
                trainings.append(TrainingRecord(officer_id=officer.pk, attended_on=attended, course=course,
                                                organiser="区综合行政执法局" if n % 2 else "区司法局",
                                                hours=Decimal(rng.choice([4, 8, 8, 12, 16, 24])), is_demo=True))
    CertificateReview.objects.bulk_create(reviews, batch_size=2000, ignore_conflicts=True)
    QualificationExam.objects.bulk_create(exams, batch_size=2000, ignore_conflicts=True)
    TrainingRecord.objects.bulk_create(trainings, batch_size=2000, ignore_conflicts=True)
    for officer_id, day in suspended.items():
        if day is not None:
            Officer.objects.filter(pk=officer_id).update(certificate_suspended_on=day)
    stdout.write(f"qualifications: {len(reviews)} annual reviews, {len(exams)} exams, {len(trainings)} training "
                 f"records, {len(legal)} legal professionals, "
                 f"{sum(1 for day in suspended.values() if day)} certificates suspended")
