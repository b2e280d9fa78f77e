"""Each role's desk (issue 13): the home page and /api/v1/desk/ show the role's own work, scoped."""

from datetime import timedelta

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

import pytest

from cases.models import CaseEvent, Status
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from enforcement.dashboard.desks import desk_data
from intake.models import State
from intake.tests.factories import ClueFactory, dispatched_clue
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def test_officer_desk_lists_own_cases_and_clues_with_one_tap_filing(users, township, other_township):
    officer_user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(user=officer_user, township=township)
    mine = CaseFactory(township=township, officers=[me, OfficerFactory(township=township)],
                       deadline=timezone.localdate() - timedelta(days=2))
    CaseFactory(township=township)  # a colleague's case: not on my desk
    elsewhere = CaseFactory(township=other_township)
    clue = dispatched_clue(township)
    body = client_as(officer_user).get("/").content.decode()
    assert mine.code in body and elsewhere.code not in body
    assert clue.code in body
    assert "/cases/new/?procedure=simple" in body and "当场处罚" in body and "登记案件" in body
    assert "2天前已到期" in body or "逾期2天" in body


def test_reviewer_desk_counts_the_level_it_reviews_and_shows_the_oldest_waiting_first(users, township):
    reviewer = users[Role.TOWNSHIP_REVIEWER]
    newer, older = (CaseFactory(township=township, status=Status.TOWNSHIP_REVIEW) for _ in range(2))
    now = timezone.now()
    for case, days in ((newer, 1), (older, 5)):
        event = CaseEvent.objects.create(case=case, action="submit_review", from_status=Status.INVESTIGATING,
                                         to_status=Status.TOWNSHIP_REVIEW)
        CaseEvent.objects.filter(pk=event.pk).update(created_at=now - timedelta(days=days))
    CaseFactory(township=township, status=Status.DISTRICT_REVIEW)  # not this reviewer's level
    data = desk_data(actor=reviewer)
    assert [level["status"] for level in data["levels"]] == [Status.TOWNSHIP_REVIEW]
    assert data["levels"][0]["count"] == 2 and data["total"] == 2
    assert [row["code"] for row in data["cases"]] == [older.code, newer.code]
    assert data["oldest"]["waiting_days"] == 5


def test_district_reviewer_sees_the_district_level_county_wide(users, township, other_township):
    CaseFactory(township=township, status=Status.DISTRICT_REVIEW)
    CaseFactory(township=other_township, status=Status.DISTRICT_REVIEW)
    CaseFactory(township=township, status=Status.TOWNSHIP_REVIEW)
    data = desk_data(actor=users[Role.DISTRICT_REVIEWER])
    assert [(level["status"], level["count"]) for level in data["levels"]] == [(Status.DISTRICT_REVIEW, 2)]


def test_staff_desk_counts_clues_to_dispatch_and_cases_waiting(users, township):
    ClueFactory(township=township, state=State.TRIAGED)
    ClueFactory(township=township, state=State.TRIAGED)
    ClueFactory(township=township, state=State.CLOSED)
    CaseFactory(township=township, deadline=timezone.localdate() - timedelta(days=1))
    CaseFactory(township=township, status=Status.RETURNED)
    response = client_as(users[Role.STAFF]).get("/")
    desk = response.context["desk"]
    assert {row["state"]: row["count"] for row in desk["clues"]}[State.TRIAGED] == 2
    queues = {row["key"]: row["count"] for row in desk["case_queues"]}
    assert queues["overdue"] == 1 and queues["returned"] == 1
    body = response.content.decode()
    assert "/intake/?state=triaged" in body and "/cases/?overdue=1" in body


def test_township_command_room_sees_its_own_township_only(users, township, other_township):
    ClueFactory(township=township, state=State.NEW)
    ClueFactory(township=other_township, state=State.NEW)
    data = desk_data(actor=users[Role.TOWNSHIP_COMMAND])
    assert {row["state"]: row["count"] for row in data["clues"]}[State.NEW] == 1
    assert desk_data(actor=users[Role.COMMAND])["clues"][0]["count"] == 2


def test_leader_briefing_compares_this_month_with_the_same_dates_last_year(users, township):
    today = timezone.localdate().replace(day=15)
    last_year = today.replace(year=today.year - 1)
    CaseFactory(township=township, filed_on=today - timedelta(days=3))
    CaseFactory(township=township, filed_on=last_year - timedelta(days=3))   # same dates last year: counted
    CaseFactory(township=township, filed_on=last_year + timedelta(days=5))   # after the same date: not counted
    data = desk_data(actor=users[Role.LEADER], today=today)
    figures = data["figures"]
    assert figures["total"] == 1 and figures["year_before"] == 1 and figures["yoy_pct"] == 0
    assert figures["year_before_to"] == last_year.isoformat()
    assert data["period"]["partial"] is True


def test_leader_reaches_this_months_overdue_cases_in_one_click(users, township):
    overdue = CaseFactory(township=township, deadline=timezone.localdate() - timedelta(days=4),
                          filed_on=timezone.localdate() - timedelta(days=94))
    on_time = CaseFactory(township=township)
    client = client_as(users[Role.LEADER])
    home = client.get("/")
    link = home.context["desk"]["overdue_url"]
    assert link.replace("&", "&amp;") in home.content.decode()
    listed = client.get(link).content.decode()
    assert overdue.code in listed and on_time.code not in listed


def test_leader_briefing_shows_money_in_ten_thousand_yuan(users, township):
    from decimal import Decimal

    from cases.models import DecisionType

    CaseFactory(township=township, status=Status.DECIDED, decision_type=DecisionType.PENALTY,
                fine_amount=Decimal("599360.00"), decided_on=timezone.localdate())
    body = client_as(users[Role.LEADER]).get("/").content.decode()
    assert "59.94 万元" in body and "599360" not in body


def test_admin_desk_shows_periodic_tasks_and_the_audit_chain(users, settings):
    cache.delete("audit:chain:last-check")
    from enforcement.audit.tasks import verify_audit_chain

    verify_audit_chain()
    response = client_as(users[Role.ADMIN]).get("/")
    desk = response.context["desk"]
    assert {row["name"] for row in desk["periodic_tasks"]} == set(settings.CELERY_BEAT_SCHEDULE)
    assert desk["audit_chain"]["broken"] == []
    assert "locked" not in desk  # locks are the security administrator's (三员分立)
    assert "审计链完整" in response.content.decode()


def test_security_desk_shows_locked_accounts(users, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(username="locked_u", ip_address="127.0.0.1", user_agent="t",
                                 failures_since_start=settings.AXES_FAILURE_LIMIT, get_data="", post_data="",
                                 http_accept="", path_info="/accounts/login/")
    response = client_as(users[Role.SECURITY_ADMIN]).get("/")
    assert [row["username"] for row in response.context["desk"]["locked"]] == ["locked_u"]
    assert "locked_u" in response.content.decode()


def test_auditor_has_no_desk_and_opens_the_audit_log(users):
    response = client_as(users[Role.AUDITOR]).get("/")
    assert response.status_code == 302 and response.url == "/audit/"


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.STAFF, Role.COMMAND,
                                  Role.LEADER, Role.ADMIN, Role.LIAISON])
def test_desk_api_answers_the_roles_own_desk(users, client_for, role):
    response = client_for(users[role]).get("/api/v1/desk/")
    assert response.status_code == 200
    assert response.json()["desk"] == {"township_officer": "officer", "township_reviewer": "reviewer",
                                       "bureau_staff": "staff", "command_centre": "command", "leader": "leader",
                                       "admin": "admin", "liaison": "liaison"}[role]


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.STAFF, Role.COMMAND,
                                  Role.LEADER, Role.ADMIN, Role.SECURITY_ADMIN, Role.LIAISON])
def test_desk_query_count_does_not_grow_with_the_rows(users, township, role, django_assert_max_num_queries):
    OfficerFactory(user=users[Role.TOWNSHIP_OFFICER], township=township)
    for _ in range(3):
        CaseFactory(township=township, status=Status.TOWNSHIP_REVIEW)
        ClueFactory(township=township, state=State.TRIAGED)
    with django_assert_max_num_queries(30) as few:
        desk_data(actor=users[role])
    for _ in range(10):
        CaseFactory(township=township, status=Status.TOWNSHIP_REVIEW)
        ClueFactory(township=township, state=State.TRIAGED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        desk_data(actor=users[role])
