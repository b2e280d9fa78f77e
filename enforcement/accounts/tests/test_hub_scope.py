"""1+X radiation (seed 001, 1+X 辐射): `access.scope` lets a hub township's users see the records of the satellite
townships it serves, for every model family, while every other township stays invisible (404)."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from enforcement.accounts import access
from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import UserFactory
from townships.models import Township
from townships.tests.factories import DepartmentFactory, OfficerFactory, TownshipFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    hub = TownshipFactory(code="hubtown", name="鄞江镇")
    satellite = TownshipFactory(code="sattown", name="章水镇", empowerment_mode=Township.EmpowermentMode.HUB, hub=hub)
    other = TownshipFactory(code="othertown", name="洞桥镇")
    return hub, satellite, other


@pytest.fixture
def hub_officer(towns):
    return UserFactory(role=Role.TOWNSHIP_OFFICER, township=towns[0], username="officer_hub")


@pytest.fixture
def hub_reviewer(towns):
    return UserFactory(role=Role.TOWNSHIP_REVIEWER, township=towns[0], username="reviewer_hub")


@pytest.fixture
def satellite_officer(towns):
    return UserFactory(role=Role.TOWNSHIP_OFFICER, township=towns[1], username="officer_sat")


def _case(township):
    from cases.tests.factories import CaseFactory

    return CaseFactory(township=township)


def _inspection(township, n=[0]):  # noqa: B006 - a counter for unique codes
    from planning.models import Inspection, WeekTask
    from planning.tests.factories import MonthArrangementFactory, SubjectFactory

    n[0] += 1
    department = DepartmentFactory()
    arrangement = MonthArrangementFactory(plan__department=department, plan__state="issued", month=1,
                                          plan__year=2000 + n[0])
    subject = SubjectFactory(township=township)
    task = WeekTask.objects.create(arrangement=arrangement, department=department, township=township,
                                   date=date(arrangement.plan.year, 1, 10))
    task.subjects.set([subject])
    return Inspection.objects.create(code=f"JC-HUB-{n[0]}", task=task, subject=subject, township=township,
                                     department=department, inspected_on=date(2026, 1, 2))


def _build(family, township):
    """One row of `family` owned by `township`; returns (queryset of the family, the row's pk)."""
    from cases.models import CaseEvent, Document, Evidence, Review
    from enforcement.reports.models import EaseRating, MonthlyReport
    from planning.models import InspectionResult, JointInspection, OfficerConflict, Subject, TownshipNeed
    from planning.tests.factories import CheckPointFactory, SubjectFactory
    from townships.models import Empowerment, Officer, Zone

    if family == "township":
        return Township.objects.all(), township.pk
    if family == "officer":
        return Officer.objects.all(), OfficerFactory(township=township).pk
    if family == "zone":
        return Zone.objects.all(), ZoneFactory(township=township).pk
    if family == "empowerment":
        from catalog.tests.factories import ItemFactory

        row = Empowerment.objects.create(township=township, item=ItemFactory(), valid_from=date(2024, 1, 1))
        return Empowerment.objects.all(), row.pk
    if family == "subject":
        return Subject.objects.all(), SubjectFactory(township=township).pk
    if family == "conflict":
        row = OfficerConflict.objects.create(officer=OfficerFactory(), subject=SubjectFactory(township=township),
                                             reason="亲属")
        return OfficerConflict.objects.all(), row.pk
    if family == "need":
        row = TownshipNeed.objects.create(township=township, department=DepartmentFactory(), year=2026,
                                          description="需求")
        return TownshipNeed.objects.all(), row.pk
    if family == "inspection":
        inspection = _inspection(township)
        return type(inspection).objects.all(), inspection.pk
    if family == "week_task":
        inspection = _inspection(township)
        return type(inspection.task).objects.all(), inspection.task_id
    if family == "inspection_result":
        inspection = _inspection(township)
        row = InspectionResult.objects.create(inspection=inspection, point=CheckPointFactory(), passed=True)
        return InspectionResult.objects.all(), row.pk
    if family == "joint_inspection":
        inspection = _inspection(township)
        joint = JointInspection.objects.create(subject=inspection.subject, township=township, year=2026, month=1,
                                               date=date(2026, 1, 5), lead_department=inspection.department)
        return JointInspection.objects.all(), joint.pk
    if family == "case":
        case = _case(township)
        return type(case).objects.all(), case.pk
    if family == "case_event":
        row = CaseEvent.objects.create(case=_case(township), action="create")
        return CaseEvent.objects.all(), row.pk
    if family == "evidence":
        row = Evidence.objects.create(case=_case(township), kind=Evidence.Kind.NOTE, description="现场记录")
        return Evidence.objects.all(), row.pk
    if family == "review":
        row = Review.objects.create(case=_case(township), level="township", reviewer=UserFactory(role=Role.STAFF),
                                    opinion="同意", outcome="approved")
        return Review.objects.all(), row.pk
    if family == "document":
        row = Document.objects.create(case=_case(township), kind="filing_approval", number="立〔2026〕1号",
                                      file="documents/x.pdf")
        return Document.objects.all(), row.pk
    if family == "monthly_report":
        row = MonthlyReport.objects.create(period=date(2026, 1, 1), township=township)
        return MonthlyReport.objects.all(), row.pk
    if family == "ease_rating":
        from django.utils import timezone

        from catalog.tests.factories import ItemFactory

        row = EaseRating.objects.create(township=township, item=ItemFactory(), easy_to_take_over=4,
                                        easy_to_operate=4, rated_by=UserFactory(role=Role.STAFF),
                                        rated_at=timezone.now())
        return EaseRating.objects.all(), row.pk
    raise AssertionError(family)


FAMILIES = ["township", "officer", "zone", "empowerment", "subject", "conflict", "need", "week_task", "inspection",
            "inspection_result", "joint_inspection", "case", "case_event", "evidence", "review", "document",
            "monthly_report", "ease_rating"]


def _visible(queryset, user, pk):
    return access.scope(queryset.filter(pk=pk), user).exists()


@pytest.mark.parametrize("family", FAMILIES)
def test_hub_users_see_their_satellites_records_and_no_other_townships(family, towns, hub_officer, hub_reviewer):
    hub, satellite, other = towns
    built = {town.code: _build(family, town) for town in towns}
    for user in (hub_officer, hub_reviewer):
        queryset, pk = built[hub.code]
        assert _visible(queryset, user, pk), f"{family}: the hub's own row"
        queryset, pk = built[satellite.code]
        assert _visible(queryset, user, pk), f"{family}: the satellite's row"
        queryset, pk = built[other.code]
        assert not _visible(queryset, user, pk), f"{family}: another township's row"


@pytest.mark.parametrize("family", FAMILIES)
def test_satellite_users_see_only_their_own_township(family, towns, satellite_officer):
    hub, satellite, other = towns
    built = {town.code: _build(family, town) for town in towns}
    queryset, pk = built[satellite.code]
    assert _visible(queryset, satellite_officer, pk)
    for town in (hub, other):
        queryset, pk = built[town.code]
        assert not _visible(queryset, satellite_officer, pk), f"{family}: {town.code}'s row"


def test_a_township_without_satellites_keeps_its_plain_equality_filter(towns):
    hub, satellite, other = towns
    user = UserFactory(role=Role.TOWNSHIP_OFFICER, township=other)
    sql = str(access.scope(Township.objects.all(), user).query)
    assert " IN " not in sql
    assert access.served_township_ids(user) == [other.pk]


def test_served_townships_are_looked_up_once_per_user(towns, hub_officer, django_assert_num_queries):
    access.served_township_ids(hub_officer)
    with django_assert_num_queries(0):
        assert access.served_township_ids(hub_officer) == [towns[0].pk, towns[1].pk]


def test_a_township_that_is_no_longer_in_1x_mode_is_no_longer_served(towns):
    hub, satellite, _other = towns
    Township.objects.filter(pk=satellite.pk).update(empowerment_mode=Township.EmpowermentMode.FULL)
    user = UserFactory(role=Role.TOWNSHIP_OFFICER, township=hub)
    assert access.served_township_ids(user) == [hub.pk]


def test_may_act_in_township(towns, hub_officer, satellite_officer, users):
    hub, satellite, other = towns
    assert access.may_act_in_township(hub_officer, satellite)
    assert not access.may_act_in_township(hub_officer, other)
    assert not access.may_act_in_township(satellite_officer, hub)
    assert not access.may_act_in_township(hub_officer, None)
    assert access.may_act_in_township(users[Role.STAFF], other)
    assert not access.may_act_in_township(users[Role.LIAISON], other)


@pytest.mark.parametrize(("family", "route", "lookup"), [
    ("case", "api:case-detail", "code"),
    ("officer", "api:officer-detail", "pk"),
    ("township", "api:township-detail", "code"),
    ("subject", "api:planning-subject-detail", "uscc"),
    ("inspection", "api:planning-inspection-detail", "code"),
])
def test_api_detail_of_a_satellite_opens_for_the_hub_and_404s_elsewhere(family, route, lookup, towns, hub_officer):
    from django.urls import reverse

    hub, satellite, other = towns
    client = APIClient()
    client.force_authenticate(user=hub_officer)
    for town, expected in ((satellite, 200), (other, 404)):
        queryset, pk = _build(family, town)
        value = getattr(queryset.get(pk=pk), lookup)
        response = client.get(reverse(route, kwargs={lookup: value}))
        assert response.status_code == expected, f"{family} of {town.code}: {response.status_code}"
