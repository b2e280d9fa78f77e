from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

import pytest

from catalog.models import Item
from catalog.services import item_retire
from enforcement.accounts.models import Role
from townships.empowerment import (
    empowered_items,
    empowerment_grant,
    empowerment_grant_domain,
    empowerment_grant_tier,
    empowerment_matrix,
    empowerment_revoke,
)
from townships.models import Empowerment
from townships.services import is_empowered

pytestmark = pytest.mark.django_db


def web(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def items(make_item, other_domain):
    make_item(code="T1", tier="township")
    make_item(code="T2", tier="township", name="对占用道路洗车的行政处罚")
    make_item(code="C1", tier="comprehensive", name="对乱倒垃圾的行政处罚")
    make_item(code="F1", tier="township", domain="fire", name="对埋压消火栓的行政处罚")
    return {i.code: i for i in Item.objects.all()}


def test_grant_by_domain(items, township, users):
    n = empowerment_grant_domain(actor=users[Role.STAFF], township=township, domain=items["T1"].domain,
                                 valid_from=date(2023, 1, 1))
    assert n == 3
    assert set(Empowerment.objects.filter(township=township).values_list("item__code", flat=True)) == {"T1", "T2", "C1"}


def test_grant_by_tier_skips_already_empowered_items(items, township, users):
    empowerment_grant(actor=None, township=township, items=Item.objects.filter(code="T1"), valid_from=date(2023, 1, 1))
    n = empowerment_grant_tier(actor=users[Role.ADMIN], township=township, tier="township", valid_from=date(2023, 6, 1))
    assert n == 2
    assert Empowerment.objects.filter(township=township).count() == 3


def test_grant_skips_retired_items(items, township):
    item_retire(actor=None, item=items["T1"], reason="evaluation", effective_date=date(2023, 1, 1))
    n = empowerment_grant(actor=None, township=township, items=Item.objects.all(), valid_from=date(2023, 6, 1))
    assert n == 3


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.TOWNSHIP_REVIEWER, Role.LIAISON])
def test_only_managers_may_empower(items, township, users, role):
    with pytest.raises(PermissionDenied):
        empowerment_grant(actor=users[role], township=township, items=Item.objects.all())
    assert not Empowerment.objects.exists()


def test_the_guard_follows_dates_of_empowerment_and_revocation(items, township, other_township):
    item = items["T1"]
    empowerment_grant(actor=None, township=township, items=Item.objects.filter(pk=item.pk),
                      valid_from=date(2023, 1, 1))
    assert is_empowered(township, item, date(2023, 1, 1))
    assert not is_empowered(township, item, date(2022, 12, 31))
    assert not is_empowered(other_township, item, date(2023, 6, 1))
    empowerment_revoke(actor=None, township=township, items=Item.objects.filter(pk=item.pk),
                       effective_date=date(2024, 1, 1))
    assert is_empowered(township, item, date(2023, 12, 31))
    assert not is_empowered(township, item, date(2024, 1, 1))


def test_the_guard_refuses_a_retired_item_after_retirement_only(items, township):
    item = items["T1"]
    empowerment_grant(actor=None, township=township, items=Item.objects.filter(pk=item.pk),
                      valid_from=date(2023, 1, 1))
    item_retire(actor=None, item=item, reason="evaluation", effective_date=date(2024, 3, 1))
    item.refresh_from_db()
    assert is_empowered(township, item, date(2024, 2, 29))
    assert not is_empowered(township, item, date(2024, 3, 1))


def test_the_guard_refuses_missing_arguments(items, township):
    assert not is_empowered(None, items["T1"])
    assert not is_empowered(township, None)


def test_revoke_before_the_start_is_refused(items, township):
    empowerment_grant(actor=None, township=township, items=Item.objects.all(), valid_from=date(2024, 1, 1))
    with pytest.raises(ValidationError):
        empowerment_revoke(actor=None, township=township, items=Item.objects.all(), effective_date=date(2024, 1, 1))


def test_regrant_after_revocation_on_a_later_date(items, township):
    one = Item.objects.filter(code="T1")
    empowerment_grant(actor=None, township=township, items=one, valid_from=date(2023, 1, 1))
    empowerment_revoke(actor=None, township=township, items=one, effective_date=date(2023, 6, 1))
    assert empowerment_grant(actor=None, township=township, items=one, valid_from=date(2023, 9, 1)) == 1
    assert is_empowered(township, items["T1"], date(2023, 10, 1))
    assert not is_empowered(township, items["T1"], date(2023, 7, 1))


def test_matrix_counts_in_one_aggregated_query(items, township, other_township, users, django_assert_num_queries):
    empowerment_grant(actor=None, township=township, items=Item.objects.all(), valid_from=date(2023, 1, 1))
    empowerment_grant(actor=None, township=other_township, items=Item.objects.filter(code="F1"),
                      valid_from=date(2023, 1, 1))
    with django_assert_num_queries(3):
        townships, domains, counts = empowerment_matrix(actor=users[Role.STAFF], on_date=date(2024, 1, 1))
    city, fire = items["T1"].domain, items["F1"].domain
    assert counts[(township.pk, city.pk)] == 3 and counts[(township.pk, fire.pk)] == 1
    assert counts[(township.pk, None)] == 4 and counts[(other_township.pk, None)] == 1
    assert (other_township.pk, city.pk) not in counts


def test_matrix_for_a_township_officer_shows_only_their_township(items, township, other_township, users):
    townships, _domains, _counts = empowerment_matrix(actor=users[Role.TOWNSHIP_OFFICER])
    assert townships == [township]


def test_empowered_items_of_an_unseen_township_are_empty(items, township, other_township, users):
    empowerment_grant(actor=None, township=other_township, items=Item.objects.all(), valid_from=date(2023, 1, 1))
    assert not empowered_items(actor=users[Role.TOWNSHIP_OFFICER], township=other_township).exists()
    assert empowered_items(actor=users[Role.STAFF], township=other_township).count() == 4


def test_township_page_lists_items_and_is_404_for_another_township(items, township, other_township, users):
    empowerment_grant(actor=None, township=township, items=Item.objects.filter(code="T2"), valid_from=date(2023, 1, 1))
    officer = web(users[Role.TOWNSHIP_OFFICER])
    page = officer.get(reverse("catalog:township_empowerment", args=["east"]))
    assert page.status_code == 200 and "T2" in page.content.decode()
    assert officer.get(reverse("catalog:township_empowerment", args=["west"])).status_code == 404


def test_township_page_bulk_empower_by_domain_and_tier(items, township, users):
    client = web(users[Role.STAFF])
    response = client.post(reverse("catalog:township_empowerment", args=["east"]), {
        "action": "grant", "domain": "city_appearance", "tier": "township", "effective_date": "2023-01-01",
        "document_number": "海政发〔2023〕2号"})
    assert response.status_code == 302
    assert set(Empowerment.objects.values_list("item__code", flat=True)) == {"T1", "T2"}
    assert Empowerment.objects.filter(document_number="海政发〔2023〕2号").count() == 2


def test_township_page_form_needs_a_domain_or_tier(items, township, users):
    response = web(users[Role.STAFF]).post(reverse("catalog:township_empowerment", args=["east"]), {
        "action": "grant", "effective_date": "2023-01-01"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_officer_cannot_post_bulk_empowerment(items, township, users):
    response = web(users[Role.TOWNSHIP_OFFICER]).post(reverse("catalog:township_empowerment", args=["east"]), {
        "action": "grant", "tier": "township", "effective_date": "2023-01-01"})
    assert response.status_code == 403
    assert not Empowerment.objects.exists()


def test_township_page_query_count_is_constant(items, township, users, django_assert_max_num_queries, make_item):
    client = web(users[Role.STAFF])
    url = reverse("catalog:township_empowerment", args=["east"])
    empowerment_grant(actor=None, township=township, items=Item.objects.all(), valid_from=date(2023, 1, 1))
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for n in range(15):
        make_item(code=f"X{n}")
    empowerment_grant(actor=None, township=township, items=Item.objects.all(), valid_from=date(2023, 1, 1))
    with django_assert_max_num_queries(12) as second:
        assert "X14" in client.get(url).content.decode()
    assert len(first.captured_queries) == len(second.captured_queries)
