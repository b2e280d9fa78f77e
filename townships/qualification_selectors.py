"""Reads of officer qualifications (年审, exams, training hours, legal professionals). Scoped like officers."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from enforcement.accounts import access

from .models import CertificateReview, Officer, QualificationExam, TrainingRecord
from .qualifications import training_hours_target

REVIEW_FILTERS = ("none", "passed", "failed")


def with_qualifications(queryset, year):
    """Annotate officers with the year's review result, training hours and latest exam (subqueries, no N+1)."""
    review = CertificateReview.objects.filter(officer=OuterRef("pk"), year=year)
    hours = (TrainingRecord.objects.filter(officer=OuterRef("pk"), attended_on__year=year).order_by()
             .values("officer").annotate(total=Sum("hours")).values("total"))
    exam = QualificationExam.objects.filter(officer=OuterRef("pk")).order_by("-taken_on", "-id")
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=6, decimal_places=1))
    return queryset.annotate(
        review_result=Subquery(review.values("result")[:1]),
        review_note=Subquery(review.values("note")[:1]),
        training_hours=Coalesce(Subquery(hours, output_field=DecimalField(max_digits=6, decimal_places=1)), zero),
        exam_score=Subquery(exam.values("score")[:1]),
        exam_pass_mark=Subquery(exam.values("pass_mark")[:1]),
    )


def _share(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class QualificationSummary:
    """A township's (or the county's) qualification figures for one year."""

    year: int
    target_hours: Decimal
    certified: int = 0
    reviewed: int = 0
    failed: int = 0
    suspended: int = 0
    training_met: int = 0
    training_hours: Decimal = Decimal("0")
    law_enforcement: int = 0
    legal_professionals: int = 0

    @property
    def review_pct(self):
        return _share(self.reviewed, self.certified)

    @property
    def training_met_pct(self):
        return _share(self.training_met, self.certified)

    @property
    def average_hours(self):
        if not self.certified:
            return None
        return (self.training_hours / self.certified).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def legal_professional_pct(self):
        return _share(self.legal_professionals, self.law_enforcement)

    @classmethod
    def of(cls, officers, year, today=None):
        """From officers annotated by `with_qualifications`; only active ones count."""
        today = today or timezone.localdate()
        summary = cls(year=year, target_hours=training_hours_target())
        for officer in officers:
            if not officer.is_active:
                continue
            if officer.category == Officer.Category.LAW_ENFORCEMENT:
                summary.law_enforcement += 1
                summary.legal_professionals += officer.has_legal_qualification
            if not officer.certificate_number:
                continue
            summary.certified += 1
            summary.reviewed += officer.review_result is not None
            summary.failed += officer.review_result == CertificateReview.Result.FAILED
            summary.suspended += officer.certificate_status(today) == "suspended"
            summary.training_hours += officer.training_hours
            summary.training_met += officer.training_hours >= summary.target_hours
        return summary


def qualification_list(*, actor, year, township=None, review=None, below_target=False):
    """Active officers holding a certificate, with the year's qualification figures, by employee number."""
    officers = access.scope(Officer.objects.select_related("township", "home_department"), actor).filter(
        is_active=True, certificate_number__isnull=False)
    if township is not None:
        officers = officers.filter(township=township)
    officers = with_qualifications(officers, year)
    if review == "none":
        officers = officers.filter(review_result__isnull=True)
    elif review in ("passed", "failed"):
        officers = officers.filter(review_result=review)
    if below_target:
        officers = officers.filter(training_hours__lt=training_hours_target())
    return officers.order_by("employee_number")


def county_summary(*, actor, year, township=None):
    """The summary over every officer the actor may see (one query, aggregated in the database)."""
    officers = access.scope(Officer.objects.filter(is_active=True), actor)
    if township is not None:
        officers = officers.filter(township=township)
    return QualificationSummary.of(with_qualifications(officers, year).only(
        "pk", "is_active", "category", "certificate_number", "certificate_expiry", "certificate_suspended_on",
        "has_legal_qualification"), year)


@dataclass
class OfficerQualifications:
    officer: Officer
    reviews: list
    exams: list
    trainings: list
    hours_by_year: dict
    target_hours: Decimal


def officer_qualifications(*, actor, employee_number):
    """One officer the actor may see (else 404) with every review, exam and training record."""
    officer = get_object_or_404(access.scope(Officer.objects.select_related("township", "home_department"),
                                             actor), employee_number=employee_number)
    trainings = list(officer.trainings.order_by("-attended_on", "-id"))
    hours = {}
    for record in trainings:
        hours[record.attended_on.year] = hours.get(record.attended_on.year, Decimal("0")) + record.hours
    return OfficerQualifications(
        officer=officer,
        reviews=list(officer.certificate_reviews.select_related("recorded_by").order_by("-year")),
        exams=list(officer.exams.order_by("-taken_on", "-id")),
        trainings=trainings,
        hours_by_year=dict(sorted(hours.items(), reverse=True)),
        target_hours=training_hours_target(),
    )
