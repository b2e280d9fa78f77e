"""SECURITY §19: a closed case changes only through the audited reopen (bureau staff, written reason)."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from cases.models import CaseEvent, Procedure, Status
from cases.services import TransitionRefused, available_actions, case_transition
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(township):
    return CaseFactory(township=township, status=Status.CLOSED, decided_on=date.today() - timedelta(days=20),
                       closed_on=date.today() - timedelta(days=2))


def test_staff_reopen_a_closed_case_with_a_written_reason(users, closed_case):
    case = case_transition(case=closed_case, action="reopen", actor=users[Role.STAFF],
                           reason="当事人申请复核,发现新证据")
    assert case.status == Status.EXECUTED and case.closed_on is None
    event = CaseEvent.objects.get(case=case, action="reopen")
    assert event.from_status == Status.CLOSED and event.to_status == Status.EXECUTED
    assert event.note == "当事人申请复核,发现新证据"
    assert event.data["closed_on"] == str(date.today() - timedelta(days=2))
    audit = AuditEvent.objects.get(event_type="case.reopen")
    assert audit.detail["reason"] == "当事人申请复核,发现新证据"


def test_reopen_without_a_reason_is_refused_and_nothing_changes(users, closed_case):
    with pytest.raises(ValidationError) as exc:
        case_transition(case=closed_case, action="reopen", actor=users[Role.STAFF], reason="  ")
    assert exc.value.message_dict["reason"]
    closed_case.refresh_from_db()
    assert closed_case.status == Status.CLOSED and closed_case.closed_on is not None
    assert not CaseEvent.objects.filter(action="reopen").exists()


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER,
                                  Role.LEADER])
def test_only_bureau_staff_may_reopen(users, closed_case, role):
    with pytest.raises(PermissionDenied):
        case_transition(case=closed_case, action="reopen", actor=users[role], reason="理由")
    closed_case.refresh_from_db()
    assert closed_case.status == Status.CLOSED
    assert "reopen" not in available_actions(closed_case, users[role])


def test_reopen_applies_to_simple_procedure_cases_too(users, township):
    case = CaseFactory(township=township, procedure=Procedure.SIMPLE, status=Status.CLOSED, closed_on=date.today())
    assert case_transition(case=case, action="reopen", actor=users[Role.STAFF], reason="理由").status == Status.EXECUTED


def test_archived_case_cannot_be_reopened(users, township):
    case = CaseFactory(township=township, status=Status.ARCHIVED, closed_on=date.today(), archived_on=date.today())
    with pytest.raises(TransitionRefused):
        case_transition(case=case, action="reopen", actor=users[Role.STAFF], reason="理由")


def test_reopen_form_on_the_detail_page_for_staff(client, users, closed_case):
    client.force_login(users[Role.STAFF])
    assert "reopen" in available_actions(closed_case, users[Role.STAFF])
    response = client.post(reverse("cases:action", args=[closed_case.code, "reopen"]),
                           {"reopen-reason": "", "reopen-expected_status": Status.CLOSED})
    assert response.status_code == 400
    closed_case.refresh_from_db()
    assert closed_case.status == Status.CLOSED
    response = client.post(reverse("cases:action", args=[closed_case.code, "reopen"]),
                           {"reopen-reason": "复核发现事实认定有误", "reopen-expected_status": Status.CLOSED})
    assert response.status_code == 302
    closed_case.refresh_from_db()
    assert closed_case.status == Status.EXECUTED
