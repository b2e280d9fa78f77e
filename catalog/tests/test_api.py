from datetime import date

import pytest

from catalog.models import Adjustment, Item
from catalog.services import item_amend, item_retire
from enforcement.accounts.models import Role
from townships.empowerment import empowerment_grant

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/catalog/items/"


@pytest.fixture
def catalogue(make_item, other_domain):
    for n in range(12):
        make_item(code=f"C{n:02d}", name=f"对占用道路经营第{n}类的行政处罚", no_penalty=n % 3 == 0,
                  tier="township" if n % 2 else "comprehensive")
    make_item(code="F01", name="对埋压消火栓的行政处罚", domain="fire", power_type="inspection", penalty_kinds=[],
              fine_min=None, fine_max=None, warning_only=False)
    return Item.objects.all()


def codes(response):
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.AUDITOR, Role.SECURITY_ADMIN)])
def test_every_business_role_reads_items(catalogue, users, client_for, role):
    assert len(codes(client_for(users[role]).get(ITEMS))) == 13


def test_auditor_cannot_read_the_catalogue(catalogue, users, client_for):
    assert client_for(users[Role.AUDITOR]).get(ITEMS).status_code == 403


@pytest.mark.parametrize("params, expected", [
    ({"search": "zydl"}, 12),
    ({"domain": "fire"}, 1),
    ({"power_type": "inspection"}, 1),
    ({"tier": "township"}, 7),
    ({"special_list": "no_penalty"}, 4),
    ({"special_list": "warning_only"}, 0),
])
def test_item_filters(catalogue, users, client_for, params, expected):
    response = client_for(users[Role.STAFF]).get(ITEMS, params)
    assert len(codes(response)) == expected


@pytest.mark.parametrize("params", [{"domain": "nope"}, {"power_type": "x"}, {"special_list": "y"},
                                    {"as_of": "2024-02-30"}, {"empowered_to": "nowhere"}])
def test_bad_filters_answer_400_naming_the_filter(catalogue, users, client_for, params):
    response = client_for(users[Role.STAFF]).get(ITEMS, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_empowered_to_filter(catalogue, users, client_for, township, other_township):
    empowerment_grant(actor=None, township=township, items=Item.objects.filter(code__in=["C01", "C02"]),
                      valid_from=date(2023, 1, 1))
    empowerment_grant(actor=None, township=other_township, items=Item.objects.filter(code="C03"),
                      valid_from=date(2023, 1, 1))
    assert codes(client_for(users[Role.STAFF]).get(ITEMS, {"empowered_to": "east"})) == {"C01", "C02"}
    assert codes(client_for(users[Role.STAFF]).get(ITEMS, {"empowered_to": "west"})) == {"C03"}
    assert codes(client_for(users[Role.TOWNSHIP_OFFICER]).get(ITEMS, {"empowered_to": "east"})) == {"C01", "C02"}
    # another township is outside an officer's scope: not a valid choice
    assert client_for(users[Role.TOWNSHIP_OFFICER]).get(ITEMS, {"empowered_to": "west"}).status_code == 400


def test_list_query_count_is_constant(catalogue, users, client_for, django_assert_max_num_queries, make_item):
    client = client_for(users[Role.STAFF])
    with django_assert_max_num_queries(6):
        client.get(ITEMS, {"page_size": 200})
    for n in range(30):
        make_item(code=f"X{n:02d}")
    with django_assert_max_num_queries(6):
        assert len(codes(client.get(ITEMS, {"page_size": 200}))) == 43


def test_as_of_list_query_count_is_constant(catalogue, users, client_for, django_assert_max_num_queries):
    for item in Item.objects.all():
        item_amend(actor=None, item=item, changes={"fine_max": 5000} if item.fine_max else {"name": "改"},
                   reason="law_change", effective_date=date(2024, 1, 1))
    with django_assert_max_num_queries(7):
        response = client_for(users[Role.STAFF]).get(ITEMS, {"as_of": "2023-06-01", "page_size": 200})
    rows = response.json()["results"]
    assert {r["fine_max"] for r in rows if r["power_type"] == "penalty"} == {"1000.00"}


def test_detail_by_code_with_as_of(catalogue, users, client_for):
    item = Item.objects.get(code="C01")
    item_amend(actor=None, item=item, changes={"fine_max": 3000}, reason="law_change", effective_date=date(2024, 1, 1))
    client = client_for(users[Role.TOWNSHIP_OFFICER])
    assert client.get(f"{ITEMS}C01/").json()["fine_max"] == "3000.00"
    assert client.get(f"{ITEMS}C01/", {"as_of": "2023-01-01"}).json()["fine_max"] == "1000.00"
    assert client.get(f"{ITEMS}C01/", {"as_of": "2021-01-01"}).status_code == 404


def test_staff_amends_through_the_api_and_an_adjustment_is_written(catalogue, users, client_for):
    response = client_for(users[Role.STAFF]).patch(f"{ITEMS}C01/", {
        "fine_max": "2500.00", "reason": "law_change", "document_number": "海司发〔2024〕1号",
        "effective_date": "2024-05-01"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    adjustment = Adjustment.objects.get(item__code="C01", kind="amend")
    assert adjustment.actor == users[Role.STAFF]


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.LIAISON, Role.TOWNSHIP_REVIEWER,
                                  Role.DISTRICT_REVIEWER])
def test_other_roles_get_403_on_writes(catalogue, users, client_for, role):
    client = client_for(users[role])
    body = {"fine_max": "2500.00", "reason": "law_change", "effective_date": "2024-05-01"}
    assert client.patch(f"{ITEMS}C01/", body, format="json").status_code == 403
    assert client.post(f"{ITEMS}C01/retire/", body, format="json").status_code == 403
    assert client.post(ITEMS, {"code": "NEW"}, format="json").status_code == 403
    assert not Adjustment.objects.filter(kind__in=["amend", "retire"]).exists()


def test_amending_a_retired_item_via_api_is_refused_with_a_reason(catalogue, users, client_for):
    item_retire(actor=None, item=Item.objects.get(code="C01"), reason="evaluation", effective_date=date(2024, 1, 1))
    response = client_for(users[Role.STAFF]).patch(f"{ITEMS}C01/", {
        "fine_max": "2500.00", "reason": "law_change", "effective_date": "2024-05-01"}, format="json")
    assert response.status_code == 400
    assert "C01" in str(response.json())


def test_items_cannot_be_deleted(catalogue, users, client_for):
    assert client_for(users[Role.ADMIN]).delete(f"{ITEMS}C01/").status_code == 405
    assert Item.objects.filter(code="C01").exists()


def test_staff_creates_an_item(catalogue, users, client_for):
    response = client_for(users[Role.ADMIN]).post(ITEMS, {
        "code": "NEW1", "name": "对占用道路洗车的行政处罚", "domain": "city_appearance", "power_type": "penalty",
        "tier": "township", "penalty_kinds": ["fine"], "fine_min": "50", "fine_max": "500", "valid_from": "2024-01-01",
        "reason": "law_change"}, format="json")
    assert response.status_code == 201, response.content
    assert Item.objects.get(code="NEW1").adjustments.get().kind == "add"


def test_retire_through_the_api(catalogue, users, client_for):
    response = client_for(users[Role.STAFF]).post(f"{ITEMS}C02/retire/", {
        "reason": "evaluation", "effective_date": "2024-03-01"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "retired"


def test_domains_endpoint_counts_active_items(catalogue, users, client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client_for(users[Role.LEADER]).get("/api/v1/catalog/domains/")
    counts = {row["code"]: row["item_count"] for row in response.json()["results"]}
    assert counts == {"city_appearance": 12, "fire": 1}


def test_adjustments_endpoint_filters_and_query_count(catalogue, users, client_for, django_assert_max_num_queries):
    item_amend(actor=None, item=Item.objects.get(code="C01"), changes={"fine_max": 3000}, reason="law_change",
               effective_date=date(2024, 1, 1))
    client = client_for(users[Role.TOWNSHIP_OFFICER])
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/catalog/adjustments/", {"page_size": 200})
    assert response.json()["count"] == 14
    rows = client.get("/api/v1/catalog/adjustments/", {"item": "C01", "kind": "amend"}).json()["results"]
    assert [(r["item"], r["before"]["fine_max"], r["after"]["fine_max"]) for r in rows] == [
        ("C01", "1000.00", "3000.00")]


def test_item_history_endpoint(catalogue, users, client_for):
    item_amend(actor=None, item=Item.objects.get(code="C01"), changes={"fine_max": 3000}, reason="law_change",
               effective_date=date(2024, 1, 1))
    rows = client_for(users[Role.LEADER]).get(f"{ITEMS}C01/history/").json()["results"]
    assert [r["kind"] for r in rows] == ["amend", "add"]


def test_staff_amends_the_discretion_benchmark_through_the_api(catalogue, users, client_for):
    tiers = [{"level": "minor", "conditions": "初次违法", "fine_min": "100.00", "fine_max": "400.00"},
             {"level": "severe", "conditions": "拒不改正", "fine_min": "800.00", "fine_max": "1000.00"}]
    response = client_for(users[Role.STAFF]).patch(f"{ITEMS}C01/", {
        "discretion_tiers": tiers, "reason": "evaluation", "effective_date": "2024-05-01"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["discretion_tiers"] == tiers
    assert Adjustment.objects.get(item__code="C01", kind="amend").after["discretion_tiers"] == tiers


def test_discretion_band_outside_the_range_is_a_400(catalogue, users, client_for):
    response = client_for(users[Role.STAFF]).patch(f"{ITEMS}C01/", {
        "discretion_tiers": [{"level": "minor", "conditions": "x", "fine_min": "0", "fine_max": "5000"}],
        "reason": "evaluation", "effective_date": "2024-05-01"}, format="json")
    assert response.status_code == 400
    assert not Adjustment.objects.filter(kind="amend").exists()
