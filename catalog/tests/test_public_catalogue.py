"""The public catalogue (三项制度 事前公开): no login, searchable, paginated; items in force with legal basis,
special lists and discretion benchmark; the 1+3 lists; each township's empowered items; no personal data."""

from datetime import date, timedelta

import pytest

from catalog.models import DiscretionTier, ListTier
from catalog.tests.factories import ItemFactory
from townships.models import Empowerment
from townships.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_searches_items_in_force(client):
    ItemFactory(name="对占道经营的处罚")
    ItemFactory(name="对乱贴广告的处罚")
    ItemFactory(name="对已废止事项的处罚", valid_to=date.today() - timedelta(days=1), status="retired")
    body = client.get("/catalog/public/?search=占道").content.decode()
    assert "对占道经营的处罚" in body and "对乱贴广告的处罚" not in body
    body = client.get("/catalog/public/").content.decode()
    assert "对已废止事项的处罚" not in body


def test_the_lists_filter_by_tier_and_special_list(client):
    ItemFactory(name="乡镇事项甲", tier=ListTier.TOWNSHIP)
    ItemFactory(name="不罚事项乙", no_penalty_list=True)
    assert "乡镇事项甲" in client.get("/catalog/public/?tier=township").content.decode()
    body = client.get("/catalog/public/?special_list=no_penalty").content.decode()
    assert "不罚事项乙" in body and "乡镇事项甲" not in body


def test_item_page_shows_legal_basis_conditions_and_benchmark(client):
    item = ItemFactory(name="对占道经营的处罚", no_penalty_list=True)
    DiscretionTier.objects.create(item=item, level="minor", conditions="首次且面积小于2平方米", fine_min=50,
                                  fine_max=100)
    body = client.get(f"/catalog/public/items/{item.code}/").content.decode()
    assert "第三十四条" in body and "首次违法且危害后果轻微并及时改正" in body and "首次且面积小于2平方米" in body


def test_a_retired_item_page_is_404(client):
    item = ItemFactory(valid_to=date.today() - timedelta(days=1), status="retired")
    assert client.get(f"/catalog/public/items/{item.code}/").status_code == 404


def test_township_page_lists_only_its_empowered_items_in_force(client):
    township = TownshipFactory(code="east", name="东城街道")
    mine, other = ItemFactory(name="赋权事项甲"), ItemFactory(name="未赋权事项乙")
    Empowerment.objects.create(township=township, item=mine, valid_from=date(2020, 1, 1))
    body = client.get("/catalog/public/townships/east/").content.decode()
    assert "赋权事项甲" in body and "未赋权事项乙" not in body and other
    assert "东城街道" in client.get("/catalog/public/townships/").content.decode()


def test_bad_filters_give_an_empty_page_not_an_error(client):
    response = client.get("/catalog/public/?domain=nope&power_type=bogus&page=abc")
    assert response.status_code == 200 and "没有符合条件的事项" in response.content.decode()


def test_a_nul_byte_in_a_filter_is_a_chinese_400_not_a_500(client):
    # The request-wide sanitising layer (enforcement/core/sanitize.py) refuses it before the page runs.
    response = client.get("/catalog/public/?power_type=%00")
    assert response.status_code == 400


def test_public_list_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(30):
        ItemFactory()
    with django_assert_max_num_queries(8):
        assert client.get("/catalog/public/").status_code == 200


def test_public_api_needs_no_login_and_filters_by_township(client):
    township = TownshipFactory(code="east")
    mine = ItemFactory(name="赋权事项甲")
    ItemFactory(name="未赋权事项乙")
    Empowerment.objects.create(township=township, item=mine, valid_from=date(2020, 1, 1))
    body = client.get("/api/v1/public/catalogue/?township=east").json()
    assert [row["code"] for row in body["results"]] == [mine.code]
    assert "status" not in body["results"][0] and body["results"][0]["discretion_tiers"] == []


def test_public_api_refuses_unknown_filters_in_chinese(client):
    response = client.get("/api/v1/public/catalogue/?tier=nope")
    assert response.status_code == 400 and "不是有效的选项" in response.json()["tier"][0]
