"""Officer assessment (考核): records, the joint township/department formula (township ≥ 50 %), approval, points."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from assessment import services
from assessment.models import OfficerAssessment, PointEntry
from assessment.officers import combine
from assessment.periods import parse_period
from cases.models import Review, ReviewOutcome, Status
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-10"


@pytest.fixture
def period():
    return parse_period(PERIOD, today=date(2026, 11, 15))


@pytest.fixture
def officer(township, department):
    return OfficerFactory(township=township, home_department=department)


def _decided(officer, township, day, deadline):
    return CaseFactory(township=township, officers=[officer], status=Status.CLOSED, decision_type="penalty",
                       decided_on=day, deadline=deadline, filed_on=day - timedelta(days=20))


def test_records_give_on_time_rate_and_points(users, township, officer, period):
    _decided(officer, township, date(2026, 10, 10), date(2026, 10, 20))
    _decided(officer, township, date(2026, 10, 12), date(2026, 10, 11))  # one day late
    result = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    assert result.indicators["on_time"] == "50.00"
    assert result.indicators["cases_decided"] == 2
    assert result.record_score == Decimal("50.00")
    assert sorted(PointEntry.objects.filter(officer=officer).values_list("indicator", "points")) == [
        ("case_late", -2), ("case_on_time", 2)]


def test_recomputing_adds_no_ledger_lines_twice(users, township, officer, period):
    _decided(officer, township, date(2026, 10, 10), date(2026, 10, 20))
    services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    assert PointEntry.objects.filter(officer=officer).count() == 1
    assert OfficerAssessment.objects.filter(officer=officer).count() == 1


def test_returned_review_lowers_the_review_pass_rate(users, township, officer, period):
    case = _decided(officer, township, date(2026, 10, 10), date(2026, 10, 20))
    for outcome in (ReviewOutcome.RETURNED, ReviewOutcome.APPROVED):
        review = Review.objects.create(case=case, level="township", reviewer=users[Role.TOWNSHIP_REVIEWER],
                                       opinion="意见", outcome=outcome)
        Review.objects.filter(pk=review.pk).update(created_at=review.created_at.replace(year=2026, month=10, day=5))
    result = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    assert result.indicators["review_pass"] == "50.00"


def test_township_weight_below_fifty_percent_is_refused(users, officer, period):
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    with pytest.raises(ValidationError) as error:
        services.assessment_score(actor=users[Role.STAFF], assessment=assessment, township_weight="40")
    assert "50%" in str(error.value.message_dict["township_weight"])
    assessment.refresh_from_db()
    assert assessment.township_weight == Decimal("60.00")


def test_sixty_percent_township_weight_computes_the_documented_formula(users, township, officer, period):
    _decided(officer, township, date(2026, 10, 10), date(2026, 10, 20))  # R = 100
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    services.assessment_score(actor=users[Role.TOWNSHIP_REVIEWER], assessment=assessment, township_score="90")
    services.assessment_score(actor=users[Role.LIAISON], assessment=assessment, department_score="70")
    assessment = services.assessment_score(actor=users[Role.STAFF], assessment=assessment, township_weight="60")
    # total = r·R + (1 − r)·(w·T + (1 − w)·D) = 0.4·100 + 0.6·(0.6·90 + 0.4·70) = 40 + 0.6·82 = 89.20
    assert assessment.total == Decimal("89.20")
    assert assessment.grade == "competent"


def test_combine_for_a_bureau_officer_uses_the_department_score():
    assert combine(record_score=Decimal(80), township_score=None, department_score=Decimal(90),
                   township_weight=0, record_weight=40, posted=False) == Decimal("86.00")


def test_liaison_cannot_enter_the_township_score(users, officer, period):
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    with pytest.raises(ValidationError) as error:
        services.assessment_score(actor=users[Role.LIAISON], assessment=assessment, township_score="90")
    assert "township_score" in error.value.message_dict


def test_other_townships_reviewer_cannot_score(make_user, other_township, officer, period, users):
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    stranger = make_user(Role.TOWNSHIP_REVIEWER, township=other_township)
    with pytest.raises(Exception) as error:
        services.assessment_score(actor=stranger, assessment=assessment, township_score="90")
    assert error.type.__name__ == "PermissionDenied"


def test_approval_needs_both_scores_then_freezes_the_result(users, officer, period):
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    with pytest.raises(ValidationError, match="派出部门评分"):
        services.assessment_approve(actor=users[Role.LEADER], assessment=assessment)
    services.assessment_score(actor=users[Role.STAFF], assessment=assessment, township_score="80",
                              department_score="80")
    services.assessment_approve(actor=users[Role.LEADER], assessment=assessment)
    with pytest.raises(ValidationError):
        services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)


def test_upheld_complaint_deducts_from_the_record_score(users, township, officer, period):
    _decided(officer, township, date(2026, 10, 10), date(2026, 10, 20))
    complaint = services.complaint_record(actor=users[Role.STAFF], officer=officer, received_on=date(2026, 10, 1),
                                          summary="态度粗暴")
    services.complaint_decide(actor=users[Role.STAFF], complaint=complaint, upheld=True,
                              decided_on=date(2026, 10, 20))
    result = services.assessment_compute(actor=users[Role.STAFF], officer=officer, period=period)
    assert result.record_score == Decimal("90.00")
    assert PointEntry.objects.get(officer=officer, indicator="complaint_upheld").points == -5


@pytest.mark.parametrize("text", ["2026-13", "26-01", "2026-Q5", "abc", ""])
def test_bad_periods_are_refused_in_chinese(text):
    with pytest.raises(ValidationError) as error:
        parse_period(text)
    assert "2026-Q4" in str(error.value)


def test_quarter_period_covers_three_months():
    period = parse_period("2026-Q3", today=date(2026, 11, 1))
    assert (period.start, period.end, period.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026年第3季度")
