"""Checklists with their points for the phone, and a failed point opened as a case through the API."""

import pytest

from cases.models import Case
from planning.models import Inspection

from .factories import ChecklistFactory, CheckPointFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/planning"


def test_checklists_list_their_points_in_order(world, client_for):
    retired = ChecklistFactory(code="old-list", is_active=False)
    body = client_for(world["officer_user"]).get(f"{BASE}/checklists/{world['checklist_a'].code}/").json()
    assert body["name"] == "餐饮食品安全"
    assert [p["text"] for p in body["points"]] == ["食品安全要点0", "食品安全要点1"]
    assert body["points"][0]["item"] == world["points_a"][0].item.code
    codes = [c["code"] for c in client_for(world["officer_user"]).get(f"{BASE}/checklists/").json()["results"]]
    assert retired.code not in codes and world["checklist_a"].code in codes
    assert client_for(world["officer_user"]).get(f"{BASE}/checklists/?industry=nope").json()["results"] == []


def test_checklist_list_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    for _ in range(5):
        CheckPointFactory(checklist=ChecklistFactory())
    with django_assert_max_num_queries(6):
        assert client_for(world["officer_user"]).get(f"{BASE}/checklists/").status_code == 200


def test_failed_point_opens_one_case_found_in_inspection(world, two_tasks, client_for):
    client = client_for(world["officer_user"])
    payload = {"task": two_tasks[0].code, "officers": [o.employee_number for o in world["officers_a"][:2]],
               "results": [{"point": p.code, "passed": i != 0, "note": "无健康证"}
                           for i, p in enumerate(world["points_a"])]}
    code = client.post(f"{BASE}/inspections/", payload, format="json").json()["code"]
    failed = world["points_a"][0].code
    first = client.post(f"{BASE}/inspections/{code}/open-case/", {"point": failed}, format="json")
    assert first.status_code == 200, first.content
    again = client.post(f"{BASE}/inspections/{code}/open-case/", {"point": failed}, format="json")
    assert again.json()["case"] == first.json()["case"]
    case = Case.objects.get()
    assert case.source == "inspection" and case.code == first.json()["case"]
    passed = client.post(f"{BASE}/inspections/{code}/open-case/", {"point": world["points_a"][1].code}, format="json")
    assert passed.status_code == 400
    assert client.post(f"{BASE}/inspections/{code}/open-case/", {"point": "nope"}, format="json").status_code == 400
    assert Inspection.objects.count() == 1
