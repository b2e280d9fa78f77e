"""The intake pages: list, register, detail with actions, board (polling panel), lists, import, export."""

import io
from datetime import timedelta

from django.utils import timezone

import pytest

from enforcement.accounts.models import Role
from intake.models import Clue, Dispatch, State
from intake.services import clue_create
from townships.tests.factories import TownshipFactory

from .factories import ClueFactory, dispatched_clue

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_operator_registers_a_clue_on_the_page_and_sees_its_proposals(client, operator, township, item):
    _login(client, operator)
    response = client.post("/intake/new/", {"source": "phone", "address": "东城街道人民路5号", "urgency": "normal",
                                            "description": "东城街道人民路店铺擅自占用道路从事经营活动"})
    assert response.status_code == 302
    assert Clue.objects.count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert item.code in text and "研判推荐" in text
    assert page["Cache-Control"].count("no-store") == 1


def test_a_bad_clue_form_shows_chinese_errors_next_to_the_field_and_writes_nothing(client, operator):
    _login(client, operator)
    response = client.post("/intake/new/", {"source": "phone", "description": "", "address": "人民路",
                                            "urgency": "normal", "latitude": "30"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "此项为必填项" in text or "这个字段是必填项" in text
    assert not Clue.objects.exists()


def test_the_operator_dispatches_from_the_detail_page(client, operator, township, officers):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       township=township)
    _login(client, operator)
    client.post(f"/intake/{clue.code}/actions/triage/", {"triage-township": township.code,
                                                         "triage-urgency": "urgent"})
    response = client.post(f"/intake/{clue.code}/actions/dispatch/", {"dispatch-target": "township",
                                                                      "dispatch-urgency": "urgent"})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.state == State.DISPATCHED
    assert clue.response_deadline <= timezone.now() + timedelta(minutes=31)


def test_a_refused_action_on_the_page_shows_the_reason_and_answers_400(client, officer_user, township):
    clue = dispatched_clue(township)
    _login(client, officer_user)
    client.post(f"/intake/{clue.code}/actions/acknowledge/", {})
    response = client.post(f"/intake/{clue.code}/actions/arrive/", {"arrive-latitude": "29.8"})
    assert response.status_code == 400
    assert "经度" in response.content.decode()


def test_another_townships_clue_page_is_404(client, users):
    other = ClueFactory(township=TownshipFactory(code="west"))
    for role in (Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_COMMAND, Role.TOWNSHIP_REVIEWER):
        _login(client, users[role])
        assert client.get(f"/intake/{other.code}/").status_code == 404


def test_the_board_shows_open_overdue_and_township_load(client, operator, township):
    late = dispatched_clue(township, urgency="urgent")
    Clue.objects.filter(pk=late.pk).update(response_deadline=timezone.now() - timedelta(minutes=5))
    ClueFactory(township=township)
    _login(client, operator)
    page = client.get("/intake/board/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'hx-trigger="every 30s"' in text
    assert late.code in text and township.name in text


def test_the_board_panel_runs_a_constant_number_of_queries(client, operator, township,
                                                            django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _login(client, operator)
    client.get("/intake/board/panel/")
    for n in range(3):
        dispatched_clue(TownshipFactory(code=f"t{n}"))
    with CaptureQueriesContext(connection) as small:
        assert client.get("/intake/board/panel/").status_code == 200
    for n in range(3, 15):
        dispatched_clue(TownshipFactory(code=f"t{n}"))
    with CaptureQueriesContext(connection) as full:  # today's dispatches fill their list: they are counted
        assert client.get("/intake/board/panel/").status_code == 200
    for n in range(15, 30):
        dispatched_clue(TownshipFactory(code=f"t{n}"))
    with django_assert_max_num_queries(len(full)):
        assert client.get("/intake/board/panel/").status_code == 200
    assert len(small) == len(full) - 1  # a list shorter than its limit is its own count
    assert len(full) <= 16


def test_a_township_operators_board_counts_only_their_township(client, township_operator, township):
    ClueFactory(township=township)
    ClueFactory(township=TownshipFactory(code="west", name="西山镇"))
    _login(client, township_operator)
    text = client.get("/intake/board/panel/").content.decode()
    assert "西山镇" not in text


def test_the_export_is_scoped_and_escapes_formulas(client, township_operator, township):
    ClueFactory(township=township, address="=HYPERLINK(1)")
    ClueFactory(township=TownshipFactory(code="west"), address="西山镇中街")
    _login(client, township_operator)
    response = client.get("/intake/export.csv")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body and "西山镇中街" not in body


def test_an_import_with_one_bad_row_imports_nothing_and_names_row_and_column(client, operator):
    _login(client, operator)
    content = ("工单编号,受理时间,诉求人,联系电话,诉求内容,事发地址,紧急程度\n"
               "GD001,2026-11-30 09:00,张三,13800001111,店门口堆放杂物,人民路1号,一般\n"
               "GD002,2026-11-30 09:10,李四,13800002222,占道经营,,很急\n").encode()
    upload = io.BytesIO(content)
    upload.name = "orders.csv"
    response = client.post("/intake/import/", {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "事发地址" in text and "紧急程度" in text
    assert not Clue.objects.exists()


def test_an_import_creates_the_clues_and_skips_work_orders_received_before(client, operator):
    _login(client, operator)
    content = ("工单编号,受理时间,诉求人,联系电话,诉求内容,事发地址,紧急程度\n"
               "GD001,2026-11-30 09:00,张三,13800001111,店门口堆放杂物,人民路1号,一般\n"
               "GD002,2026-11-30 09:10,李四,13800002222,占道经营影响通行,人民路2号,紧急\n").encode()
    for expected in (2, 2):
        upload = io.BytesIO(content)
        upload.name = "orders.csv"
        assert client.post("/intake/import/", {"file": upload}).status_code == 200
        assert Clue.objects.count() == expected
    assert Clue.objects.get(external_number="GD002").urgency == "urgent"


def test_the_pages_open_for_the_command_roles(client, users, township):
    clue = ClueFactory(township=township)
    for role in (Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF, Role.LEADER):
        _login(client, users[role])
        for url in ("/intake/", f"/intake/{clue.code}/", "/intake/replies/", "/intake/warnings/?due=1",
                    "/intake/patrols/", "/intake/board/"):
            assert client.get(url).status_code == 200, (role, url)


def test_the_officer_sees_the_clues_dispatched_to_them(client, officer_user, township):
    clue = dispatched_clue(township)
    _login(client, officer_user)
    assert clue.code in client.get("/intake/mine/").content.decode()
    assert Dispatch.objects.count() == 1


def test_the_list_page_runs_a_constant_number_of_queries(client, operator, township, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _login(client, operator)
    ClueFactory(township=township)
    client.get("/intake/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/intake/").status_code == 200
    for _n in range(40):
        ClueFactory(township=TownshipFactory())
    with django_assert_max_num_queries(len(small)):
        assert client.get("/intake/", {"state": "new"}).status_code == 200


def test_the_dispatch_form_offers_the_townships_zones_and_officers_to_pick(client, operator, township, zone,
                                                                          officers):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       township=township)
    _login(client, operator)
    client.post(f"/intake/{clue.code}/actions/triage/", {"triage-township": township.code, "triage-zone": zone.code,
                                                         "triage-urgency": "normal"})
    page = client.get(f"/intake/{clue.code}/").content.decode()
    assert f'value="{zone.code}"' in page and officers[1].employee_number in page
    response = client.post(f"/intake/{clue.code}/actions/dispatch/", {
        "dispatch-target": "zone", "dispatch-zone": zone.code, "dispatch-urgency": "normal",
        "dispatch-officers": [officers[1].employee_number]})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert list(clue.current_dispatch.officers.all()) == [officers[1]]
