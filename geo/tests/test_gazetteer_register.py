"""The gazetteer register: pages and API, scoped by township, audited; the all-or-nothing import with Chinese
row/column errors; the export in the import's columns (round trip)."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from enforcement.core import spreadsheets
from geo import places
from geo.models import Place, PlaceKind

pytestmark = pytest.mark.django_db

HEADER = ["标准名称", "别名", "类型", "乡镇(街道)代码", "片区代码", "纬度", "经度", "起始门牌号", "终止门牌号",
          "终点纬度", "终点经度"]


def entry(township, name="东城街道光溪路", **extra):
    return Place.objects.create(township=township, name=name, kind=extra.pop("kind", PlaceKind.ROAD),
                                latitude=Decimal("29.8"), longitude=Decimal("121.5"), **extra)


def csv_file(rows, header=HEADER):
    return spreadsheets.csv_text(header, rows).encode("utf-8")


def test_staff_create_an_entry_and_it_is_audited(staff, township):
    place = places.place_create(actor=staff, name="东城街道光溪路", aliases="光溪路、光溪 路", kind="road",
                                township=township, latitude="29.8", longitude="121.5")
    assert place.aliases == ["光溪路", "光溪 路"]
    assert AuditEvent.objects.filter(event_type="geo.place_created", object_id=str(place.pk)).exists()


def test_a_township_user_keeps_only_entries_of_their_own_township(users, township, other_township):
    officer = users[Role.TOWNSHIP_OFFICER]
    with pytest.raises(Exception) as error:
        places.place_create(actor=officer, name="西山镇人民路", kind="road", township=other_township,
                            latitude="29.8", longitude="121.5")
    assert "只能维护本乡镇" in str(error.value)
    assert places.place_create(actor=officer, name="东城街道人民路", kind="road", township=township,
                               latitude="29.8", longitude="121.5").pk


def test_the_api_lists_only_the_township_users_own_entries(client_for, users, township, other_township):
    mine, theirs = entry(township), entry(other_township, name="西山镇人民路")
    body = client_for(users[Role.TOWNSHIP_COMMAND]).get("/api/v1/map/gazetteer/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert client_for(users[Role.TOWNSHIP_COMMAND]).get(f"/api/v1/map/gazetteer/{theirs.pk}/").status_code == 404
    everyone = client_for(users[Role.STAFF]).get("/api/v1/map/gazetteer/").json()
    assert {row["id"] for row in everyone["results"]} == {mine.pk, theirs.pk}


def test_the_api_creates_changes_and_deletes_with_json(client_for, staff, township):
    api = client_for(staff)
    created = api.post("/api/v1/map/gazetteer/", {"name": "东城街道光溪路", "kind": "road", "township": "east",
                                                  "latitude": "29.8", "longitude": "121.5",
                                                  "aliases": ["光溪路"]}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = api.patch(f"/api/v1/map/gazetteer/{pk}/", {"number_from": 1, "number_to": 99,
                                                         "end_latitude": "29.81", "end_longitude": "121.51"},
                        format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["number_to"] == 99
    assert api.delete(f"/api/v1/map/gazetteer/{pk}/").status_code == 204
    assert not Place.objects.filter(pk=pk).exists()


def test_a_bad_value_is_a_chinese_error_next_to_the_field(client_for, staff, township):
    answer = client_for(staff).post("/api/v1/map/gazetteer/", {
        "name": "东城街道光溪路", "kind": "road", "township": "east", "latitude": "29.8", "longitude": "121.5",
        "number_from": 10}, format="json")
    assert answer.status_code == 400
    assert "门牌号范围" in str(answer.json())


def test_the_geocode_api_answers_with_precision_and_label(client_for, staff, township):
    entry(township)
    from geo import gazetteer

    gazetteer.invalidate()
    body = client_for(staff).get("/api/v1/map/geocode/", {"address": "东城街道光溪路12号"}).json()
    assert body["found"] and body["precision"] == "road"
    assert body["label"] == "地名地址库 (道路级)"


def test_import_creates_and_updates_all_at_once(staff, township):
    entry(township, name="东城街道人民路")
    content = csv_file([["东城街道人民路", "人民路", "道路", "east", "", "29.81", "121.51", "", "", "", ""],
                        ["东城街道光溪路8号", "", "门牌", "east", "", "29.82", "121.52", "", "", "", ""]])
    result = places.places_import(actor=staff, content=content, filename="places.csv")
    assert (result.ok, result.created, result.updated) == (True, 1, 1)
    assert Place.objects.get(name="东城街道人民路").latitude == Decimal("29.810000")


def test_import_with_a_bad_row_writes_nothing_and_names_row_and_column(staff, township):
    content = csv_file([["东城街道光溪路8号", "", "门牌", "east", "", "29.82", "121.52", "", "", "", ""],
                        ["东城街道人民路", "", "街巷", "east", "", "29.81", "121.51", "", "", "", ""],
                        ["东城街道新河路", "", "道路", "nowhere", "", "29.81", "121.51", "", "", "", ""],
                        ["东城街道前程路", "", "道路", "east", "", "95", "121.51", "", "", "", ""]])
    result = places.places_import(actor=staff, content=content, filename="places.csv")
    assert not result.ok
    assert (3, "类型", "请从列出的选项中选择。") in [(r, c, m) for r, c, m in result.errors] or \
        any(r == 3 and c == "类型" for r, c, _m in result.errors)
    assert any(r == 4 and c == "乡镇(街道)代码" and "nowhere" in m for r, c, m in result.errors)
    assert any(r == 5 and c == "纬度" for r, c, _m in result.errors)
    assert not Place.objects.exists()


def test_import_refuses_another_townships_rows_for_a_township_user(users, township, other_township):
    content = csv_file([["西山镇人民路", "", "道路", "west", "", "29.81", "121.51", "", "", "", ""]])
    result = places.places_import(actor=users[Role.TOWNSHIP_OFFICER], content=content, filename="p.csv")
    assert [(r, c) for r, c, _m in result.errors] == [(2, "乡镇(街道)代码")]
    assert not Place.objects.exists()


def test_import_without_required_columns_says_which(staff):
    result = places.places_import(actor=staff, content=csv_file([["x"]], header=["标准名称"]), filename="p.csv")
    assert "缺少列" in result.errors[0][2] or "纬度" in result.errors[0][2]


def test_export_round_trips_through_import(client, staff, township):
    entry(township, aliases=["光溪路"], number_from=1, number_to=99, end_latitude=Decimal("29.81"),
          end_longitude=Decimal("121.51"))
    client.force_login(staff)
    exported = client.get("/map/gazetteer/export/?file_format=csv")
    assert exported.status_code == 200
    result = places.places_import(actor=staff, content=exported.content, filename="gazetteer.csv")
    assert (result.ok, result.created, result.updated) == (True, 0, 1)
    assert AuditEvent.objects.filter(event_type="geo.places_exported").exists()


def test_the_pages_list_add_and_import(client, staff, township):
    client.force_login(staff)
    assert client.get("/map/gazetteer/").status_code == 200
    added = client.post("/map/gazetteer/new/", {"name": "东城街道光溪路", "aliases": "", "kind": "road",
                                                "township": "east", "zone": "", "coordinate_system": "wgs84",
                                                "latitude": "29.8", "longitude": "121.5"})
    assert added.status_code == 302
    place = Place.objects.get(name="东城街道光溪路")
    tried = client.get("/map/gazetteer/", {"address": "东城街道光溪路5号"})
    assert "地名地址库 (道路级)" in tried.content.decode()
    bad = client.post("/map/gazetteer/import/", {"coordinate_system": "wgs84", "file": SimpleUploadedFile(
        "p.csv", csv_file([["东城街道人民路", "", "道路", "east", "", "abc", "121.5", "", "", "", ""]]))})
    assert bad.status_code == 400
    assert "纬度" in bad.content.decode()
    assert client.post(f"/map/gazetteer/{place.pk}/delete/").status_code == 302


def test_a_role_without_manage_cannot_add(client, users, township):
    client.force_login(users[Role.TOWNSHIP_REVIEWER])
    assert client.get("/map/gazetteer/").status_code == 200
    assert client.get("/map/gazetteer/new/").status_code == 403


def test_the_list_query_count_is_constant(client, staff, township, django_assert_max_num_queries):
    for n in range(30):
        entry(township, name=f"东城街道测试路{n}")
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get("/map/gazetteer/").status_code == 200
