"""API writes: year plans, month arrangements and week tasks (plan.edit roles, liaisons for their own department),
and evidence upload on inspections (same limits as the web form)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from planning import services
from planning.models import InspectionResult, MonthArrangement, WeekTask, YearPlan
from planning.tests.factories import YearPlanFactory
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/planning"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- year plans ------------------------------------------------------------------------------------------

def test_liaison_creates_a_plan_for_own_department(world, client_for):
    year = date.today().year + 1
    response = client_for(world["liaison"]).post(f"{BASE}/plans/", {
        "department": world["department"].code, "year": year, "title": "明年餐饮检查计划", "planned_count": 24,
        "industries": [world["industry"].code], "townships": [world["township"].code]}, format="json")
    assert response.status_code == 201, response.json()
    plan = YearPlan.objects.get(code=response.json()["code"])
    assert (plan.department, plan.year, plan.state) == (world["department"], year, "draft")
    assert list(plan.industries.all()) == [world["industry"]]
    assert AuditEvent.objects.filter(event_type="planning.plan_created").count() == 1


def test_liaison_cannot_create_a_plan_for_another_department(world, client_for):
    response = client_for(world["liaison"]).post(f"{BASE}/plans/", {
        "department": world["other_department"].code, "year": date.today().year + 1, "title": "越权计划"},
        format="json")
    assert response.status_code == 403
    assert not YearPlan.objects.filter(title="越权计划").exists()


def test_plan_create_without_required_fields_is_400_naming_them(world, client_for):
    response = client_for(world["staff"]).post(f"{BASE}/plans/", {"title": "缺部门"}, format="json")
    assert response.status_code == 400
    assert {"department", "year"} <= set(response.json())


def test_plan_create_with_unknown_item_codes_is_400(world, client_for):
    response = client_for(world["staff"]).post(f"{BASE}/plans/", {
        "department": world["department"].code, "year": date.today().year + 1, "title": "t",
        "items": ["NO-SUCH-ITEM"]}, format="json")
    assert response.status_code == 400 and "NO-SUCH-ITEM" in response.json()["items"][0]
    assert not YearPlan.objects.filter(title="t").exists()


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.ADMIN])
def test_roles_without_plan_edit_cannot_create_plans(world, client_for, role):
    response = client_for(world["users"][role]).post(f"{BASE}/plans/", {
        "department": world["department"].code, "year": 2031, "title": "x"}, format="json")
    assert response.status_code == 403


def test_staff_edits_a_draft_plan(world, client_for):
    plan = YearPlanFactory(department=world["department"], year=date.today().year + 2)
    response = client_for(world["staff"]).patch(f"{BASE}/plans/{plan.code}/", {
        "title": "修订后的计划", "planned_count": 40}, format="json")
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert (plan.title, plan.planned_count) == ("修订后的计划", 40)


def test_liaison_patch_of_another_departments_plan_is_404(world, client_for):
    plan = YearPlanFactory(department=world["other_department"], year=date.today().year + 2, title="别人的计划")
    response = client_for(world["liaison"]).patch(f"{BASE}/plans/{plan.code}/", {"title": "改掉"}, format="json")
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.title == "别人的计划"


def test_issued_plan_cannot_be_edited(world, client_for):
    plan = world["month_a"].plan
    response = client_for(world["liaison"]).patch(f"{BASE}/plans/{plan.code}/", {"title": "改掉"}, format="json")
    assert response.status_code == 400


def test_plan_department_cannot_be_patched(world, client_for):
    plan = YearPlanFactory(department=world["department"], year=date.today().year + 2)
    response = client_for(world["staff"]).patch(f"{BASE}/plans/{plan.code}/", {
        "department": world["other_department"].code}, format="json")
    assert response.status_code == 400 and "department" in response.json()
    plan.refresh_from_db()
    assert plan.department == world["department"]


# --- month arrangements ----------------------------------------------------------------------------------

def test_liaison_sets_a_month_of_own_plan(world, client_for):
    plan = YearPlanFactory(department=world["department"], year=date.today().year + 2)
    response = client_for(world["liaison"]).post(f"{BASE}/plans/{plan.code}/months/", {
        "month": 3, "planned_count": 5, "focus": "春季食品安全"}, format="json")
    assert response.status_code == 200, response.json()
    assert {"month": 3, "planned_count": 5, "focus": "春季食品安全"} in response.json()["months"]


def test_month_of_another_departments_plan_is_404(world, client_for):
    plan = YearPlanFactory(department=world["other_department"], year=date.today().year + 2)
    response = client_for(world["liaison"]).post(f"{BASE}/plans/{plan.code}/months/", {
        "month": 3, "planned_count": 5}, format="json")
    assert response.status_code == 404
    assert not MonthArrangement.objects.filter(plan=plan).exists()


def test_month_13_is_refused(world, client_for):
    plan = YearPlanFactory(department=world["department"], year=date.today().year + 2)
    response = client_for(world["staff"]).post(f"{BASE}/plans/{plan.code}/months/", {
        "month": 13, "planned_count": 1}, format="json")
    assert response.status_code == 400 and "month" in response.json()


# --- week tasks ------------------------------------------------------------------------------------------

def _task_payload(world, **extra):
    return {"plan": world["month_a"].plan.code, "month": world["month_a"].month, "date": date.today().isoformat(),
            "subjects": [world["subject"].uscc], "officers": [o.employee_number for o in world["officers_a"][:2]],
            "checklist": world["checklist_a"].code, "inspection_type": "routine", "note": "API任务", **extra}


def test_liaison_creates_a_week_task_in_own_plan(world, client_for):
    response = client_for(world["liaison"]).post(f"{BASE}/tasks/", _task_payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subjects"] == [world["subject"].uscc] and body["checklist"] == world["checklist_a"].code
    task = WeekTask.objects.get(code=body["code"])
    assert task.department == world["department"] and task.township == world["township"]


def test_week_task_in_another_departments_plan_is_404(world, client_for):
    payload = _task_payload(world, plan=world["month_b"].plan.code)
    response = client_for(world["liaison"]).post(f"{BASE}/tasks/", payload, format="json")
    assert response.status_code == 404
    assert not WeekTask.objects.exists()


def test_week_task_outside_its_month_is_refused(world, client_for):
    outside = date.today().replace(day=1) - timedelta(days=1)
    response = client_for(world["liaison"]).post(f"{BASE}/tasks/", _task_payload(world, date=outside.isoformat()),
                                                 format="json")
    assert response.status_code == 400 and "date" in response.json()
    assert not WeekTask.objects.exists()


def test_week_task_with_expired_officer_is_refused(world, client_for):
    expired = OfficerFactory(expired=True, home_department=world["department"], township=world["township"])
    response = client_for(world["liaison"]).post(f"{BASE}/tasks/", _task_payload(
        world, officers=[expired.employee_number]), format="json")
    assert response.status_code == 400 and expired.name in response.json()["officers"][0]
    assert not WeekTask.objects.exists()


def test_week_task_with_unknown_subject_is_400(world, client_for):
    response = client_for(world["staff"]).post(f"{BASE}/tasks/", _task_payload(
        world, subjects=["91330203000000000X"]), format="json")
    assert response.status_code == 400 and "91330203000000000X" in response.json()["subjects"][0]


def test_week_task_patch_changes_date_and_note(world, two_tasks, client_for):
    task = two_tasks[0]
    response = client_for(world["liaison"]).patch(f"{BASE}/tasks/{task.code}/", {
        "note": "改期", "officers": [world["officers_a"][2].employee_number]}, format="json")
    assert response.status_code == 200, response.json()
    task.refresh_from_db()
    assert task.note == "改期" and list(task.officers.all()) == [world["officers_a"][2]]
    assert AuditEvent.objects.filter(event_type="planning.task_updated").exists()


def test_week_task_patch_of_another_department_is_404(world, two_tasks, client_for):
    response = client_for(world["liaison"]).patch(f"{BASE}/tasks/{two_tasks[1].code}/", {"note": "x"},
                                                  format="json")
    assert response.status_code == 404


def test_done_task_cannot_be_changed(world, two_tasks, client_for):
    task = two_tasks[0]
    services.week_task_mark_done(actor=world["liaison"], task=task)
    response = client_for(world["liaison"]).patch(f"{BASE}/tasks/{task.code}/", {"note": "x"}, format="json")
    assert response.status_code == 400


# --- evidence upload -------------------------------------------------------------------------------------

@pytest.fixture
def inspection(world, two_tasks, client_for):
    payload = {"task": two_tasks[0].code, "officers": [o.employee_number for o in world["officers_a"][:2]],
               "results": [{"point": p.code, "passed": i != 0, "note": "x"} for i, p in enumerate(world["points_a"])]}
    response = client_for(world["officer_user"]).post(f"{BASE}/inspections/", payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["code"]


def _upload(client, code, point, name, content):
    return client.post(f"{BASE}/inspections/{code}/evidence/", {
        "point": point.code, "file": SimpleUploadedFile(name, content)}, format="multipart")


def test_officer_uploads_a_photo_as_evidence(world, inspection, client_for, media):
    point = world["points_a"][0]
    response = _upload(client_for(world["officer_user"]), inspection, point, "现场照片.png", PNG)
    assert response.status_code == 201, response.json()
    result = next(r for r in response.json()["results"] if r["point"] == point.code)
    assert result["has_evidence"] is True
    stored = InspectionResult.objects.get(inspection__code=inspection, point=point).evidence
    assert stored.name.endswith(".png") and "现场照片" not in stored.name and inspection in stored.name
    assert (media / stored.name).read_bytes() == PNG
    event = AuditEvent.objects.get(event_type="planning.evidence_attached")
    assert event.detail["filename"] == "现场照片.png" and len(event.detail["sha256"]) == 64


def test_pdf_evidence_is_accepted(world, inspection, client_for):
    response = _upload(client_for(world["officer_user"]), inspection, world["points_a"][1], "笔录.pdf", PDF)
    assert response.status_code == 201


def test_evidence_over_10_mb_is_refused(world, inspection, client_for):
    big = PNG + b"\x00" * (10 * 1024 * 1024)
    response = _upload(client_for(world["officer_user"]), inspection, world["points_a"][0], "big.png", big)
    assert response.status_code == 400 and "10 MB" in str(response.json())
    assert not InspectionResult.objects.get(inspection__code=inspection, point=world["points_a"][0]).evidence


@pytest.mark.parametrize(("name", "content"), [("tool.exe", b"MZ\x90\x00"), ("photo.jpg", b"<?php echo 1; ?>"),
                                               ("scan.pdf", PNG)])
def test_evidence_of_another_type_is_refused(world, inspection, client_for, name, content):
    response = _upload(client_for(world["officer_user"]), inspection, world["points_a"][0], name, content)
    assert response.status_code == 400 and "file" in response.json()
    assert not InspectionResult.objects.get(inspection__code=inspection, point=world["points_a"][0]).evidence


def test_evidence_is_not_replaced_silently(world, inspection, client_for):
    client = client_for(world["officer_user"])
    _upload(client, inspection, world["points_a"][0], "a.png", PNG)
    response = _upload(client, inspection, world["points_a"][0], "b.png", PNG)
    assert response.status_code == 400 and "point" in response.json()


def test_evidence_for_a_point_not_in_the_inspection_is_400(world, inspection, client_for):
    response = _upload(client_for(world["officer_user"]), inspection, world["points_b"][0], "a.png", PNG)
    assert response.status_code == 400 and "point" in response.json()


def test_evidence_on_another_townships_inspection_is_404(world, inspection, client_for, make_user,
                                                         other_township):
    stranger = make_user(Role.TOWNSHIP_OFFICER, username="stranger", township=other_township)
    response = _upload(client_for(stranger), inspection, world["points_a"][0], "a.png", PNG)
    assert response.status_code == 404


def test_leader_cannot_upload_evidence(world, inspection, client_for):
    response = _upload(client_for(world["users"][Role.LEADER]), inspection, world["points_a"][0], "a.png", PNG)
    assert response.status_code == 403
