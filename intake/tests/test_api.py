"""The intake API: the hotline push (idempotent, concurrent), per-action routes, scoping, keyset lists."""

import threading
from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest

from enforcement.accounts.models import Role
from intake.models import Clue, State
from intake.services import clue_create
from townships.tests.factories import TownshipFactory

from .factories import ClueFactory, dispatched_clue

pytestmark = pytest.mark.django_db

PUSH = {"work_order_number": "GD20261201077", "description": "人民路18号店铺占道经营,油烟扰民",
        "address": "东城街道人民路18号", "reporter_name": "王小明", "reporter_phone": "13812345678",
        "urgency": "normal"}


def test_hotline_push_twice_answers_201_then_200_with_the_same_clue(client_for, operator):
    api = client_for(operator)
    first = api.post("/api/v1/intake/hotline/", PUSH, format="json")
    again = api.post("/api/v1/intake/hotline/", PUSH, format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["code"] == again.json()["code"]
    assert Clue.objects.filter(external_number=PUSH["work_order_number"]).count() == 1


def test_hotline_push_with_other_contents_under_a_known_number_is_409(client_for, operator):
    api = client_for(operator)
    api.post("/api/v1/intake/hotline/", PUSH, format="json")
    response = api.post("/api/v1/intake/hotline/", {**PUSH, "description": "完全不同的另一件事"}, format="json")
    assert response.status_code == 409
    assert "工单" in str(response.json())


def test_hotline_push_without_a_number_is_refused_in_chinese(client_for, operator):
    response = client_for(operator).post("/api/v1/intake/hotline/", {**PUSH, "work_order_number": ""},
                                         format="json")
    assert response.status_code == 400
    assert not Clue.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_pushes_of_one_work_order_create_one_clue(operator):
    from rest_framework.test import APIClient

    results = []
    barrier = threading.Barrier(4)

    def push():
        client = APIClient()
        client.force_authenticate(user=operator)
        barrier.wait()
        try:
            results.append(client.post("/api/v1/intake/hotline/", PUSH, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=push) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 200, 200, 201]
    assert Clue.objects.filter(external_number=PUSH["work_order_number"]).count() == 1


def test_an_officer_acknowledges_and_arrives_through_the_action_routes(client_for, officer_user, township,
                                                                      officers):
    clue = dispatched_clue(township)
    api = client_for(officer_user)
    assert api.post(f"/api/v1/clues/{clue.code}/acknowledge/", {}, format="json").status_code == 200
    response = api.post(f"/api/v1/clues/{clue.code}/arrive/", {"latitude": "29.870000", "longitude": "121.550000"},
                        format="json")
    assert response.status_code == 200
    assert response.json()["state"] == State.ARRIVED
    assert "report_handled" in response.json()["actions"]


def test_an_action_out_of_order_is_400_with_the_reason(client_for, officer_user, township):
    clue = ClueFactory(township=township)
    response = client_for(officer_user).post(f"/api/v1/clues/{clue.code}/acknowledge/", {}, format="json")
    assert response.status_code == 400
    assert "签收" in str(response.json())


def test_bad_input_to_an_action_is_400_and_nothing_is_written(client_for, officer_user, township):
    clue = dispatched_clue(township)
    api = client_for(officer_user)
    api.post(f"/api/v1/clues/{clue.code}/acknowledge/", {}, format="json")
    response = api.post(f"/api/v1/clues/{clue.code}/arrive/", {"latitude": "999"}, format="json")
    assert response.status_code == 400
    assert Clue.objects.get(pk=clue.pk).state == State.ACKNOWLEDGED


def test_the_wrong_role_gets_403_on_dispatch(client_for, users, township):
    clue = ClueFactory(township=township, state=State.TRIAGED)
    response = client_for(users[Role.LEADER]).post(f"/api/v1/clues/{clue.code}/dispatch/", {"target": "township"},
                                                   format="json")
    assert response.status_code == 403


def test_a_township_operator_gets_404_for_another_townships_clue(client_for, township_operator):
    other = ClueFactory(township=TownshipFactory(code="west"), state=State.TRIAGED)
    api = client_for(township_operator)
    assert api.get(f"/api/v1/clues/{other.code}/").status_code == 404
    assert api.post(f"/api/v1/clues/{other.code}/dispatch/", {"target": "township"}, format="json").status_code == 404


def test_the_list_of_a_township_operator_holds_only_their_township(client_for, township_operator, township):
    mine = ClueFactory(township=township)
    ClueFactory(township=TownshipFactory(code="west"))
    response = client_for(township_operator).get("/api/v1/clues/", {"township": "west"})
    assert [row["code"] for row in response.json()["results"]] == []
    response = client_for(township_operator).get("/api/v1/clues/")
    assert [row["code"] for row in response.json()["results"]] == [mine.code]


def test_the_list_pages_with_a_keyset_cursor_without_gaps_or_repeats(client_for, operator, township):
    base = timezone.now() - timedelta(days=1)
    clues = [ClueFactory(township=township, received_at=base + timedelta(minutes=n // 2)) for n in range(7)]
    api = client_for(operator)
    seen, cursor = [], None
    while True:
        response = api.get("/api/v1/clues/", {"page_size": 3, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200
        body = response.json()
        seen += [row["code"] for row in body["results"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    expected = [c.code for c in sorted(clues, key=lambda c: (c.received_at, c.pk), reverse=True)]
    assert seen == expected


def test_a_broken_cursor_is_400_not_500(client_for, operator):
    response = client_for(operator).get("/api/v1/clues/", {"cursor": "yesterday|x"})
    assert response.status_code == 400


def test_the_list_runs_a_constant_number_of_queries(client_for, operator, township, django_assert_max_num_queries):
    api = client_for(operator)
    for _n in range(3):
        ClueFactory(township=township)
    with django_assert_max_num_queries(3):
        small = api.get("/api/v1/clues/", {"page_size": 2})
    for _n in range(30):
        ClueFactory(township=township)
    with django_assert_max_num_queries(3):
        large = api.get("/api/v1/clues/", {"page_size": 200, "state": "open", "township": township.code})
    assert small.status_code == large.status_code == 200
    assert len(large.json()["results"]) == 33


def test_assigned_lists_the_clues_dispatched_to_the_officer(client_for, officer_user, township, make_user):
    mine = dispatched_clue(township)
    ClueFactory(township=township, state=State.TRIAGED)
    response = client_for(officer_user).get("/api/v1/clues/assigned/")
    assert [row["code"] for row in response.json()["results"]] == [mine.code]
    elsewhere = make_user(Role.TOWNSHIP_OFFICER, username="west_officer", township=TownshipFactory(code="west"))
    assert client_for(elsewhere).get("/api/v1/clues/assigned/").json()["results"] == []


def test_unmask_needs_a_reason_and_is_audited(client_for, operator):
    from enforcement.audit.models import AuditEvent

    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       reporter_name="王小明", reporter_phone="13812345678")
    api = client_for(operator)
    assert api.post(f"/api/v1/clues/{clue.code}/unmask/", {"reason": ""}, format="json").status_code == 400
    response = api.post(f"/api/v1/clues/{clue.code}/unmask/", {"reason": "回访举报人核实情况"}, format="json")
    assert response.json() == {"name": "王小明", "phone": "13812345678"}
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(event_type="clue.unmask", object_id=clue.code).count() == 1


def test_the_detail_shows_the_reporter_masked(client_for, operator):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       reporter_name="王小明", reporter_phone="13812345678")
    body = client_for(operator).get(f"/api/v1/clues/{clue.code}/").json()
    assert body["reporter_phone"] == "138****5678"
    assert "13812345678" not in str(body)


def test_every_action_documents_its_own_request_body_in_the_schema(client_for, operator):
    schema = client_for(operator).get("/api/schema/", {"format": "json"}).json()
    dispatch = schema["paths"]["/api/v1/clues/{code}/dispatch/"]["post"]
    arrive = schema["paths"]["/api/v1/clues/{code}/arrive/"]["post"]
    assert dispatch["requestBody"] != arrive["requestBody"]
    assert dispatch["operationId"] == "clues_dispatch"


def test_a_resent_acknowledge_with_the_same_client_request_id_is_answered_from_the_first(client_for, officer_user,
                                                                                         township):
    from intake.models import ClueEvent

    clue = dispatched_clue(township)
    api = client_for(officer_user)
    headers = {"HTTP_X_CLIENT_REQUEST_ID": "phone-7f3a9c2e-ack"}
    first = api.post(f"/api/v1/clues/{clue.code}/acknowledge/", {}, format="json", **headers)
    again = api.post(f"/api/v1/clues/{clue.code}/acknowledge/", {}, format="json", **headers)
    assert first.status_code == again.status_code == 200
    assert again["X-Client-Request-ID-Replayed"] == "true"
    assert ClueEvent.objects.filter(clue=clue, action="acknowledge").count() == 1


def test_an_action_on_a_clue_changed_meanwhile_is_409(client_for, officer_user, township):
    clue = dispatched_clue(township)
    response = client_for(officer_user).post(f"/api/v1/clues/{clue.code}/acknowledge/",
                                             {"expected_state": "triaged"}, format="json")
    assert response.status_code == 409
    assert Clue.objects.get(pk=clue.pk).state == State.DISPATCHED


@pytest.mark.parametrize("n", [3, 10, 12])
def test_the_board_counts_the_overdue_and_todays_dispatches_beyond_the_ten_it_lists(township, operator, n):
    from intake.board import LIST_LIMIT, board_data

    for _ in range(n):
        clue = dispatched_clue(township)
        Clue.objects.filter(pk=clue.pk).update(response_deadline=timezone.now() - timedelta(minutes=5))
    data = board_data(actor=operator)
    assert data["overdue_count"] == n and len(data["overdue"]) == min(n, LIST_LIMIT)
    assert data["dispatched_today"] == n and len(data["latest_dispatches"]) == min(n, LIST_LIMIT)


def test_the_board_api_counts_only_the_callers_township(client_for, township_operator, township):
    ClueFactory(township=township, urgency="urgent")
    ClueFactory(township=TownshipFactory(code="west"))
    body = client_for(township_operator).get("/api/v1/intake/board/").json()
    assert body["open_total"] == 1 and body["urgent_open"] == 1
    assert [t["code"] for t in body["townships"]] == [township.code]


def test_clue_list_labels_come_from_the_label_copies_and_follow_a_rename(client_for, operator):
    from django.test.utils import CaptureQueriesContext

    from catalog.tests.factories import ItemFactory
    from townships.tests.factories import ZoneFactory

    zone = ZoneFactory()
    item = ItemFactory()
    clue = ClueFactory(township=zone.township, zone=zone, item=item)
    api = client_for(operator)
    api.get("/api/v1/clues/")
    with CaptureQueriesContext(connection) as queries:
        row = next(r for r in api.get("/api/v1/clues/").json()["results"] if r["code"] == clue.code)
    assert (row["township_name"], row["zone"], row["zone_name"], row["item"], row["item_name"]) == (
        zone.township.name, zone.code, zone.name, item.code, item.name)
    assert not [q for q in queries.captured_queries if "townships_zone" in q["sql"] or "catalog_item" in q["sql"]]
    zone.name = "新网格"
    zone.save()
    row = next(r for r in api.get("/api/v1/clues/").json()["results"] if r["code"] == clue.code)
    assert row["zone_name"] == "新网格"
