"""The zone register (执法责任片区, seed 003): create, edit, retire, import/export through services, API and pages."""

import io

from django.core.exceptions import PermissionDenied

import pytest
from openpyxl import load_workbook

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships import services
from townships.models import Zone
from townships.tests.factories import OfficerFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def _csv(text):
    return ("\ufeff" + text).encode("utf-8")


# ---------------------------------------------------------------- services


def test_create_refuses_an_officer_of_another_township(users, township, other_township):
    stranger = OfficerFactory(township=other_township, name="李四")
    with pytest.raises(services.ValidationError) as error:
        services.zone_create(actor=users[Role.STAFF], township=township, code="east-01", name="中山片区",
                             officers=[stranger])
    assert "李四" in error.value.message_dict["officers"][0]
    assert not Zone.objects.filter(code="east-01").exists()


def test_create_refuses_a_duplicate_name_in_the_township_in_chinese(users, township):
    ZoneFactory(township=township, name="中山片区")
    with pytest.raises(services.ValidationError) as error:
        services.zone_create(actor=users[Role.STAFF], township=township, code="east-02", name="中山片区")
    assert error.value.message_dict["name"] == ["本乡镇(街道)已有名为中山片区的片区。"]


def test_update_changes_officers_and_audits_before_and_after(users, township):
    zone = ZoneFactory(township=township)
    first, second = OfficerFactory(township=township), OfficerFactory(township=township)
    zone.officers.set([first])
    services.zone_update(actor=users[Role.STAFF], zone=zone, officers=[second])
    assert list(zone.officers.all()) == [second]
    event = AuditEvent.objects.filter(event_type="org.zone_updated").latest("id")
    assert event.detail["changed"]["officers"] == [[first.employee_number], [second.employee_number]]


def test_retired_zone_takes_no_new_records(users, township):
    zone = services.zone_retire(actor=users[Role.STAFF], zone=ZoneFactory(township=township, name="北片区"))
    assert zone.retired_on is not None
    with pytest.raises(services.ValidationError) as error:
        services.validate_zone_for(zone, township)
    assert "已停用" in error.value.message_dict["zone"][0]


def test_a_zone_of_another_township_is_refused_for_a_record(township, other_township):
    zone = ZoneFactory(township=other_township, name="西片区")
    with pytest.raises(services.ValidationError) as error:
        services.validate_zone_for(zone, township)
    assert "不属于" in error.value.message_dict["zone"][0]


def test_township_officer_may_not_write_zones(users, township):
    with pytest.raises(PermissionDenied):
        services.zone_create(actor=users[Role.TOWNSHIP_OFFICER], township=township, code="x1", name="片区甲")


# ---------------------------------------------------------------- import / export


def test_import_creates_and_updates_by_code_with_officers(users, township):
    existing = ZoneFactory(township=township, code="east-01", name="旧名")
    officer = OfficerFactory(township=township, employee_number="E1001")
    content = _csv("片区编码,片区名称,乡镇(街道)编码,片区说明,责任人员(工号),片区状态\n"
                   "east-01,中山片区,east,中山路两侧,E1001,在用\n"
                   "east-02,北门片区,east,,,停用\n")
    result = services.zones_import(actor=users[Role.STAFF], content=content, filename="zones.csv")
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    existing.refresh_from_db()
    assert existing.name == "中山片区" and list(existing.officers.all()) == [officer]
    assert Zone.objects.get(code="east-02").is_active is False


def test_import_with_one_bad_row_writes_nothing(users, township, other_township):
    OfficerFactory(township=other_township, employee_number="W9")
    content = _csv("片区编码,片区名称,乡镇(街道)编码,责任人员(工号)\n"
                   "east-01,中山片区,east,\n"
                   "east-02,北门片区,east,W9\n"
                   "east-03,南门片区,nowhere,\n")
    result = services.zones_import(actor=users[Role.STAFF], content=content, filename="zones.csv")
    assert [(row, column) for row, column, _m in result.errors] == [(3, "责任人员(工号)"), (4, "乡镇(街道)编码")]
    assert not Zone.objects.exists()


def test_import_refuses_missing_columns_in_chinese(users):
    result = services.zones_import(actor=users[Role.STAFF], content=_csv("片区名称\n甲\n"), filename="z.csv")
    assert result.errors == [(1, "", "缺少列：片区编码、乡镇(街道)编码")]


def test_export_round_trips_through_import(users, township):
    zone = ZoneFactory(township=township, code="east-01", name="=HYPERLINK(\"x\")", description="-危险")
    zone.officers.set([OfficerFactory(township=township, employee_number="E1")])
    response = _api(users[Role.STAFF]).get("/api/v1/zones/export/?status=all")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "'=HYPERLINK(\"x\")" and rows[1][4] == "'-危险"  # SECURITY §26
    assert AuditEvent.objects.filter(event_type="org.zones_exported").latest("id").detail["rows"] == 1
    result = services.zones_import(actor=users[Role.STAFF], content=response.content, filename="zones.xlsx")
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    zone.refresh_from_db()
    assert zone.name == "=HYPERLINK(\"x\")" and zone.description == "-危险"


# ---------------------------------------------------------------- API


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_api_creates_a_zone_with_officers(users, township):
    OfficerFactory(township=township, employee_number="E7", name="王五")
    response = _api(users[Role.STAFF]).post("/api/v1/zones/", {
        "township": township.code, "code": "east-07", "name": "七里片区", "officers": ["E7"]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["officers"] == [{"employee_number": "E7", "name": "王五"}]


def test_api_refuses_a_bad_code_in_chinese(users, township):
    response = _api(users[Role.STAFF]).post("/api/v1/zones/", {
        "township": township.code, "code": "有 空格", "name": "七里片区"}, format="json")
    assert response.status_code == 400 and "code" in response.json()


def test_api_patch_refuses_changing_the_township(users, township, other_township):
    zone = ZoneFactory(township=township)
    response = _api(users[Role.STAFF]).patch(f"/api/v1/zones/{zone.code}/", {"township": other_township.code},
                                             format="json")
    assert response.status_code == 400 and response.json()["township"] == ["此字段不可修改。"]


def test_api_retire_then_list_hides_it_unless_asked(users, township):
    zone = ZoneFactory(township=township)
    client = _api(users[Role.STAFF])
    assert client.post(f"/api/v1/zones/{zone.code}/retire/").json()["is_active"] is False
    assert client.get("/api/v1/zones/").json()["count"] == 0
    assert client.get("/api/v1/zones/?status=retired").json()["count"] == 1
    assert client.post(f"/api/v1/zones/{zone.code}/retire/").status_code == 400


def test_api_township_officer_may_read_but_not_create(users, township):
    client = _api(users[Role.TOWNSHIP_OFFICER])
    ZoneFactory(township=township)
    assert client.get("/api/v1/zones/").json()["count"] == 1
    response = client.post("/api/v1/zones/", {"township": township.code, "code": "a", "name": "b"}, format="json")
    assert response.status_code == 403


def test_api_import_answers_row_errors_with_400(users, township):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("zones.csv", _csv("片区编码,片区名称,乡镇(街道)编码\n,甲,east\n"))
    response = _api(users[Role.STAFF]).post("/api/v1/zones/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 2, "column": "片区编码", "message": "此项为必填项。"}]


# ---------------------------------------------------------------- pages


def test_zone_list_page_filters_and_paginates(client, users, township, other_township):
    ZoneFactory(township=township, name="东片区")
    ZoneFactory(township=other_township, name="西片区")
    client.force_login(users[Role.STAFF])
    body = client.get(f"/org/zones/?township={other_township.code}").content.decode()
    assert "西片区" in body and "东片区" not in body


def test_zone_list_page_is_scoped_for_a_township_officer(client, users, township, other_township):
    ZoneFactory(township=other_township, name="西片区")
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    body = client.get("/org/zones/").content.decode()
    assert "西片区" not in body and "没有符合条件的片区" in body and "新增片区" not in body


def test_zone_create_page_then_edit_assigns_officers(client, users, township):
    officer = OfficerFactory(township=township, name="赵六")
    client.force_login(users[Role.STAFF])
    response = client.post("/org/zones/new/", {"township": township.code, "code": "east-09", "name": "九号片区"})
    assert response.status_code == 302 and response["Location"] == "/org/zones/east-09/edit/"
    response = client.post("/org/zones/east-09/edit/", {"name": "九号片区", "officers": [officer.employee_number]})
    assert response.status_code == 302
    assert list(Zone.objects.get(code="east-09").officers.all()) == [officer]


def test_zone_create_page_shows_the_duplicate_code_next_to_the_field(client, users, township):
    ZoneFactory(township=township, code="east-09")
    client.force_login(users[Role.STAFF])
    response = client.post("/org/zones/new/", {"township": township.code, "code": "east-09", "name": "新片区"})
    assert response.status_code == 400 and "已有编码为east-09的片区" in response.content.decode()


def test_another_townships_zone_edit_page_is_404_for_scope(client, users, other_township):
    zone = ZoneFactory(township=other_township)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    assert client.get(f"/org/zones/{zone.code}/edit/").status_code == 403  # org.manage first


def test_zone_list_query_count_is_constant(client, users, township, django_assert_max_num_queries):
    for _ in range(6):
        ZoneFactory(township=township).officers.set([OfficerFactory(township=township)])
    client.force_login(users[Role.STAFF])
    with django_assert_max_num_queries(14):
        assert client.get("/org/zones/").status_code == 200
