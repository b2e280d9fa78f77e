"""Officers import (all-or-nothing, through the officer services) and export (capped, audited)."""

import io

import pytest
from openpyxl import load_workbook

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships.models import Officer
from townships.officer_file import officers_import
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db
HEADER = "工号,姓名,人员类别,执法证号,执法证有效期,所属部门编码,下沉乡镇(街道)编码,下沉日期,在岗,法律职业资格\n"


def _csv(text):
    return ("\ufeff" + HEADER + text).encode()


def test_import_creates_and_updates_by_employee_number(users, department, township):
    OfficerFactory(employee_number="E1", name="旧名", home_department=department)
    content = _csv(f"E1,张伟,执法人员,33020001,2030-12-31,{department.code},{township.code},2025-01-01,是,否\n"
                   f"E2,李娜,辅助人员,,,{department.code},{township.code},2025-02-01,是,否\n")
    assert officers_import(actor=users[Role.STAFF], content=content, filename="o.csv") == (1, 1, [])
    assert Officer.objects.get(employee_number="E1").name == "张伟"
    assert Officer.objects.get(employee_number="E2").township == township


def test_import_with_one_bad_row_writes_nothing(users, department, township):
    OfficerFactory(employee_number="E9", certificate_number="33029999")
    content = _csv(f"E1,张伟,执法人员,33029999,2030-12-31,{department.code},,,是,否\n"
                   f"E2,李娜,队长,,,{department.code},,,是,否\n")
    created, updated, errors = officers_import(actor=users[Role.STAFF], content=content, filename="o.csv")
    assert (created, updated) == (0, 0)
    assert [(row, column) for row, column, _m in errors] == [(2, "执法证号"), (3, "人员类别")]
    assert not Officer.objects.filter(employee_number__in=["E1", "E2"]).exists()


def test_export_round_trips(users, department, township, client):
    OfficerFactory(employee_number="E1", name="张伟", home_department=department, township=township)
    client.force_login(users[Role.STAFF])
    response = client.get("/org/officers/export/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("E1", "张伟")
    assert AuditEvent.objects.filter(event_type="org.officers_exported").exists()
    assert officers_import(actor=users[Role.STAFF], content=response.content, filename="o.xlsx") == (0, 1, [])


def test_township_officer_may_not_import(client_for, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("o.csv", _csv(""))
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/officers/import/", {"file": upload},
                                                              format="multipart")
    assert response.status_code == 403
