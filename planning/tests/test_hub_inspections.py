"""1+X radiation (seed 001): a hub township's officers inspect subjects of the satellites it serves and open the
case there (source 检查发现) on an item empowered to the satellite (行政处罚法 art. 24)."""

from datetime import date

from django.core.exceptions import PermissionDenied

import pytest

from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import UserFactory
from planning import services
from townships.models import Empowerment, Township
from townships.tests.factories import OfficerFactory, TownshipFactory

from .conftest import make_task
from .factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_world(world, township):
    satellite = TownshipFactory(code="zhangshui", name="章水镇", empowerment_mode=Township.EmpowermentMode.HUB,
                                hub=township)
    subject = SubjectFactory(name="章水镇农家乐", industry=world["industry"], township=satellite)
    task = make_task(world["month_a"], subject, world["officers_a"][:2], world["checklist_a"])
    for point in world["points_a"]:
        Empowerment.objects.create(township=satellite, item=point.item, valid_from=date(2020, 1, 1))
    return {**world, "satellite": satellite, "satellite_subject": subject, "satellite_task": task}


def _results(points, failed=()):
    return [{"point": p, "passed": p not in failed, "note": "发现问题" if p in failed else ""} for p in points]


def test_hub_officer_inspects_a_satellite_subject_and_opens_the_case_there(hub_world):
    inspection = services.inspection_record(
        actor=hub_world["officer_user"], task=hub_world["satellite_task"], officers=hub_world["officers_a"][:2],
        results=_results(hub_world["points_a"], failed=[hub_world["points_a"][0]]))
    assert inspection.township == hub_world["satellite"]
    failed = inspection.results.get(passed=False)
    code = services.result_link_case(actor=hub_world["officer_user"], result=failed)

    from cases.models import Case

    case = Case.objects.get(code=code)
    assert case.township == hub_world["satellite"]
    assert case.source == "inspection"
    assert set(case.officers.all()) == set(hub_world["officers_a"][:2])


def test_satellite_officer_cannot_record_for_the_hub(hub_world, two_tasks):
    user = UserFactory(role=Role.TOWNSHIP_OFFICER, township=hub_world["satellite"])
    officers = [OfficerFactory(township=hub_world["satellite"]) for _ in range(2)]
    with pytest.raises(PermissionDenied):
        services.inspection_record(actor=user, task=two_tasks[0], officers=officers,
                                   results=_results(hub_world["points_a"]))
