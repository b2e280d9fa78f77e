"""SECURITY §26: the one export writer escapes formula-like cells; the reader takes the escape off again."""

import io

from django.core.exceptions import ValidationError

import pytest
from openpyxl import load_workbook

from enforcement.core import spreadsheets


@pytest.mark.parametrize("text", ["=1+1", "+86", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert spreadsheets.safe_cell(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone():
    assert [spreadsheets.safe_cell(v) for v in (-3, 2.5, "中山片区", None)] == [-3, 2.5, "中山片区", ""]


def test_xlsx_cells_are_text_not_formulas():
    sheet = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(["名称"], [["=HYPERLINK(\"http://x\")"]]))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'=HYPERLINK(\"http://x\")"


def test_csv_has_a_bom_and_escapes():
    text = spreadsheets.csv_text(["名称"], [["-危险"]])
    assert text.startswith("\ufeff") and "'-危险" in text


def test_read_rows_round_trips_an_escaped_cell():
    content = spreadsheets.xlsx_bytes(["名称"], [["=1+1"], ["普通"]])
    assert spreadsheets.read_rows(content, "x.xlsx") == [["名称"], ["=1+1"], ["普通"]]


def test_read_rows_reads_gbk_csv():
    assert spreadsheets.read_rows("片区,乙\n".encode("gbk"), "x.csv") == [["片区", "乙"]]


@pytest.mark.parametrize(("content", "name"), [(b"", "x.csv"), (b"PK\x03\x04broken", "x.xlsx"), (b"x", "x.xls"),
                                               (b"x", "x.pdf")])
def test_read_rows_refuses_bad_files_with_a_field_error(content, name):
    with pytest.raises(ValidationError) as error:
        spreadsheets.read_rows(content, name)
    assert "file" in error.value.message_dict


def test_xlsx_has_a_bold_frozen_header_and_the_sheet_title():
    sheet = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(["名称", "数量"], [["甲", 1]], sheet_title="片区"))).active
    assert (sheet.title, sheet.freeze_panes, sheet["A1"].font.bold, sheet["B2"].value) == ("片区", "A2", True, 1)
