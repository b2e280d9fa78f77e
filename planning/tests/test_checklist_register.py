"""监管一件事 checklists and industries (seeds 000, 001, 004): create, version, retire, import/export; a plan task
keeps the checklist version it was planned with."""

import io

from django.core.exceptions import PermissionDenied, ValidationError

import pytest
from openpyxl import load_workbook

from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from planning.models import Checklist
from planning.services import checklists as services
from planning.services import week_task_create

from .factories import IndustryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(users):
    return users[Role.STAFF]


@pytest.fixture
def items(db):
    return [ItemFactory(code="330299000001", name="门前三包"), ItemFactory(code="330299000002", name="占道经营")]


def test_create_links_points_to_catalogue_items_in_order(staff, items):
    checklist = services.checklist_create(actor=staff, code="street", name="沿街商铺检查清单",
                                          industry=IndustryFactory(), points=[("门前三包落实", items[0].code),
                                                                              ("无占道经营", items[1])])
    assert [(p.order, p.code, p.item) for p in checklist.points.all()] == [(1, "street-01", items[0]),
                                                                            (2, "street-02", items[1])]
    assert (checklist.series, checklist.version) == ("street", 1)


def test_create_refuses_unknown_items_and_empty_points_per_line(staff, items):
    with pytest.raises(ValidationError) as error:
        services.checklist_create(actor=staff, code="x", name="清单", industry=IndustryFactory(),
                                  points=[("", items[0].code), ("要点", "999")])
    assert error.value.message_dict["points"] == ["第 1 项：检查要点内容为空。", "第 2 项：未知的执法事项 999。"]
    assert not Checklist.objects.exists()


def test_retired_item_cannot_be_a_check_point(staff):
    item = ItemFactory(status="retired")
    with pytest.raises(ValidationError) as error:
        services.checklist_create(actor=staff, code="x", name="清单", industry=IndustryFactory(),
                                  points=[("要点", item.code)])
    assert "不在有效期内" in error.value.message_dict["points"][0]


def test_township_officer_may_not_create(users, items):
    with pytest.raises(PermissionDenied):
        services.checklist_create(actor=users[Role.TOWNSHIP_OFFICER], code="x", name="清单",
                                  industry=IndustryFactory(), points=[("要点", items[0])])


def test_an_unused_version_is_changed_in_place(staff, items):
    checklist = services.checklist_create(actor=staff, code="street", name="清单", industry=IndustryFactory(),
                                          points=[("要点一", items[0])])
    services.checklist_update(actor=staff, checklist=checklist, points=[("要点二", items[1])])
    assert [p.text for p in checklist.points.all()] == ["要点二"]
    assert Checklist.objects.count() == 1


def test_a_used_version_is_never_edited_and_its_task_keeps_it(staff, world, two_tasks):
    task = two_tasks[0]
    planned_with = task.checklist
    with pytest.raises(ValidationError) as error:
        services.checklist_update(actor=staff, checklist=planned_with, name="新名称")
    assert "新版本" in error.value.messages[0]
    new = services.checklist_new_version(actor=staff, checklist=planned_with,
                                         points=[("新增要点", world["points_a"][0].item)])
    task.refresh_from_db()
    planned_with.refresh_from_db()
    assert task.checklist == planned_with and not planned_with.is_active
    assert (new.code, new.version, new.is_active) == (f"{planned_with.series}-v2", 2, True)
    assert [p.text for p in new.points.all()] == ["新增要点"]
    assert [p.text for p in planned_with.points.all()] == ["食品安全要点0", "食品安全要点1"]


def test_a_new_task_must_use_the_current_version(staff, world, two_tasks):
    old = two_tasks[0].checklist
    services.checklist_new_version(actor=staff, checklist=old)
    old.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        week_task_create(actor=staff, arrangement=world["month_a"], date=two_tasks[0].date,
                         subjects=[world["subject"]], officers=world["officers_a"][:2], checklist=old)
    assert "当前版本" in error.value.message_dict["checklist"][0]


def test_only_the_latest_version_gets_a_next_one(staff, world, two_tasks):
    old = two_tasks[0].checklist
    services.checklist_new_version(actor=staff, checklist=old)
    with pytest.raises(ValidationError):
        services.checklist_new_version(actor=staff, checklist=Checklist.objects.get(pk=old.pk))


def test_retire_and_reinstate_are_audited(staff, items):
    checklist = services.checklist_create(actor=staff, code="s", name="清单", industry=IndustryFactory(),
                                          points=[("要点", items[0])])
    services.checklist_retire(actor=staff, checklist=checklist)
    with pytest.raises(ValidationError):
        services.checklist_retire(actor=staff, checklist=checklist)
    services.checklist_reinstate(actor=staff, checklist=checklist)
    assert [e.event_type for e in AuditEvent.objects.filter(event_type__startswith="planning.checklist_")
            .order_by("id")] == ["planning.checklist_created", "planning.checklist_retired",
                                 "planning.checklist_reinstated"]


def test_points_text_round_trips():
    assert services.parse_points_text("330299000001 | 门前三包\n\n330299000002｜占道 经营\n") == [
        ("门前三包", "330299000001"), ("占道 经营", "330299000002")]


# ---------------------------------------------------------------- import / export


def _csv(text):
    return ("\ufeff" + text).encode()


def test_import_creates_then_versions_a_used_checklist(staff, world, two_tasks, items):
    industry = world["checklist_a"].industry
    series = world["checklist_a"].series
    content = _csv("清单编码,清单名称,行业编码,检查要点,事项编码\n"
                   f"new-list,新清单,{industry.code},要点甲,{items[0].code}\n"
                   f"{series},餐饮食品安全,{industry.code},只剩一条,{items[1].code}\n")
    result = services.checklists_import(actor=staff, content=content, filename="c.csv")
    assert (result.created, result.versioned, result.errors) == (1, 1, [])
    assert Checklist.objects.get(series=series, is_active=True).version == 2


def test_import_with_a_bad_row_writes_nothing(staff, items):
    industry = IndustryFactory(code="food")
    content = _csv("清单编码,清单名称,行业编码,检查要点,事项编码\n"
                   f"a,清单甲,food,要点,{items[0].code}\n"
                   "b,清单乙,nope,要点,999\n")
    result = services.checklists_import(actor=staff, content=content, filename="c.csv")
    assert {column for _row, column, _m in result.errors} == {"行业编码", "检查要点"}
    assert not Checklist.objects.exists() and industry


def test_export_round_trip_leaves_everything_unchanged(staff, world, client_for):
    response = client_for(staff).get("/api/v1/planning/checklists/export/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("清单编码", "清单名称", "行业编码") and len(rows) == 1 + 4
    result = services.checklists_import(actor=staff, content=response.content, filename="c.xlsx")
    assert (result.created, result.updated, result.versioned, result.unchanged) == (0, 0, 0, 2)
    assert AuditEvent.objects.filter(event_type="planning.checklists_exported").exists()


# ---------------------------------------------------------------- API and pages


def test_api_create_and_version(staff, client_for, items):
    industry = IndustryFactory(code="food")
    client = client_for(staff)
    response = client.post("/api/v1/planning/checklists/", {
        "code": "food-main", "name": "食品清单", "industry": "food",
        "points": [{"text": "要点", "item": items[0].code}]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["points"][0]["item"] == items[0].code
    response = client.post("/api/v1/planning/checklists/food-main/versions/", {"name": "食品清单（2025版）"},
                           format="json")
    assert response.status_code == 201 and response.json()["code"] == "food-main-v2"
    listed = client.get("/api/v1/planning/checklists/?series=food-main").json()["results"]
    assert [c["version"] for c in listed] == [1, 2] and industry


def test_api_industry_create_with_departments(staff, client_for, department):
    response = client_for(staff).post("/api/v1/planning/industries/", {
        "code": "hotel", "name": "住宿业", "departments": [department.code]}, format="json")
    assert response.status_code == 201 and response.json()["departments"] == [department.code]


def test_checklist_page_shows_points_and_versions(client, staff, world):
    client.force_login(staff)
    body = client.get(f"/planning/checklists/{world['checklist_a'].code}/").content.decode()
    assert "食品安全要点0" in body and "第1版" in body


def test_checklist_create_page_reports_bad_lines_next_to_the_field(client, staff, items):
    IndustryFactory(code="food")
    client.force_login(staff)
    response = client.post("/planning/checklists/new/", {"code": "f", "name": "清单", "industry": "food",
                                                          "points": "999 | 要点"})
    assert response.status_code == 400 and "未知的执法事项 999" in response.content.decode()


def test_checklist_edit_page_of_a_used_version_saves_a_new_version(client, staff, world, two_tasks):
    client.force_login(staff)
    old = world["checklist_a"]
    item = world["points_a"][0].item.code
    response = client.post(f"/planning/checklists/{old.code}/edit/", {"name": old.name,
                                                                       "points": f"{item} | 新要点"})
    assert response.status_code == 302 and response["Location"] == f"/planning/checklists/{old.series}-v2/"


def test_industry_pages(client, staff, department):
    client.force_login(staff)
    response = client.post("/planning/industries/new/", {"code": "hotel", "name": "住宿业",
                                                          "departments": [department.code]})
    assert response.status_code == 302
    assert "住宿业" in client.get("/planning/industries/").content.decode()
