"""A small planning world: two departments supervising one industry, one subject, issued plans."""

from datetime import date

import pytest

from enforcement.accounts.models import Role
from planning.models import WeekTask
from townships.tests.factories import DepartmentFactory, OfficerFactory

from .factories import ChecklistFactory, CheckPointFactory, IndustryFactory, MonthArrangementFactory, SubjectFactory


@pytest.fixture
def today():
    return date.today()


@pytest.fixture
def world(db, users, township, department, today):
    other_department = DepartmentFactory(code="fire", name="消防救援大队")
    industry = IndustryFactory(code="catering", name="餐饮", departments=[department, other_department])
    subject = SubjectFactory(name="海曙味道餐饮有限公司", industry=industry, township=township)
    checklist_a = ChecklistFactory(code="catering-food", name="餐饮食品安全", industry=industry)
    checklist_b = ChecklistFactory(code="catering-fire", name="餐饮消防安全", industry=industry)
    points_a = [CheckPointFactory(checklist=checklist_a, text=f"食品安全要点{i}") for i in range(2)]
    points_b = [CheckPointFactory(checklist=checklist_b, text=f"消防安全要点{i}") for i in range(2)]
    month_a = MonthArrangementFactory(plan__department=department, plan__state="issued", plan__year=today.year,
                                      month=today.month)
    month_b = MonthArrangementFactory(plan__department=other_department, plan__state="issued",
                                      plan__year=today.year, month=today.month)
    officers_a = [OfficerFactory(home_department=department, township=township) for _ in range(3)]
    officers_b = [OfficerFactory(home_department=other_department, township=township) for _ in range(3)]
    return {
        "users": users, "township": township, "department": department, "other_department": other_department,
        "industry": industry, "subject": subject, "checklist_a": checklist_a, "checklist_b": checklist_b,
        "points_a": points_a, "points_b": points_b, "month_a": month_a, "month_b": month_b,
        "officers_a": officers_a, "officers_b": officers_b, "staff": users[Role.STAFF],
        "liaison": users[Role.LIAISON], "officer_user": users[Role.TOWNSHIP_OFFICER],
    }


def make_task(arrangement, subject, officers, checklist, day=None, **kwargs):
    task = WeekTask.objects.create(arrangement=arrangement, department=arrangement.plan.department,
                                   township=subject.township, date=day or date.today(), checklist=checklist, **kwargs)
    task.subjects.set([subject])
    task.officers.set(officers)
    return task


@pytest.fixture
def two_tasks(world):
    task_a = make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"])
    task_b = make_task(world["month_b"], world["subject"], world["officers_b"][:2], world["checklist_b"])
    return task_a, task_b


@pytest.fixture
def other_liaison(make_user, world):
    return make_user(Role.LIAISON, username="fire_liaison", department=world["other_department"])
