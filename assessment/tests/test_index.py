"""The 晾晒 index weighs rates, not volumes: more visits to the same enterprise never improve a ranking."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from assessment import services
from assessment.index import department_index, township_index, weighted_score
from assessment.models import Unit
from enforcement.accounts.models import Role
from planning.models import Inspection, MonthArrangement, WeekTask
from planning.tests.factories import MonthArrangementFactory, SubjectFactory
from townships.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
START, END = date(2026, 10, 1), date(2026, 10, 31)


def _inspections(department, township, subject, n, day=date(2026, 10, 5)):
    arrangement = (MonthArrangement.objects.filter(plan__department=department).first()
                   or MonthArrangementFactory(plan__department=department, plan__year=2026, month=10))
    for _index in range(n):
        serial = Inspection.objects.count()
        task = WeekTask.objects.create(code=f"T{serial:04d}", arrangement=arrangement, department=department,
                                       township=township, date=day, inspection_type="routine")
        Inspection.objects.create(code=f"I{serial:04d}", task=task, subject=subject, township=township,
                                  department=department, inspected_on=day)


def test_adding_visits_to_the_same_enterprise_does_not_raise_the_ranking(users, township):
    busy, calm = DepartmentFactory(code="busy"), DepartmentFactory(code="calm")
    shop, other = SubjectFactory(township=township), SubjectFactory(township=township)
    _inspections(busy, township, shop, 1)
    _inspections(busy, township, other, 1)
    _inspections(calm, township, shop, 1)
    _inspections(calm, township, other, 1)
    before = {row.code: row.score for row in department_index(actor=users[Role.STAFF], start=START, end=END)[0]}
    _inspections(busy, township, shop, 5)  # five more visits to the same shop
    rows, _weights = department_index(actor=users[Role.STAFF], start=START, end=END)
    after = {row.code: row for row in rows}
    assert after["busy"].score < before["busy"]
    assert after["calm"].rank < after["busy"].rank


def test_weights_must_add_up_to_one_hundred(users):
    with pytest.raises(ValidationError) as error:
        services.weights_update(actor=users[Role.STAFF], unit=Unit.DEPARTMENT,
                                weights={"joint": 50, "random": 30, "single_visit": 10, "complaint_free": 0})
    assert "100" in str(error.value)


def test_stored_weights_change_the_index(users):
    services.weights_update(actor=users[Role.STAFF], unit=Unit.DEPARTMENT,
                            weights={"joint": 0, "random": 0, "single_visit": 100, "complaint_free": 0})
    from assessment.index import weights

    assert weights(Unit.DEPARTMENT)["single_visit"] == Decimal("100.00")


def test_volume_indicators_are_not_offered(users):
    with pytest.raises(ValidationError):
        services.weights_update(actor=users[Role.STAFF], unit=Unit.TOWNSHIP, weights={"cases_filed": 100})


def test_indicators_without_a_denominator_leave_the_mean():
    assert weighted_score({"a": Decimal(80), "b": None}, {"a": Decimal(50), "b": Decimal(50)}) == Decimal("80.00")
    assert weighted_score({"a": None}, {"a": Decimal(100)}) is None


def test_township_user_sees_only_their_township_in_the_index(users, township, other_township):
    rows, _weights = township_index(actor=users[Role.TOWNSHIP_REVIEWER], start=START, end=END)
    assert [row.code for row in rows] == [township.code]


def test_township_index_query_count_is_constant(users, township, other_township, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        township_index(actor=users[Role.STAFF], start=START, end=END)
