"""The discretion benchmark in the file format: per-level columns, validated, round-tripped."""

import io
from decimal import Decimal

import openpyxl
import pytest

from catalog.models import Adjustment, DiscretionTier, Item
from catalog.services import fileformat as ff
from catalog.services.exporting import export_csv, export_xlsx, template_xlsx
from catalog.services.importing import import_catalog

pytestmark = pytest.mark.django_db

TIERS = [{"level": "minor", "conditions": "首次违法且及时改正", "fine_min": "100", "fine_max": "300"},
         {"level": "serious", "conditions": "拒不改正", "fine_min": "500", "fine_max": "1000"}]
BASE = ["N001", "对擅自占用道路堆放物料的行政处罚", "市容环境卫生", "行政处罚", "乡镇", "", "", "", "", "警告、罚款",
        "100", "1000", "否", "", "否", "", "否", "", "否", "2024-01-01", "有效"]


def csv_with_tiers(**levels):
    """A CSV with the item columns and the tier columns; levels: minor=("conditions", "min", "max")."""
    cells = list(BASE)
    for level in ff.DISCRETION_LEVEL_NAMES:
        cells += list(levels.get(level, ("", "", "")))
    return (",".join(ff.HEADERS) + "\n" + ",".join(cells) + "\n").encode("utf-8")


def items_qs():
    return Item.objects.select_related("domain").prefetch_related("discretion_tiers").order_by("code")


@pytest.fixture
def tiered(make_item):
    from catalog.services.items import _replace_tiers

    item = make_item(code="A1")
    _replace_tiers(item, TIERS)
    return item


def test_template_has_the_discretion_columns_and_notes(domain):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx([domain])))
    headers = [c.value for c in workbook["事项"][1]]
    assert headers[-12:] == ff.TIER_HEADERS
    assert "情节轻微罚款下限(元)" in headers
    notes = [row[0].value for row in workbook["填写说明"].iter_rows(min_row=2)]
    assert "情节严重情形" in notes


def test_export_writes_the_tiers_in_their_level_columns(tiered):
    text = export_csv(items_qs()).decode("utf-8-sig")
    header, line = text.splitlines()[:2]
    cells = dict(zip(header.split(","), line.split(","), strict=True))
    assert cells["情节轻微情形"] == "首次违法且及时改正"
    assert (cells["情节轻微罚款下限(元)"], cells["情节轻微罚款上限(元)"]) == ("100.00", "300.00")
    assert cells["情节一般情形"] == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_with_tiers_changes_nothing(tiered, fmt):
    content = export_csv(items_qs()) if fmt == "csv" else export_xlsx(items_qs())
    before = Adjustment.objects.count()
    result = import_catalog(actor=None, content=content, filename=f"export.{fmt}")
    assert result.ok, result.errors
    assert (result.updated, result.unchanged) == (0, 1)
    assert Adjustment.objects.count() == before
    assert DiscretionTier.objects.filter(item=tiered).count() == 2


def test_import_sets_the_tiers_of_a_new_item(domain):
    result = import_catalog(actor=None, content=csv_with_tiers(minor=("首次", "100", "200"),
                                                               severe=("造成严重后果", "800", "1000")),
                            filename="x.csv")
    assert result.ok, result.errors
    item = Item.objects.get(code="N001")
    assert sorted(item.discretion_tiers.values_list("level", "fine_max")) == [
        ("minor", Decimal("200.00")), ("severe", Decimal("1000.00"))]
    assert len(item.adjustments.get().after["discretion_tiers"]) == 2


def test_changing_a_band_writes_an_amendment_and_replaces_the_tiers(tiered):
    content = export_csv(items_qs()).replace(b"300.00", b"400.00")
    result = import_catalog(actor=None, content=content, filename="x.csv")
    assert result.ok and result.updated == 1
    assert tiered.discretion_tiers.get(level="minor").fine_max == Decimal("400.00")
    amendment = tiered.adjustments.get(kind="amend")
    assert amendment.before["discretion_tiers"] != amendment.after["discretion_tiers"]


def test_a_file_without_tier_columns_keeps_the_tiers(tiered):
    text = export_csv(items_qs()).decode("utf-8-sig").splitlines()
    short = "\n".join(",".join(line.split(",")[:len(ff.ITEM_HEADERS)]) for line in text) + "\n"
    result = import_catalog(actor=None, content=short.encode("utf-8"), filename="x.csv")
    assert result.ok and result.unchanged == 1
    assert tiered.discretion_tiers.count() == 2


def test_band_outside_the_item_range_is_refused_by_row_and_column(domain):
    result = import_catalog(actor=None, content=csv_with_tiers(minor=("首次", "50", "200")), filename="x.csv")
    assert not result.ok
    assert result.errors[0]["row"] == 2 and result.errors[0]["column"] == "情节轻微罚款下限(元)"
    assert "罚款幅度" in result.errors[0]["message"]
    assert not Item.objects.exists()


def test_band_min_above_max_is_refused(domain):
    result = import_catalog(actor=None, content=csv_with_tiers(general=("一般", "600", "300")), filename="x.csv")
    assert [(e["column"]) for e in result.errors] == ["情节一般罚款上限(元)"]
    assert not Item.objects.exists()


def test_band_without_conditions_or_amount_is_refused(domain):
    result = import_catalog(actor=None, content=csv_with_tiers(minor=("", "100", "200"), serious=("较重", "", "x")),
                            filename="x.csv")
    columns = {e["column"] for e in result.errors}
    assert columns == {"情节轻微情形", "情节较重罚款下限(元)", "情节较重罚款上限(元)"}
    assert not Item.objects.exists()
