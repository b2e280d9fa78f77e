"""The lighter search path returns exactly what the plain one did: list rows, totals, pages."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from catalog import selectors
from catalog.models import Item
from catalog.serializers import ItemListSerializer, ItemSerializer
from catalog.services import adjustments_apply_due, item_amend, item_retire
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def some(make_item, other_domain):
    make_item(code="S1", no_penalty=True, no_penalty_conditions="首违不罚")
    make_item(code="S2", fine_min=None, fine_max=None, penalty_kinds=[], power_type="inspection", name="对门店的检查")
    make_item(code="S3", domain="fire", name="对占用消防通道的行政处罚", fine_min=Decimal("0.50"),
              fine_max=Decimal("12345.67"), warning_only=True, concerns_life_health_safety=True)
    item_retire(actor=None, item=make_item(code="S4", name="对占用道路晾晒的行政处罚"), reason="evaluation",
                effective_date=timezone.localdate() + timedelta(days=3))


def test_list_serializer_gives_the_same_rows_as_the_model_serializer(some, users):
    items = list(selectors.item_list(actor=users[Role.STAFF], filters={}).only(*selectors.LIST_COLUMNS))
    assert len(items) == 4
    assert ItemListSerializer(items, many=True).data == ItemSerializer(items, many=True).data


def test_list_serializer_matches_on_as_of_values(some, users):
    item = Item.objects.get(code="S1")
    item_amend(actor=None, item=item, changes={"fine_max": Decimal("3000")}, reason="law_change")
    on = timezone.localdate() - timedelta(days=1)
    items = selectors.overlay_as_of(selectors.item_list(actor=users[Role.STAFF], filters={"as_of": on}), on)
    assert ItemListSerializer(items, many=True).data == ItemSerializer(items, many=True).data


def test_api_search_returns_the_same_items_and_total(some, users, client_for):
    client = client_for(users[Role.STAFF])
    for term in ["z", "占", "zy", "道路", "s", "消防通道"]:
        body = client.get("/api/v1/catalog/items/", {"search": term, "page_size": 2}).json()
        expected = selectors.item_list(actor=users[Role.STAFF], filters={"search": term})
        assert body["count"] == expected.count()
        assert [row["code"] for row in body["results"]] == [i.code for i in expected[:2]]


def test_cached_count_follows_every_change(some, users, make_item):
    qs = lambda: selectors.item_list(actor=users[Role.STAFF], filters={"search": "zyld"})  # noqa: E731
    assert selectors.cached_count(qs()) == qs().count() == 0
    make_item(code="S5", name="对占用绿地的行政处罚")
    assert selectors.cached_count(qs()) == 1
    item_amend(actor=None, item=Item.objects.get(code="S5"), changes={"name": "对毁坏绿地的行政处罚"},
               reason="law_change")
    assert selectors.cached_count(qs()) == 0


def test_cached_count_follows_a_pending_amendment_applied(some, users):
    item = Item.objects.get(code="S2")
    item_amend(actor=None, item=item, changes={"name": "对占用门店的检查"}, reason="law_change",
               effective_date=timezone.localdate() + timedelta(days=1))
    qs = lambda: selectors.item_list(actor=users[Role.STAFF], filters={"search": "zymd"})  # noqa: E731
    assert selectors.cached_count(qs()) == 0
    adjustments_apply_due(today=timezone.localdate() + timedelta(days=1))
    assert selectors.cached_count(qs()) == 1


def test_cached_count_is_per_query(some, users):
    staff = users[Role.STAFF]
    assert selectors.cached_count(selectors.item_list(actor=staff, filters={"search": "z"})) == 3
    assert selectors.cached_count(selectors.item_list(actor=staff, filters={"search": "xf"})) == 1
    assert selectors.cached_count(selectors.item_list(actor=staff, filters={"status": "retired"})) == 1
    assert selectors.cached_count(Item.objects.none()) == 0


def test_empowerment_counts_are_not_cached(some, users, township, settings):
    from townships.empowerment import empowerment_grant

    staff = users[Role.STAFF]
    qs = lambda: selectors.item_list(actor=staff, filters={"empowered_to": township})  # noqa: E731
    assert selectors.cached_count(qs()) == 0
    empowerment_grant(actor=None, township=township, items=Item.objects.filter(code="S1"))
    assert selectors.cached_count(qs()) == 1


def test_api_list_query_count_stays_constant(some, users, client_for, django_assert_max_num_queries):
    client = client_for(users[Role.STAFF])
    client.get("/api/v1/catalog/items/", {"search": "z"})
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/catalog/items/", {"search": "z", "page_size": 200}).status_code == 200
