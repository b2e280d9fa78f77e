"""三高两易 measured (seed 000): 零办件 counts every handling (cases, inspections, warnings); 高需求 from intake
clues per item; 高综合 the cross-department share; the weights are one table shown on the page and in the export."""

from datetime import date

from django.utils import timezone

import pytest

from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from enforcement.reports.evaluation import WEIGHTS, evaluation_rows
from intake.tests.factories import ClueFactory
from planning.models import Inspection, InspectionResult, WeekTask
from planning.tests.factories import CheckPointFactory, MonthArrangementFactory, SubjectFactory
from townships.models import Empowerment

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(township):
    item = ItemFactory(name="对占道经营的检查")
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    return item


def _inspect(township, department, item, *, joint=False):
    today = timezone.localdate()
    arrangement = (MonthArrangementFactory._meta.model.objects.filter(plan__department=department).first()
                   or MonthArrangementFactory(plan__department=department, plan__year=today.year, month=today.month))
    task = WeekTask.objects.create(arrangement=arrangement, department=department, township=township, date=today)
    inspection = Inspection.objects.create(code=f"JC{Inspection.objects.count():04d}", task=task,
                                           subject=SubjectFactory(township=township), township=township,
                                           department=department, inspected_on=today, is_joint=joint)
    InspectionResult.objects.create(inspection=inspection, point=CheckPointFactory(item=item), passed=True)
    return inspection


def _row(users, township, item):
    return next(r for r in evaluation_rows(actor=users[Role.STAFF], township=township) if r.item_code == item.code)


def test_an_item_only_inspected_is_not_zero_handling(users, township, department, item):
    assert _row(users, township, item).is_zero
    _inspect(township, department, item)
    row = _row(users, township, item)
    assert (row.case_count, row.inspection_count, row.is_zero) == (0, 1, False) and row.verdict != "zero"


def test_clues_measure_demand(users, township, item):
    ClueFactory(township=township, item=item)
    ClueFactory(township=township, item=item)
    row = _row(users, township, item)
    assert row.clue_count == 2 and row.demand_score == 5.0
    assert row.is_zero  # a complaint is demand, not handling


def test_joint_inspections_make_the_item_composite(users, township, department, item):
    _inspect(township, department, item, joint=True)
    _inspect(township, department, item)
    row = _row(users, township, item)
    assert row.cross_count == 1 and row.composite_score == 3.0


def test_the_weights_add_up_and_are_shown(client, users):
    assert abs(sum(WEIGHTS.values()) - 1) < 1e-9
    client.force_login(users[Role.STAFF])
    body = client.get("/reports/evaluation/").content.decode()
    assert "40% 高频率（全部办件）" in body and "20% 高需求（线索与投诉）" in body and "10% 高综合" in body
