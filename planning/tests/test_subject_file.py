"""一店一档 (seed 001): one subject's inspections, tasks, cases, decisions, warnings and risk history, scoped."""

import pytest

from cases.tests.factories import ORG_USCC
from enforcement.accounts.models import Role
from planning import services
from planning.models import SubjectRiskChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(world):
    subject = world["subject"]
    subject.uscc = ORG_USCC
    subject.save()
    return subject


def test_risk_level_changes_are_kept_with_who_and_why(users, subject):
    services.subject_update(actor=users[Role.STAFF], subject=subject, risk_level="high")
    change = SubjectRiskChange.objects.get(subject=subject)
    assert (change.from_level, change.to_level, change.changed_by) == ("low", "high", users[Role.STAFF])


def test_subject_file_lists_the_cases_filed_against_its_uscc(client_for, users, subject, township):
    from cases.services import case_register
    from catalog.tests.factories import ItemFactory
    from townships.models import Empowerment
    from townships.tests.factories import OfficerFactory

    item = ItemFactory()
    Empowerment.objects.create(township=township, item=item, valid_from="2020-01-01")
    officer_user = users[Role.TOWNSHIP_OFFICER]
    officers = [OfficerFactory(township=township, user=officer_user), OfficerFactory(township=township)]
    case = case_register(actor=officer_user, item=item, procedure="ordinary", party_type="organisation",
                         party_name=subject.name, party_id_number=subject.uscc, location="中山路1号",
                         facts="占道经营", violation_date="2026-11-01", discovered_on="2026-11-02",
                         officers=officers, file_now=True)
    body = client_for(officer_user).get(f"/api/v1/planning/subjects/{subject.uscc}/file/").json()
    assert [c["code"] for c in body["cases"]] == [case.code]
    assert body["subject"]["uscc"] == subject.uscc and body["decisions"] == []


def test_subject_file_of_another_township_is_404(client_for, make_user, other_township, subject):
    stranger = make_user(Role.TOWNSHIP_OFFICER, username="stranger", township=other_township)
    assert client_for(stranger).get(f"/api/v1/planning/subjects/{subject.uscc}/file/").status_code == 404


def test_subject_page_shows_the_sections(client, users, subject):
    client.force_login(users[Role.STAFF])
    body = client.get(f"/planning/subjects/{subject.uscc}/").content.decode()
    assert "一店一档" in body and "风险等级变更记录" in body and "预警" in body


def test_subjects_export_round_trips_through_the_import(client, users, subject):
    import io as _io

    from openpyxl import load_workbook

    client.force_login(users[Role.STAFF])
    response = client.get("/planning/subjects/export/")
    rows = list(load_workbook(_io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码" and rows[1][0] == subject.uscc
    result = services.subjects_import(actor=users[Role.STAFF], uploaded=_io.BytesIO(response.content),
                                      filename="s.xlsx")
    assert (result.created, result.updated, result.errors) == (0, 1, [])
