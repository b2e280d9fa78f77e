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


def test_one_definition_names_and_values_every_inspection_indicator(users, inspections):
    """The dashboard, the monthly PDF and the planning page read name and value from INSPECTION_INDICATORS:
    联合实施率 is joint ÷ all, 跨部门联合抽查率 random-and-joint ÷ random (seed 004)."""
    from planning.indicators import BY_KEY

    figures = inspection_figures(actor=users[Role.STAFF], period=OCT)
    assert str(BY_KEY["joint_pct"].name) == "联合实施率"
    assert str(BY_KEY["random_joint_pct"].name) == "跨部门联合抽查率"
    assert figures["joint_pct"] == round(figures["joint"] * 100 / figures["total"], 2)
    assert figures["random_joint_pct"] == round(figures["random_joint"] * 100 / figures["random"], 2)


def test_monthly_pdf_carries_the_cross_department_random_rate(users, inspections):
    import shutil
    import subprocess

    from enforcement.reports import services
    from enforcement.reports.models import MonthlyReport

    report = services.monthly_report_generate_now(period=OCT)
    assert report.status == MonthlyReport.Status.DONE
    out = subprocess.run([shutil.which("pdftotext"), str(report.file.path), "-"], capture_output=True,  # noqa: S603
                         check=True, text=True).stdout
    text = "".join(out.split())
    figures = report.figures["inspections"]
    assert f"跨部门联合抽查率{figures['random_joint_pct']:.2f}" in text
    assert f"联合实施率{figures['joint_pct']:.2f}%" in text
    assert "跨部门联合检查(占" not in text
