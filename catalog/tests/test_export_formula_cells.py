"""SECURITY §26: exported cells that a spreadsheet would run as formulas are escaped, and read back unchanged."""

import csv
import io

import openpyxl
import pytest

from catalog.models import Item
from catalog.services.exporting import export_csv, export_xlsx
from catalog.services.importing import import_catalog
from enforcement.core.spreadsheets import safe_cell

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["对占道经营的处罚", "", 12, -5, None, "a=b"])
def test_ordinary_values_are_written_as_they_are(value):
    assert safe_cell(value) == ("" if value is None else value)


@pytest.mark.parametrize("text", HOSTILE[:4])
def test_catalogue_xlsx_and_csv_escape_a_formula_in_a_name_and_import_it_back_unchanged(make_item, text):
    make_item(code="F1", name=text)
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(Item.objects.all())))
    name_cell = workbook.active.cell(row=2, column=2)
    assert name_cell.value == "'" + text and name_cell.data_type == "s"
    rows = list(csv.reader(io.StringIO(export_csv(Item.objects.all()).decode("utf-8-sig"))))
    assert rows[1][1] == "'" + text
    result = import_catalog(actor=None, content=export_xlsx(Item.objects.all()), filename="export.xlsx")
    assert result.ok and (result.updated, result.unchanged) == (0, 1), result.errors
    assert Item.objects.get(code="F1").name == text
