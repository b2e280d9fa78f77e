import random
from datetime import date, timedelta

import pytest

from enforcement.accounts.models import Role
from enforcement.reports.periods import Period
from enforcement.reports.statistics import StatScope, inspection_figures
from planning.indicators import indicator_rows, totals
from planning.models import Inspection, JointInspection, WeekTask
from planning.tests.factories import MonthArrangementFactory, SubjectFactory

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)


@pytest.fixture
def inspections(township, other_township, department):
    rng = random.Random(7)
    arrangement = MonthArrangementFactory(plan__department=department, plan__year=2026, month=10)
    made = []
    for n in range(40):
        town = township if n % 3 else other_township
        day = date(2026, 10, 1) + timedelta(days=rng.randrange(31)) if n < 34 else date(2026, 9, 30)
        task = WeekTask.objects.create(code=f"T{n:04d}", arrangement=arrangement, department=department,
                                       township=town, date=day, inspection_type="routine")
        made.append(Inspection.objects.create(
            code=f"I{n:04d}", task=task, subject=SubjectFactory(township=town), township=town, department=department,
            inspected_on=day, is_random=rng.random() < 0.7, is_joint=rng.random() < 0.5,
            has_problems=rng.random() < 0.2))
    joint = JointInspection.objects.create(subject=SubjectFactory(township=township), township=township, year=2026,
                                           month=10, date=date(2026, 10, 9), lead_department=department,
                                           visits_saved=3)
    joint.departments.add(department)
    return made


def test_inspection_indicators_match_counts_and_planning_own_indicators(users, inspections, township):
    staff = users[Role.STAFF]
    figures = inspection_figures(actor=staff, period=OCT)
    october = [i for i in inspections if OCT.start <= i.inspected_on <= OCT.end]
    assert figures["total"] == len(october) == 34
    assert figures["random"] == sum(i.is_random for i in october)
    assert figures["random_joint"] == sum(i.is_random and i.is_joint for i in october)
    assert figures["with_problems"] == sum(i.has_problems for i in october)
    assert figures["joint_inspections"] == 1 and figures["visits_saved"] == 3
    planning_total = totals(indicator_rows(actor=staff, start=OCT.start, end=OCT.end, group_by="township"))
    assert planning_total.inspections == figures["total"]
    assert float(planning_total.random_share) == figures["random_pct"]
    assert float(planning_total.cross_department_rate) == figures["random_joint_pct"]
    assert float(planning_total.problem_rate) == figures["problem_pct"]
    assert planning_total.visits_saved == figures["visits_saved"]

    own = inspection_figures(actor=users[Role.TOWNSHIP_OFFICER], period=OCT)
    assert own["total"] == sum(i.township == township for i in october)
    assert inspection_figures(actor=staff, period=OCT, scope=StatScope(township=township)) == own
