"""update_rows: many rows' fields in one set-based UPDATE, the same result as the ORM's bulk_update."""

from datetime import date
from decimal import Decimal

import pytest

from catalog.models import Item
from catalog.tests.factories import DomainFactory, ItemFactory
from enforcement.core.bulk import update_rows

pytestmark = pytest.mark.django_db
FIELDS = ["name", "domain", "penalty_kinds", "fine_max", "fine_min", "valid_from", "no_penalty", "version"]


def _rows(items):
    return list(Item.objects.filter(pk__in=[i.pk for i in items]).order_by("pk").values("pk", *FIELDS))


def test_update_rows_writes_every_kind_of_field_like_bulk_update():
    other = DomainFactory(code="other", name="其他领域")
    items = ItemFactory.create_batch(7)
    twins = ItemFactory.create_batch(7)
    for n, (item, twin) in enumerate(zip(items, twins, strict=True)):
        for obj in (item, twin):
            obj.name = f"改后的名称“{n}”'; --"  # quotes and a would-be comment stay data
            obj.domain = other
            obj.penalty_kinds = ["warning"] if n % 2 else []
            obj.fine_max = Decimal("1234.50") + n
            obj.fine_min = None
            obj.valid_from = date(2024, 6, n + 1)
            obj.no_penalty = n % 3 == 0
            obj.version = 9
    assert update_rows(Item, items, FIELDS, batch_size=3) == 7  # three statements: 3 + 3 + 1 rows
    Item.objects.bulk_update(twins, FIELDS)
    mine, theirs = _rows(items), _rows(twins)
    assert [{k: v for k, v in row.items() if k != "pk"} for row in mine] == \
           [{k: v for k, v in row.items() if k != "pk"} for row in theirs]
    assert mine[1]["penalty_kinds"] == ["warning"] and mine[0]["fine_min"] is None


def test_update_rows_leaves_other_rows_and_fields_alone():
    items = ItemFactory.create_batch(3)
    untouched = ItemFactory()
    items[0].name, items[0].violation_article = "只改名称", "不写这个字段"
    update_rows(Item, items[:1], ["name"])
    first = Item.objects.get(pk=items[0].pk)
    assert first.name == "只改名称" and first.violation_article == "第十四条"
    assert Item.objects.get(pk=untouched.pk).name == untouched.name
    assert update_rows(Item, [], ["name"]) == 0
