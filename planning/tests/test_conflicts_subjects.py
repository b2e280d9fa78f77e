"""Officer conflicts (回避): page, API, service; single-subject create/edit pages."""

import random
from datetime import date

from django.test import Client
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from planning import services
from planning.demo import uscc_generate
from planning.models import OfficerConflict, RiskLevel, Subject

from .factories import SubjectFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/planning/conflicts/"


def _web(user):
    client = Client()
    client.force_login(user)
    return client


def _post_conflict(client, officer, subject, reason="近亲属在该企业任职"):
    return client.post(reverse("planning:conflict_list"), {
        "officer": officer.employee_number, "subject": subject.uscc, "reason": reason})


# --- conflicts: page -------------------------------------------------------------------------------------

def test_staff_records_a_conflict_on_the_page_and_it_is_audited(world):
    officer, subject = world["officers_a"][0], world["subject"]
    response = _post_conflict(_web(world["staff"]), officer, subject)
    assert response.status_code == 302
    conflict = OfficerConflict.objects.get()
    assert (conflict.officer, conflict.subject, conflict.reason) == (officer, subject, "近亲属在该企业任职")
    event = AuditEvent.objects.get(event_type="planning.conflict_recorded")
    assert event.user_id == world["staff"].pk


def test_conflict_page_lists_recorded_conflicts(world):
    OfficerConflict.objects.create(officer=world["officers_a"][0], subject=world["subject"], reason="曾在该企业任职")
    body = _web(world["staff"]).get(reverse("planning:conflict_list")).content.decode()
    assert "曾在该企业任职" in body and world["officers_a"][0].employee_number in body


def test_liaison_cannot_record_a_conflict_for_another_departments_officer(world):
    response = _post_conflict(_web(world["liaison"]), world["officers_b"][0], world["subject"])
    assert response.status_code == 200
    assert world["officers_b"][0].employee_number in response.context["form"].errors["officer"][0]
    assert not OfficerConflict.objects.exists()


def test_liaison_records_a_conflict_for_own_officer(world):
    response = _post_conflict(_web(world["liaison"]), world["officers_a"][1], world["subject"])
    assert response.status_code == 302
    assert OfficerConflict.objects.filter(officer=world["officers_a"][1]).exists()


def test_liaison_sees_only_own_departments_conflicts(world):
    OfficerConflict.objects.create(officer=world["officers_a"][0], subject=world["subject"], reason="甲部门回避")
    OfficerConflict.objects.create(officer=world["officers_b"][0], subject=world["subject"], reason="乙部门回避")
    body = _web(world["liaison"]).get(reverse("planning:conflict_list")).content.decode()
    assert "甲部门回避" in body and "乙部门回避" not in body


def test_duplicate_conflict_is_refused_next_to_the_subject(world):
    officer, subject = world["officers_a"][0], world["subject"]
    client = _web(world["staff"])
    _post_conflict(client, officer, subject)
    response = _post_conflict(client, officer, subject, reason="再次登记")
    assert response.status_code == 200
    assert world["subject"].name in response.context["form"].errors["subject"][0]
    assert OfficerConflict.objects.count() == 1


def test_unknown_subject_code_is_refused(world):
    response = _web(world["staff"]).post(reverse("planning:conflict_list"), {
        "officer": world["officers_a"][0].employee_number, "subject": "91330203000000000X", "reason": "x"})
    assert response.status_code == 200 and "subject" in response.context["form"].errors
    assert not OfficerConflict.objects.exists()


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.AUDITOR])
def test_roles_without_draw_rights_get_403_on_the_conflict_page(world, role):
    assert _web(world["users"][role]).get(reverse("planning:conflict_list")).status_code == 403


def test_conflict_page_query_count_is_constant(world, django_assert_max_num_queries):
    client = _web(world["staff"])
    subjects = SubjectFactory.create_batch(30, industry=world["industry"], township=world["township"])
    for i, subject in enumerate(subjects):
        OfficerConflict.objects.create(officer=world["officers_a"][i % 3], subject=subject, reason="回避")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("planning:conflict_list")).status_code == 200


def test_a_conflict_recorded_on_the_page_keeps_the_officer_out_of_the_draw(world):
    subjects = [world["subject"]] + SubjectFactory.create_batch(3, industry=world["industry"],
                                                                township=world["township"])
    client = _web(world["staff"])
    for officer in world["officers_a"][:2]:
        _post_conflict(client, officer, world["subject"])
    draw = services.draw_run(actor=world["staff"], title="回避测试", department=world["department"],
                             departments=[world["other_department"]],
                             inspection_type="检查", draw_date=date.today(), subject_count=len(subjects),
                             officers_per_subject=2, industry=world["industry"], seed="conflict")
    row = draw.drawn_subjects.get(subject=world["subject"])
    assert row.officers.count() == 2
    assert not set(row.officers.all()) & set(world["officers_a"][:2])


# --- conflicts: API --------------------------------------------------------------------------------------

def test_api_records_a_conflict(world, client_for):
    response = client_for(world["staff"]).post(API, {
        "officer": world["officers_a"][0].employee_number, "subject": world["subject"].uscc.lower(),
        "reason": "存在经济往来"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["subject"] == world["subject"].uscc
    assert AuditEvent.objects.filter(event_type="planning.conflict_recorded").count() == 1


def test_api_liaison_cannot_record_for_another_department(world, client_for):
    response = client_for(world["liaison"]).post(API, {
        "officer": world["officers_b"][0].employee_number, "subject": world["subject"].uscc, "reason": "x"},
        format="json")
    assert response.status_code == 400 and "officer" in response.json()
    assert not OfficerConflict.objects.exists()


def test_api_duplicate_is_400_naming_the_subject(world, client_for):
    client = client_for(world["staff"])
    payload = {"officer": world["officers_a"][0].employee_number, "subject": world["subject"].uscc, "reason": "x"}
    client.post(API, payload, format="json")
    response = client.post(API, payload, format="json")
    assert response.status_code == 400 and "subject" in response.json()
    assert OfficerConflict.objects.count() == 1


def test_api_list_is_scoped_for_liaisons(world, client_for):
    OfficerConflict.objects.create(officer=world["officers_a"][0], subject=world["subject"], reason="a")
    OfficerConflict.objects.create(officer=world["officers_b"][0], subject=world["subject"], reason="b")
    rows = client_for(world["liaison"]).get(API).json()["results"]
    assert [row["officer"] for row in rows] == [world["officers_a"][0].employee_number]


def test_api_list_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    client = client_for(world["staff"])
    for i, subject in enumerate(SubjectFactory.create_batch(25, industry=world["industry"],
                                                            township=world["township"])):
        OfficerConflict.objects.create(officer=world["officers_a"][i % 3], subject=subject, reason="回避")
    with django_assert_max_num_queries(6):
        assert client.get(API).status_code == 200


# --- subjects: single create / edit ----------------------------------------------------------------------

def _subject_post(world, **extra):
    return {"uscc": uscc_generate(random.Random(77)), "name": "海曙新开张餐饮店",
            "industry": world["industry"].code, "township": world["township"].code, "address": "中山西路8号",
            "risk_level": RiskLevel.MEDIUM, **extra}


def test_staff_creates_a_subject_on_the_page(world):
    data = _subject_post(world)
    response = _web(world["staff"]).post(reverse("planning:subject_create"), data)
    assert response.status_code == 302
    subject = Subject.objects.get(uscc=data["uscc"])
    assert subject.name == "海曙新开张餐饮店" and subject.risk_level == RiskLevel.MEDIUM
    assert AuditEvent.objects.filter(event_type="planning.subject_created").exists()


def test_invalid_credit_code_is_refused_next_to_the_field(world):
    data = _subject_post(world)
    data["uscc"] = data["uscc"][:17] + ("B" if data["uscc"][17] != "B" else "C")
    response = _web(world["staff"]).post(reverse("planning:subject_create"), data)
    assert response.status_code == 200
    assert "GB 32100" in response.context["form"].errors["uscc"][0]
    assert not Subject.objects.filter(name="海曙新开张餐饮店").exists()


def test_duplicate_credit_code_is_refused(world):
    response = _web(world["staff"]).post(reverse("planning:subject_create"),
                                         _subject_post(world, uscc=world["subject"].uscc))
    assert response.status_code == 200 and "uscc" in response.context["form"].errors
    assert Subject.objects.filter(uscc=world["subject"].uscc).count() == 1


@pytest.mark.parametrize("role", [Role.LIAISON, Role.TOWNSHIP_OFFICER, Role.LEADER])
def test_roles_without_subject_manage_get_403(world, role):
    client = _web(world["users"][role])
    assert client.get(reverse("planning:subject_create")).status_code == 403
    assert client.get(reverse("planning:subject_edit", args=[world["subject"].uscc])).status_code == 403


def test_staff_edits_a_subject_but_not_its_credit_code(world):
    subject = world["subject"]
    client = _web(world["staff"])
    page = client.get(reverse("planning:subject_edit", args=[subject.uscc]))
    assert "uscc" not in page.context["form"].fields
    response = client.post(reverse("planning:subject_edit", args=[subject.uscc]), {
        "name": subject.name, "industry": subject.industry.code, "township": subject.township.code,
        "address": "新地址1号", "risk_level": RiskLevel.HIGH, "uscc": "91330203000000000X"})
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.risk_level == RiskLevel.HIGH and subject.address == "新地址1号" and not subject.is_active
    assert subject.uscc == world["subject"].uscc
    event = AuditEvent.objects.get(event_type="planning.subject_updated")
    assert "risk_level" in str(event.detail)


def test_inactive_subject_is_left_out_of_draws(world):
    others = SubjectFactory.create_batch(3, industry=world["industry"], township=world["township"])
    services.subject_update(actor=world["staff"], subject=world["subject"], is_active=False)
    draw = services.draw_run(actor=world["staff"], title="停用", department=world["department"], departments=[],
                             inspection_type="检查", draw_date=date.today(), subject_count=3,
                             industry=world["industry"], seed="inactive")
    assert set(draw.drawn_subjects.values_list("subject_id", flat=True)) == {s.pk for s in others}


def test_subject_edit_of_unknown_code_is_404(world):
    assert _web(world["staff"]).get(reverse("planning:subject_edit", args=["91330203000000000X"])).status_code == 404
