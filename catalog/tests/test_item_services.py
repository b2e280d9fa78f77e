from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from catalog.models import Adjustment, DiscretionTier, ItemStatus
from catalog.services import item_amend, item_retire, pinyin_initials
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_pinyin_initials_of_a_chinese_name():
    assert pinyin_initials("占用道路") == "zydl"
    assert pinyin_initials("对擅自占用道路堆放物料的行政处罚").startswith("dszzydl")


def test_create_computes_search_text_and_writes_an_add_adjustment(make_item):
    item = make_item()
    assert "zydl" in item.search_text
    assert "城市市容和环境卫生管理条例" in item.search_text
    add = item.adjustments.get()
    assert add.kind == Adjustment.Kind.ADD
    assert add.before is None
    assert add.after["name"] == item.name
    assert add.effective_date == date(2022, 1, 1)


def test_amend_records_before_and_after_snapshots(make_item, users):
    item = make_item()
    adjustment = item_amend(actor=users[Role.STAFF], item=item, changes={"fine_max": Decimal("2000")},
                            reason=Adjustment.Reason.LAW_CHANGE, document_number="海司发〔2024〕3号",
                            effective_date=date(2024, 3, 1))
    item.refresh_from_db()
    assert item.fine_max == Decimal("2000.00")
    assert item.version == 2
    assert adjustment.before["fine_max"] == "1000.00"
    assert adjustment.after["fine_max"] == "2000.00"
    assert adjustment.actor == users[Role.STAFF]


def test_amend_replaces_discretion_tiers(make_item):
    item = make_item()
    tiers = [{"level": "minor", "conditions": "初次", "fine_min": "100", "fine_max": "300"},
             {"level": "general", "conditions": "一般", "fine_min": "300", "fine_max": "1000"}]
    adjustment = item_amend(actor=None, item=item, changes={"discretion_tiers": tiers},
                            reason=Adjustment.Reason.EVALUATION, effective_date=date(2024, 1, 1))
    assert DiscretionTier.objects.filter(item=item).count() == 2
    assert len(adjustment.after["discretion_tiers"]) == 2
    assert adjustment.before["discretion_tiers"] == []


def test_discretion_band_outside_the_item_range_is_refused(make_item):
    item = make_item()
    with pytest.raises(ValidationError):
        item_amend(actor=None, item=item, reason="evaluation", effective_date=date(2024, 1, 1),
                   changes={"discretion_tiers": [{"level": "minor", "conditions": "x", "fine_min": 0,
                                                   "fine_max": 5000}]})
    assert not DiscretionTier.objects.filter(item=item).exists()


def test_amending_a_retired_item_is_refused_with_a_reason(make_item):
    item = make_item()
    item_retire(actor=None, item=item, reason="evaluation", effective_date=date(2024, 6, 1))
    with pytest.raises(ValidationError) as excinfo:
        item_amend(actor=None, item=item, changes={"name": "新名称"}, reason="law_change",
                   effective_date=date(2024, 7, 1))
    assert item.code in str(excinfo.value)
    assert "2024-06-01" in str(excinfo.value)
    assert item.adjustments.count() == 2


def test_amendment_without_a_change_is_refused(make_item):
    item = make_item()
    with pytest.raises(ValidationError):
        item_amend(actor=None, item=item, changes={"fine_max": Decimal("1000")}, reason="law_change",
                   effective_date=date(2024, 1, 1))


def test_amendment_dated_before_the_latest_adjustment_is_refused(make_item):
    item = make_item()
    item_amend(actor=None, item=item, changes={"fine_max": 2000}, reason="law_change", effective_date=date(2024, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        item_amend(actor=None, item=item, changes={"fine_max": 3000}, reason="law_change",
                   effective_date=date(2024, 4, 1))
    assert "effective_date" in excinfo.value.message_dict


def test_amendment_with_min_above_max_is_refused_and_nothing_written(make_item):
    item = make_item()
    with pytest.raises(ValidationError):
        item_amend(actor=None, item=item, changes={"fine_min": 5000}, reason="law_change",
                   effective_date=date(2024, 1, 1))
    item.refresh_from_db()
    assert item.fine_min == Decimal("100.00")
    assert item.adjustments.count() == 1


def test_retire_ends_validity_the_day_before_and_keeps_the_item(make_item):
    item = make_item()
    adjustment = item_retire(actor=None, item=item, reason="devolved", effective_date=date(2024, 6, 1))
    item.refresh_from_db()
    assert item.status == ItemStatus.RETIRED
    assert item.valid_to == date(2024, 5, 31)
    assert adjustment.before["status"] == "active"
    assert adjustment.after["status"] == "retired"


def test_retiring_twice_is_refused(make_item):
    item = make_item()
    item_retire(actor=None, item=item, reason="devolved", effective_date=date(2024, 6, 1))
    with pytest.raises(ValidationError):
        item_retire(actor=None, item=item, reason="devolved", effective_date=date(2024, 7, 1))


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.LIAISON, Role.AUDITOR,
                                  Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER])
def test_only_admin_and_staff_may_amend(make_item, users, role):
    item = make_item()
    with pytest.raises(PermissionDenied):
        item_amend(actor=users[role], item=item, changes={"fine_max": 2000}, reason="law_change",
                   effective_date=date(2024, 1, 1))
