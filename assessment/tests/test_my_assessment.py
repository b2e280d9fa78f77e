"""我的考核: an officer sees their own approved results and points, and nobody else's."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest

from assessment.models import OfficerAssessment, PointEntry
from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def _result(officer, status=OfficerAssessment.Status.APPROVED, start=date(2026, 10, 1), total="88.50"):
    return OfficerAssessment.objects.create(
        officer=officer, period_kind="month", period_start=start, period_end=start.replace(day=28),
        township=officer.township, department=officer.home_department, total=Decimal(total), grade="good",
        status=status, approved_at=timezone.now() if status == OfficerAssessment.Status.APPROVED else None)


@pytest.fixture
def me(users, township, department):
    return OfficerFactory(user=users[Role.TOWNSHIP_OFFICER], township=township, home_department=department)


@pytest.fixture
def colleague(township, department):
    return OfficerFactory(township=township, home_department=department, name="同事甲")


def test_the_page_lists_only_my_approved_results(client, users, me, colleague):
    mine = _result(me)
    _result(me, status=OfficerAssessment.Status.DRAFT, start=date(2026, 11, 1))
    _result(colleague, total="99.00")
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.get(reverse("assessment:mine"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"]] == [mine.pk]
    assert "99.00" not in response.content.decode()


def test_a_colleagues_result_is_not_found_on_my_detail_page(client, users, me, colleague):
    theirs = _result(colleague)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    assert client.get(reverse("assessment:mine_detail", args=[theirs.pk])).status_code == 404


def test_a_draft_of_mine_is_not_shown_before_approval(client, users, me):
    draft = _result(me, status=OfficerAssessment.Status.DRAFT)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    assert client.get(reverse("assessment:mine_detail", args=[draft.pk])).status_code == 404


def test_my_detail_page_shows_my_points_of_the_period(client, users, me, colleague):
    result = _result(me)
    PointEntry.objects.create(officer=me, on_date=date(2026, 10, 5), indicator="case_on_time", points=2,
                              source="AJ-1")
    PointEntry.objects.create(officer=colleague, on_date=date(2026, 10, 5), indicator="case_late", points=-7,
                              source="AJ-2")
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.get(reverse("assessment:mine_detail", args=[result.pk]))
    assert response.status_code == 200
    assert response.context["ledger_total"] == 2
    assert [e.source for e in response.context["ledger"]] == ["AJ-1"]


def test_an_account_without_an_officer_record_gets_an_explanation(client, users):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.get(reverse("assessment:mine"))
    assert response.status_code == 200
    assert "未关联执法人员档案" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN, Role.LIAISON])
def test_other_roles_are_refused(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("assessment:mine")).status_code == 403


def test_the_officers_menu_leads_to_my_assessment(client, users, me):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    assert reverse("assessment:mine") in client.get(reverse("home"), follow=True).content.decode()


def test_the_api_lists_only_my_approved_results(api_client, users, me, colleague):
    mine = _result(me)
    _result(colleague)
    _result(me, status=OfficerAssessment.Status.DRAFT, start=date(2026, 11, 1))
    api_client.force_authenticate(users[Role.TOWNSHIP_OFFICER])
    response = api_client.get("/api/v1/my-assessments/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_the_api_refuses_a_liaison(api_client, users):
    api_client.force_authenticate(users[Role.LIAISON])
    assert api_client.get("/api/v1/my-assessments/").status_code == 403


def test_the_page_keeps_a_constant_number_of_queries(client, users, me, django_assert_max_num_queries):
    for month in range(1, 10):
        _result(me, start=date(2026, month, 1))
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("assessment:mine")).status_code == 200
