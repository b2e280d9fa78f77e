from datetime import date
from decimal import Decimal

import pytest

from catalog import selectors
from catalog.services import item_amend, item_retire
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(make_item, other_domain):
    """An item amended twice (2023: fine 2000 + no-penalty list; 2024: moved to 消防, fine 3000), one retired
    in 2024, one added in 2024."""
    item = make_item(code="A1")
    item_amend(actor=None, item=item, changes={"fine_max": Decimal("2000"), "no_penalty": True,
                                               "no_penalty_conditions": "首违不罚"},
               reason="law_change", effective_date=date(2023, 1, 1))
    item_amend(actor=None, item=item, changes={"fine_max": Decimal("3000"), "domain": other_domain,
                                               "name": "对占用消防通道的行政处罚"},
               reason="law_change", effective_date=date(2024, 1, 1))
    retired = make_item(code="R1", name="对在树木上涂写的行政处罚")
    item_retire(actor=None, item=retired, reason="evaluation", effective_date=date(2024, 6, 1))
    make_item(code="N1", name="对新设违法行为的行政处罚", valid_from=date(2024, 3, 1))
    return item


def _as_of(user, on, **filters):
    items = list(selectors.item_list(actor=user, filters={"as_of": on, **filters}))
    return {i.code: i for i in selectors.overlay_as_of(items, on)}


def test_as_of_before_any_amendment_shows_the_original_values(history, users):
    shown = _as_of(users[Role.STAFF], date(2022, 6, 1))
    assert set(shown) == {"A1", "R1"}
    assert shown["A1"].fine_max == Decimal("1000.00")
    assert shown["A1"].no_penalty is False
    assert shown["A1"].domain.code == "city_appearance"


def test_as_of_between_amendments_shows_the_first_amendment(history, users):
    shown = _as_of(users[Role.STAFF], date(2023, 6, 1))
    assert shown["A1"].fine_max == Decimal("2000.00")
    assert shown["A1"].no_penalty is True
    assert shown["A1"].name == "对擅自占用道路堆放物料的行政处罚"


def test_as_of_on_the_effective_date_applies_that_amendment(history, users):
    shown = _as_of(users[Role.STAFF], date(2024, 1, 1))
    assert shown["A1"].fine_max == Decimal("3000.00")
    assert shown["A1"].domain.code == "fire"


def test_as_of_includes_items_retired_later_and_excludes_items_added_later(history, users):
    assert set(_as_of(users[Role.STAFF], date(2024, 5, 31))) == {"A1", "R1", "N1"}
    assert set(_as_of(users[Role.STAFF], date(2024, 6, 1))) == {"A1", "N1"}
    assert "N1" not in _as_of(users[Role.STAFF], date(2024, 2, 29))


def test_as_of_filters_on_the_values_of_that_date(history, users, domain):
    staff = users[Role.STAFF]
    assert set(_as_of(staff, date(2023, 6, 1), special_list="no_penalty")) == {"A1"}
    assert set(_as_of(staff, date(2022, 6, 1), special_list="no_penalty")) == set()
    assert "A1" in _as_of(staff, date(2023, 6, 1), domain=domain)
    assert "A1" not in _as_of(staff, date(2024, 6, 1), domain=domain)


def test_current_list_hides_retired_items_unless_asked(history, users):
    staff = users[Role.STAFF]
    assert "R1" not in {i.code for i in selectors.item_list(actor=staff, filters={})}
    assert {i.code for i in selectors.item_list(actor=staff, filters={"status": "retired"})} == {"R1"}


@pytest.mark.parametrize("query, expected", [
    ("zydl", {"Z1"}),
    ("ZYDL", {"Z1"}),
    ("占用道路", {"Z1"}),
    ("Z1", {"Z1"}),
    ("消防法", {"F1"}),
    ("第二十八条", {"F1"}),
    ("道路 堆放", {"Z1"}),
    ("不存在的词", set()),
])
def test_search_by_code_name_pinyin_and_legal_basis(make_item, users, query, expected):
    make_item(code="Z1", name="对擅自占用道路堆放物料的行政处罚")
    make_item(code="F1", name="对埋压消火栓的行政处罚", violation_law="《中华人民共和国消防法》",
              violation_article="第二十八条")
    found = {i.code for i in selectors.item_list(actor=users[Role.STAFF], filters={"search": query})}
    assert found == expected


def test_auditor_sees_no_items(make_item, users):
    make_item()
    assert not selectors.item_list(actor=users[Role.AUDITOR], filters={}).exists()


def test_domain_overview_counts_per_power_type_and_special_list(make_item, users):
    make_item(code="P1", no_penalty=True)
    make_item(code="P2", warning_only=True)
    make_item(code="I1", power_type="inspection", penalty_kinds=[], fine_min=None, fine_max=None)
    domain = selectors.domains_overview(actor=users[Role.STAFF]).get(code="city_appearance")
    assert (domain.total, domain.n_penalty, domain.n_inspection) == (3, 2, 1)
    assert (domain.n_no_penalty, domain.n_warning_only, domain.n_correction_first) == (1, 1, 0)


def test_an_item_retired_ahead_stays_in_the_current_catalogue_until_that_day(make_item, users):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    item = make_item(code="L1")
    item_retire(actor=None, item=item, reason="law_change", effective_date=today + timedelta(days=30))
    staff = users[Role.STAFF]
    assert "L1" in {i.code for i in selectors.item_list(actor=staff, filters={})}
    assert "L1" in {i.code for i in selectors.item_list(actor=staff, filters={"status": "retired"})}
    assert "L1" not in _as_of(staff, today + timedelta(days=30))
    domain = selectors.domains_overview(actor=staff).get(code="city_appearance")
    assert domain.total == 1
