"""The case list as xlsx/CSV: same filters as the list, masking rules, cap, audit, escaped cells, scoping."""

import csv
import io

import pytest
from openpyxl import load_workbook

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent

from .factories import ORG_USCC

pytestmark = pytest.mark.django_db


def _rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_citizens_are_masked_organisations_shown(register, client, officer_user):
    register(party_name="王小五")
    register(party_type="organisation", party_name="海曙味道餐饮有限公司", party_id_number=ORG_USCC)
    client.force_login(officer_user)
    rows = _rows(client.get("/cases/export/"))
    parties = {row[10] for row in rows[1:]}
    assert parties == {"王**", "海曙味道餐饮有限公司"}
    assert all("13812345678" not in str(cell) for row in rows for cell in row)
    assert "138****5678" in {row[12] for row in rows[1:]}


def test_export_follows_the_list_filters_and_is_audited(register, client, officer_user):
    register(party_name="王五")
    register(party_name="赵六", procedure="simple", fine=100, file_now=False)
    client.force_login(officer_user)
    rows = _rows(client.get("/cases/export/?procedure=simple"))
    assert [row[10] for row in rows[1:]] == ["赵*"]
    event = AuditEvent.objects.filter(event_type="case.export").latest("id")
    assert event.detail["rows"] == 1 and event.detail["filters"] == {"procedure": "simple"}


def test_export_is_capped(register, client, officer_user, settings):
    settings.CASE_EXPORT_MAX_ROWS = 1
    register(party_name="王五")
    register(party_name="赵六")
    client.force_login(officer_user)
    response = client.get("/cases/export/?file_format=csv")
    assert response["X-Export-Capped"] == "1"
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 2


def test_formula_like_place_is_escaped(register, client, officer_user):
    register(location='=HYPERLINK("http://x")')
    client.force_login(officer_user)
    assert _rows(client.get("/cases/export/"))[1][13].startswith("'=")


def test_another_townships_cases_are_not_exported(register, client, make_user, other_township):
    register(party_name="王五")
    stranger = make_user(Role.TOWNSHIP_OFFICER, username="stranger", township=other_township)
    client.force_login(stranger)
    assert len(_rows(client.get("/cases/export/"))) == 1


def test_auditor_and_liaison_may_not_export(client, users):
    client.force_login(users[Role.AUDITOR])
    assert client.get("/cases/export/").status_code == 403


def test_api_export(register, client_for, officer_user):
    register(party_name="王五")
    response = client_for(officer_user).get("/api/v1/cases/export/?file_format=csv")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "王*" in response.content.decode("utf-8-sig")
