from datetime import date

import pytest

from enforcement.accounts.models import Role
from planning.models import Inspection

from .conftest import make_task
from .factories import SubjectFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/planning"


def _payload(world, task, **extra):
    return {"task": task.code, "officers": [o.employee_number for o in world["officers_a"][:2]],
            "results": [{"point": p.code, "passed": i != 0, "note": "x"} for i, p in enumerate(world["points_a"])],
            **extra}


def test_pda_records_an_inspection(world, two_tasks, client_for):
    response = client_for(world["officer_user"]).post(f"{BASE}/inspections/", _payload(world, two_tasks[0]),
                                                      format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["task"] == two_tasks[0].code and body["has_problems"] is True
    assert body["subject"] == world["subject"].uscc


def test_pda_resend_is_idempotent(world, two_tasks, client_for):
    client = client_for(world["officer_user"])
    payload = _payload(world, two_tasks[0], client_request_id="pda-7-0001")
    first = client.post(f"{BASE}/inspections/", payload, format="json").json()
    second = client.post(f"{BASE}/inspections/", payload, format="json").json()
    assert first["code"] == second["code"] and Inspection.objects.count() == 1


def test_pda_resend_with_header_id_is_a_200_replay_and_a_changed_body_a_409(world, two_tasks, client_for):
    """SECURITY §22 through the shared client-request-id mechanism (enforcement.core.idempotency)."""
    client = client_for(world["officer_user"])
    headers = {"X-Client-Request-ID": "insp-0000-0001"}
    payload = _payload(world, two_tasks[0])
    first = client.post(f"{BASE}/inspections/", payload, format="json", headers=headers)
    again = client.post(f"{BASE}/inspections/", payload, format="json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert Inspection.objects.get().client_request_id == "insp-0000-0001"
    changed = client.post(f"{BASE}/inspections/", {**payload, "note": "改了"}, format="json", headers=headers)
    assert changed.status_code == 409
    assert changed.json()["current"]["body"]["note"] == "改了"
    assert Inspection.objects.count() == 1


def test_api_inspection_without_task_is_400_in_chinese(world, client_for):
    response = client_for(world["officer_user"]).post(f"{BASE}/inspections/", {
        "officers": [], "results": []}, format="json")
    assert response.status_code == 400
    assert "无计划不检查" in str(response.json())
    assert not Inspection.objects.exists()


def test_draw_via_api_refuses_too_many_subjects(world, client_for):
    response = client_for(world["staff"]).post(f"{BASE}/draws/", {
        "title": "t", "department": world["department"].code, "inspection_type": "x",
        "draw_date": date.today().isoformat(), "subject_count": 500, "industry": world["industry"].code},
        format="json")
    assert response.status_code == 400 and "subject_count" in response.json()


def test_plan_transition_via_api_refused_for_liaison_approval(world, client_for):
    plan = world["month_a"].plan
    response = client_for(world["liaison"]).post(f"{BASE}/plans/{plan.code}/transition/", {"action": "issue"},
                                                 format="json")
    assert response.status_code == 400  # issued plan: move not in the table


def test_other_township_sees_no_tasks(world, two_tasks, client_for, make_user, other_township):
    outsider = make_user(Role.TOWNSHIP_OFFICER, username="w1", township=other_township)
    response = client_for(outsider).get(f"{BASE}/tasks/")
    assert response.json()["count"] == 0
    assert client_for(outsider).get(f"{BASE}/tasks/{two_tasks[0].code}/").status_code == 404


def test_auditor_is_refused(world, client_for):
    assert client_for(world["users"][Role.AUDITOR]).get(f"{BASE}/subjects/").status_code == 403


@pytest.mark.parametrize("endpoint", ["subjects", "plans", "tasks", "joint-inspections", "draws", "inspections"])
def test_list_endpoints_have_constant_query_counts(world, client_for, endpoint, django_assert_max_num_queries):
    for _ in range(6):
        subject = SubjectFactory(industry=world["industry"], township=world["township"])
        make_task(world["month_a"], subject, world["officers_a"][:2], world["checklist_a"])
    client = client_for(world["staff"])
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/{endpoint}/")
    assert response.status_code == 200
