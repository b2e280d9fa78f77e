import io
from datetime import date

from django.core.management import CommandError, call_command

import openpyxl
import pytest

from catalog.models import Adjustment, Item, ItemStatus
from catalog.services import fileformat as ff
from catalog.services.exporting import export_csv, export_xlsx, template_xlsx
from catalog.services.importing import ImportFileError, import_catalog

pytestmark = pytest.mark.django_db

HEADER = ",".join(ff.HEADERS)


def row(code="N001", name="对擅自占用道路堆放物料的行政处罚", domain="市容环境卫生", power="行政处罚", tier="乡镇",
        fine_min="100", fine_max="1000", kinds="警告、罚款", no_penalty="否", valid_from="2024-01-01", status="有效"):
    law = "《城市市容和环境卫生管理条例》"
    cells = [code, name, domain, power, tier, law, "第十四条", law, "第三十四条", kinds, fine_min, fine_max,
             no_penalty, "", "否", "", "否", "", "否", valid_from, status]
    return ",".join(cells)


def csv_bytes(*rows, encoding="utf-8"):
    return ("\n".join([HEADER, *rows]) + "\n").encode(encoding)


def items_qs():
    return Item.objects.select_related("domain").order_by("code")


def test_utf8_csv_adds_items_with_add_adjustments(domain):
    result = import_catalog(actor=None, content=csv_bytes(row("N001"), row("N002", name="对占用道路摆摊的行政处罚")),
                            filename="items.csv")
    assert result.ok and result.created == 2
    item = Item.objects.get(code="N001")
    assert item.fine_max == 1000 and item.penalty_kinds == ["warning", "fine"] and item.tier == "township"
    assert "zydl" in item.pinyin_initials
    assert item.adjustments.get().kind == Adjustment.Kind.ADD


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "gb18030"])
def test_csv_in_gbk_or_with_bom_is_read(domain, encoding):
    result = import_catalog(actor=None, content=csv_bytes(row(), encoding=encoding), filename="items.csv")
    assert result.ok, result.errors
    assert Item.objects.get(code="N001").name == "对擅自占用道路堆放物料的行政处罚"


def test_xlsx_round_trip_changes_nothing(make_item, domain):
    make_item(code="A1", no_penalty=True, no_penalty_conditions="首违不罚")
    make_item(code="A2", fine_min=None, fine_max=None, penalty_kinds=[], power_type="inspection", name="对门店的检查")
    content = export_xlsx(items_qs())
    before = Adjustment.objects.count()
    result = import_catalog(actor=None, content=content, filename="export.xlsx")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.retired, result.unchanged) == (0, 0, 0, 2)
    assert Adjustment.objects.count() == before


def test_csv_round_trip_changes_nothing(make_item):
    make_item(code="A1")
    content = export_csv(items_qs())
    assert content.startswith(b"\xef\xbb\xbf")
    result = import_catalog(actor=None, content=content, filename="export.csv")
    assert result.ok and result.unchanged == 1 and result.updated == 0


def test_import_that_changes_an_item_writes_an_amend_adjustment(make_item):
    make_item(code="A1")
    content = export_csv(items_qs()).decode("utf-8-sig").replace("1000.00", "5000").encode("utf-8")
    result = import_catalog(actor=None, content=content, filename="x.csv", document_number="海司发〔2024〕9号",
                            effective_date=date(2024, 9, 1))
    assert result.updated == 1
    item = Item.objects.get(code="A1")
    assert item.fine_max == 5000 and item.version == 2
    amend = item.adjustments.get(kind="amend")
    assert (amend.before["fine_max"], amend.after["fine_max"]) == ("1000.00", "5000.00")
    assert amend.document_number == "海司发〔2024〕9号" and amend.effective_date == date(2024, 9, 1)


def test_import_marking_an_item_retired_retires_it(make_item):
    make_item(code="A1")
    content = export_csv(items_qs()).decode("utf-8-sig").replace(",有效", ",已废止").encode("utf-8")
    result = import_catalog(actor=None, content=content, filename="x.csv", effective_date=date(2024, 9, 1))
    assert result.retired == 1
    item = Item.objects.get(code="A1")
    assert item.status == ItemStatus.RETIRED and item.valid_to == date(2024, 8, 31)


def test_import_cannot_change_a_retired_item(make_item):
    from catalog.services import item_retire

    item = make_item(code="A1")
    item_retire(actor=None, item=item, reason="evaluation", effective_date=date(2024, 1, 1))
    content = export_csv(items_qs()).decode("utf-8-sig").replace("1000.00", "9000").encode("utf-8")
    result = import_catalog(actor=None, content=content, filename="x.csv")
    assert not result.ok
    assert result.errors[0]["row"] == 2


def test_one_bad_row_writes_nothing_and_names_row_and_column(domain):
    content = csv_bytes(row("N001"), row("N002", fine_min="abc"), row("N003", domain="不存在领域"),
                        row("N004", power="行政许可"), row("N005", fine_min="900", fine_max="100"),
                        row("N006", no_penalty="也许"), row("N007", kinds="罚款、拘留"), row("", name=""),
                        row("N009", fine_min="-5"), row("N010", valid_from="2024-13-45"))
    result = import_catalog(actor=None, content=content, filename="bad.csv")
    assert not Item.objects.exists()
    found = {(e["row"], e["column"]) for e in result.errors}
    assert {(3, "罚款下限(元)"), (4, "执法领域"), (5, "权力类型"), (6, "罚款上限(元)"), (7, "不予处罚"),
            (8, "处罚种类"), (9, "事项编码"), (9, "事项名称"), (10, "罚款下限(元)"), (11, "生效日期")} <= found
    assert not any(e["row"] == 2 for e in result.errors)


def test_duplicate_codes_in_the_file_are_reported_on_the_second_row(domain):
    result = import_catalog(actor=None, content=csv_bytes(row("N001"), row("N001")), filename="dup.csv")
    assert not Item.objects.exists()
    assert result.errors == [{"row": 3, "column": "事项编码", "message": result.errors[0]["message"]}]
    assert "2" in result.errors[0]["message"]


def test_missing_required_columns_are_named(domain):
    content = "事项编码,事项名称\nN001,某事项\n".encode()
    result = import_catalog(actor=None, content=content, filename="x.csv")
    assert not result.ok
    assert "执法领域" in result.errors[0]["message"] and "权力类型" in result.errors[0]["message"]


def test_empty_file_is_refused():
    with pytest.raises(ImportFileError):
        import_catalog(actor=None, content=b"", filename="x.csv")


def test_file_with_only_a_header_is_refused(domain):
    with pytest.raises(ImportFileError):
        import_catalog(actor=None, content=csv_bytes(), filename="x.csv")


def test_malformed_xlsx_is_refused():
    with pytest.raises(ImportFileError):
        import_catalog(actor=None, content=b"PK\x03\x04 this is not really a zip", filename="x.xlsx")


def test_text_renamed_to_xlsx_is_refused():
    with pytest.raises(ImportFileError):
        import_catalog(actor=None, content=b"just,some,text\n", filename="x.xlsx")


def test_a_20_mb_file_is_refused_before_parsing():
    with pytest.raises(ImportFileError) as excinfo:
        import_catalog(actor=None, content=b"a" * (20 * 1024 * 1024), filename="big.csv")
    assert "20.0" in str(excinfo.value)


def test_old_xls_is_refused():
    with pytest.raises(ImportFileError):
        import_catalog(actor=None, content=b"\xd0\xcf\x11\xe0", filename="old.xls")


def test_dry_run_reports_counts_and_writes_nothing(domain):
    result = import_catalog(actor=None, content=csv_bytes(row()), filename="x.csv", dry_run=True)
    assert result.ok and result.created == 1
    assert not Item.objects.exists()


def test_template_has_the_columns_and_instructions(domain):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx([domain])))
    assert [c.value for c in workbook["事项"][1]] == ff.HEADERS
    assert "市容环境卫生" in " ".join(str(c.value) for c in workbook["填写说明"]["C"])


def test_template_filled_in_imports(domain):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx([domain])))
    sheet = workbook["事项"]
    sheet.append(row("T1").split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_catalog(actor=None, content=buffer.getvalue(), filename="filled.xlsx")
    assert result.ok and result.created == 1


def test_import_command_dry_run_and_real(tmp_path, domain):
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(row(), encoding="gbk"))
    out = io.StringIO()
    call_command("import_catalog", str(path), "--dry-run", stdout=out)
    assert not Item.objects.exists()
    call_command("import_catalog", str(path), stdout=out)
    assert Item.objects.filter(code="N001").exists()


def test_import_command_lists_errors_and_fails(tmp_path, domain):
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(row(fine_min="x")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_catalog", str(path), stderr=err)
    assert "罚款下限(元)" in err.getvalue()
    assert not Item.objects.exists()


def _workbook_bytes(build):
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_fast_xlsx_reader_agrees_with_openpyxl():
    from datetime import datetime

    from catalog.services import xlsx
    from catalog.services.reading import _read_with_openpyxl

    def build(workbook):
        workbook.active.title = "其他"
        sheet = workbook.create_sheet("事项")
        sheet.append(["编码", "日期", "整数", "小数", "布尔", "空", "文字"])
        sheet.append(["A1", date(2024, 3, 5), 330201, 12.5, True, None, " 带空格 "])
        sheet.append([])
        sheet.append(["A3", datetime(2023, 1, 2, 10, 30), 0, 1e3, False, None, "《消防法》"])
        sheet["J5"] = "远处"

    content = _workbook_bytes(build)
    fast = [row for row in xlsx.read_rows(content) if any(row)]
    careful = [[c.strip() for c in row] for row in _read_with_openpyxl(content) if any(row)]
    assert [[c for c in row if c] for row in fast] == [[c for c in row if c] for row in careful]
    assert fast[1][:5] == ["A1", "2024-03-05", "330201", "12.5", "是"]


def test_xlsx_part_with_a_doctype_is_refused(domain):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>')
    with pytest.raises(ImportFileError):
        import_catalog(actor=None, content=buffer.getvalue(), filename="evil.xlsx")


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_csv_with_tab_or_semicolon_is_read(domain, delimiter):
    content = csv_bytes(row()).decode().replace(",", delimiter).encode("gbk")
    result = import_catalog(actor=None, content=content, filename="items.csv")
    assert result.ok and result.created == 1, result.errors


def test_csv_whose_texts_contain_semicolons_keeps_commas(domain):
    text = csv_bytes(row()).decode().replace("《城市市容和环境卫生管理条例》", "甲;乙;丙")
    result = import_catalog(actor=None, content=text.encode(), filename="items.csv")
    assert result.ok, result.errors
    assert Item.objects.get(code="N001").violation_law == "甲;乙;丙"


def test_an_amendment_import_refreshes_each_processs_item_labels(domain):
    """update_rows() sends no signals: the import itself tells the label copies (enforcement.core.labels)."""
    from catalog.labels import item_labels

    import_catalog(actor=None, content=csv_bytes(row("N001")), filename="items.csv")
    item = Item.objects.get(code="N001")
    assert item_labels.get([item.pk])[item.pk][1] == "对擅自占用道路堆放物料的行政处罚"
    result = import_catalog(actor=None, content=csv_bytes(row("N001", name="对擅自占用道路堆放物料的处罚")),
                            filename="items.csv")
    assert result.ok and result.updated == 1, result.errors
    assert item_labels.get([item.pk])[item.pk][1] == "对擅自占用道路堆放物料的处罚"
