"""Every write of assessment: index weights, complaints, officer assessments and the points ledger.

Each service checks the permission and the scope (access.require), validates with Chinese messages that name
the field, writes atomically and audits.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.accounts.models import Role
from enforcement.audit import services as audit
from townships.models import Officer

from .index import INDICATORS
from .models import IndexWeight, OfficerAssessment, OfficerComplaint, PointEntry, Unit
from .officers import POINTS, combine, grade, officer_records

MIN_TOWNSHIP_WEIGHT = Decimal(50)  # seed 003: the township's share of a posted officer's result 不低于50%


def _decimal(value, field, *, low=Decimal(0), high=Decimal(100)):
    error = ValidationError({field: _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}})
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise error from None
    if not number.is_finite() or not low <= number <= high:
        raise error
    return number.quantize(Decimal("0.01"))


def default_township_weight():
    return Decimal(str(settings.ASSESSMENT_TOWNSHIP_WEIGHT))


def record_weight():
    return Decimal(str(settings.ASSESSMENT_RECORD_WEIGHT))


# ------------------------------------------------------------------------------------------------ index weights
@transaction.atomic
def weights_update(*, actor, unit, weights):
    """Replace the unit's index weights; they must be rates of the unit's indicators and add up to 100."""
    access.require(actor, "assessment.configure")
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Choose townships or departments.")})
    allowed = {str(name) for name in INDICATORS[unit]}
    unknown = sorted(set(weights) - allowed)
    if unknown:
        raise ValidationError({"weights": _("Not an indicator of this index: %(names)s") % {
            "names": ", ".join(unknown)}})
    parsed = {name: _decimal(weights.get(name, 0), name) for name in allowed}
    total = sum(parsed.values(), Decimal(0))
    if total != 100:
        raise ValidationError({"weights": _("The weights add up to %(total)s%%; they must add up to 100%%.") % {
            "total": total.normalize()}})
    now = timezone.now()
    for name, weight in parsed.items():
        IndexWeight.objects.update_or_create(unit=unit, indicator=name, defaults={
            "weight": weight, "updated_by": actor, "updated_at": now})
    audit.record("assessment.weights_updated", actor=actor, unit=unit,
                 weights={k: str(v) for k, v in sorted(parsed.items())})
    return parsed


# ------------------------------------------------------------------------------------------------ complaints
def complaint_record(*, actor, officer, received_on, summary):
    access.require(actor, "assessment.compute", obj=officer)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Describe the complaint.")})
    complaint = OfficerComplaint.objects.create(officer=officer, received_on=received_on, summary=summary.strip(),
                                                recorded_by=actor)
    audit.record("assessment.complaint_recorded", actor=actor, obj=complaint, officer=officer.employee_number)
    return complaint


@transaction.atomic
def complaint_decide(*, actor, complaint, upheld, decided_on):
    complaint = OfficerComplaint.objects.select_for_update().get(pk=complaint.pk)
    access.require(actor, "assessment.compute", obj=complaint)
    if complaint.upheld is not None:
        raise ValidationError({"upheld": _("This complaint has already been decided.")})
    if decided_on > timezone.localdate() or decided_on < complaint.received_on:
        raise ValidationError({"decided_on": _("The decision date must lie between the day the complaint was "
                                               "received and today.")})
    complaint.upheld, complaint.decided_on = bool(upheld), decided_on
    complaint.save(update_fields=["upheld", "decided_on"])
    audit.record("assessment.complaint_decided", actor=actor, obj=complaint, upheld=complaint.upheld)
    return complaint


# ------------------------------------------------------------------------------------------------ assessments
def _refresh_total(assessment):
    posted = assessment.township_id is not None
    assessment.total = combine(
        record_score=assessment.record_score if assessment.indicators.get("has_records") else None,
        township_score=assessment.township_score, department_score=assessment.department_score,
        township_weight=assessment.township_weight or 0, record_weight=record_weight(), posted=posted)
    assessment.grade = grade(assessment.total)


@transaction.atomic
def assessment_compute(*, actor, officer, period):
    """Compute (or re-compute) the officer's draft result from the records and post its ledger lines."""
    access.require(actor, "assessment.compute", obj=officer)
    assessment = (OfficerAssessment.objects.select_for_update()
                  .filter(officer=officer, period_kind=period.kind, period_start=period.start).first())
    if assessment is not None and assessment.status == OfficerAssessment.Status.APPROVED:
        raise ValidationError({"period": _("The result for %(period)s has been approved and can no longer be "
                                           "recomputed.") % {"period": period.label}})
    records = officer_records(officer, period.start, period.as_of())
    if assessment is None:
        assessment = OfficerAssessment(officer=officer, period_kind=period.kind, period_start=period.start,
                                       township_weight=default_township_weight() if officer.township_id else None)
    assessment.period_end = period.end
    assessment.township_id, assessment.department_id = officer.township_id, officer.home_department_id
    if assessment.township_id and assessment.township_weight is None:
        assessment.township_weight = default_township_weight()
    assessment.indicators = {**records.indicators, "has_records": records.score is not None}
    assessment.record_score = records.score if records.score is not None else Decimal(0)
    assessment.computed_at = timezone.now()
    _refresh_total(assessment)
    assessment.save()
    PointEntry.objects.bulk_create([
        PointEntry(officer=officer, on_date=day, indicator=indicator, points=POINTS[indicator], source=source,
                   note=note) for indicator, source, day, note in records.points
    ], ignore_conflicts=True)  # one line per record (unique officer, indicator, source): re-runs add nothing
    audit.record("assessment.computed", actor=actor, obj=assessment, officer=officer.employee_number,
                 period=period.key)
    return assessment


def assessment_compute_all(*, actor, period, township=None):
    """Compute the period's results of every active officer the actor may assess (optionally one township)."""
    access.require(actor, "assessment.compute")
    officers = access.scope(Officer.objects.active(), actor).order_by("employee_number")
    if township is not None:
        officers = officers.filter(township=township)
    return [assessment_compute(actor=actor, officer=officer, period=period) for officer in officers]


@transaction.atomic
def assessment_score(*, actor, assessment, township_score=None, department_score=None, township_weight=None):
    """Enter the township's and/or the home department's score (0–100); bureau staff may set the weight.

    A township reviewer scores their township's posted officers, a department liaison their department's
    officers; bureau staff may enter both. The township's weight of a posted officer is at least 50 %.
    """
    assessment = OfficerAssessment.objects.select_for_update().get(pk=assessment.pk)
    access.require(actor, "assessment.score", obj=assessment)
    if assessment.status == OfficerAssessment.Status.APPROVED:
        raise ValidationError(_("The result has been approved and can no longer be changed."))
    errors = {}
    if township_score is not None:
        if assessment.township_id is None:
            errors["township_score"] = _("The officer is not posted to a township: only the home department "
                                         "scores them.")
        elif actor.role not in (Role.STAFF, Role.TOWNSHIP_REVIEWER):
            errors["township_score"] = _("Only the township or the bureau enters the township's score.")
    if department_score is not None and actor.role not in (Role.STAFF, Role.LIAISON):
        errors["department_score"] = _("Only the home department or the bureau enters the department's score.")
    if township_weight is not None:
        if actor.role != Role.STAFF:
            errors["township_weight"] = _("Only bureau staff set the township's weight.")
        elif assessment.township_id is None:
            errors["township_weight"] = _("The officer is not posted to a township.")
    if errors:
        raise ValidationError(errors)
    if township_score is not None:
        assessment.township_score = _decimal(township_score, "township_score")
    if department_score is not None:
        assessment.department_score = _decimal(department_score, "department_score")
    if township_weight is not None:
        weight = _decimal(township_weight, "township_weight")
        if weight < MIN_TOWNSHIP_WEIGHT:
            raise ValidationError({"township_weight": _(
                "The township's weight in a posted officer's result must be at least 50%% (joint assessment of "
                "posted officers); %(weight)s%% was entered.") % {"weight": weight.normalize()}})
        assessment.township_weight = weight
    _refresh_total(assessment)
    assessment.save()
    audit.record("assessment.scored", actor=actor, obj=assessment,
                 township_score=str(assessment.township_score), department_score=str(assessment.department_score),
                 township_weight=str(assessment.township_weight))
    return assessment


@transaction.atomic
def assessment_approve(*, actor, assessment):
    assessment = OfficerAssessment.objects.select_for_update().get(pk=assessment.pk)
    access.require(actor, "assessment.approve", obj=assessment)
    if assessment.status == OfficerAssessment.Status.APPROVED:
        raise ValidationError(_("The result has already been approved."))
    if assessment.total is None:
        missing = []
        if assessment.township_id and assessment.township_score is None:
            missing.append(_("the township's score"))
        if assessment.department_score is None:
            missing.append(_("the home department's score"))
        raise ValidationError(_("Cannot approve yet: %(missing)s not entered.") % {"missing": "、".join(missing)})
    assessment.status, assessment.approved_by, assessment.approved_at = (
        OfficerAssessment.Status.APPROVED, actor, timezone.now())
    assessment.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record("assessment.approved", actor=actor, obj=assessment, total=str(assessment.total))
    return assessment
