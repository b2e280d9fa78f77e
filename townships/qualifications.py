"""Writes of officer qualifications: annual certificate review (年审), exams, training hours.

The latest annual review decides whether the officer's certificate is suspended: a failed review suspends it
from the review date (the officer can then be chosen neither as a handling officer, nor for a draw or an
inspection: `Officer.has_valid_certificate` and `OfficerQuerySet.with_valid_certificate`); a passing
re-review lifts the suspension.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from .models import CertificateReview, Officer, QualificationExam, TrainingRecord


def training_hours_target():
    """Yearly training hours each officer should reach (setting TRAINING_HOURS_TARGET)."""
    return Decimal(str(settings.TRAINING_HOURS_TARGET))


def _not_in_future(field, day, today):
    if day > today:
        raise ValidationError({field: _("The date cannot be in the future.")})


def _save_once(record, field, message):
    """Insert `record`; its unique constraint (one a day) refuses a repeat with `message` on `field`."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError({field: message}) from error


def _locked_officer(actor, officer):
    access.require(actor, "qualification.manage", obj=officer)
    return Officer.objects.select_for_update().get(pk=officer.pk)


@transaction.atomic
def certificate_review_record(*, actor, officer, year, reviewed_on, result, note="", today=None):
    """Record (or correct, by a re-review) the officer's annual certificate review for `year`."""
    today = today or timezone.localdate()
    officer = _locked_officer(actor, officer)
    if not officer.certificate_number:
        raise ValidationError({"officer": _("%(name)s holds no enforcement certificate to review.") % {
            "name": officer.name}})
    _not_in_future("reviewed_on", reviewed_on, today)
    if not year <= reviewed_on.year <= year + 1:
        raise ValidationError({"reviewed_on": _(
            "The review of %(year)s takes place in %(year)s or early the following year.") % {"year": year}})
    note = (note or "").strip()
    if result == CertificateReview.Result.FAILED and not note:
        raise ValidationError({"note": _("Give the reason why the review failed.")})
    review = CertificateReview.objects.filter(officer=officer, year=year).first()
    updated = review is not None
    review = review or CertificateReview(officer=officer, year=year)
    review.reviewed_on, review.result, review.note = reviewed_on, result, note
    review.recorded_by, review.recorded_at = actor, timezone.now()
    review.full_clean(exclude=["officer"])
    review.save()
    latest = officer.certificate_reviews.order_by("-year").first()
    suspended_on = latest.reviewed_on if latest.result == CertificateReview.Result.FAILED else None
    if officer.certificate_suspended_on != suspended_on:
        officer.certificate_suspended_on = suspended_on
        officer.save(update_fields=["certificate_suspended_on"])
    audit.record("org.certificate_review_recorded", actor=actor, obj=officer, year=year, result=result,
                 corrected=updated, suspended=suspended_on is not None)
    return review


@transaction.atomic
def exam_record(*, actor, officer, kind, title, taken_on, score, pass_mark=Decimal("60"), today=None):
    today = today or timezone.localdate()
    officer = _locked_officer(actor, officer)
    _not_in_future("taken_on", taken_on, today)
    exam = QualificationExam(officer=officer, kind=kind, title=(title or "").strip(), taken_on=taken_on,
                             score=score, pass_mark=pass_mark, recorded_by=actor)
    exam.full_clean(exclude=["officer"], validate_unique=False)
    _save_once(exam, "taken_on", _("This exam of %(name)s on %(date)s is already recorded.") % {
        "name": officer.name, "date": taken_on.isoformat()})
    audit.record("org.exam_recorded", actor=actor, obj=officer, kind=kind, score=str(score), passed=exam.passed)
    return exam


@transaction.atomic
def training_record(*, actor, officer, attended_on, course, hours, organiser="", today=None):
    today = today or timezone.localdate()
    officer = _locked_officer(actor, officer)
    _not_in_future("attended_on", attended_on, today)
    record = TrainingRecord(officer=officer, attended_on=attended_on, course=(course or "").strip(),
                            organiser=(organiser or "").strip(), hours=hours, recorded_by=actor)
    record.full_clean(exclude=["officer"], validate_unique=False)
    _save_once(record, "course", _("%(name)s's attendance of this course on %(date)s is already recorded.") % {
        "name": officer.name, "date": attended_on.isoformat()})
    audit.record("org.training_recorded", actor=actor, obj=officer, hours=str(hours), course=record.course)
    return record
