import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from openpyxl import Workbook

from planning import services
from planning.demo import uscc_generate
from planning.models import Subject
from planning.services.subjects import column_label

pytestmark = pytest.mark.django_db
HEADER = "统一社会信用代码,名称,行业,地址,乡镇街道,风险等级\n"


def _csv(text, encoding="utf-8"):
    return SimpleUploadedFile("subjects.csv", (HEADER + text).encode(encoding), content_type="text/csv")


def test_utf8_csv_creates_subjects(world):
    rng = random.Random(5)
    text = f"{uscc_generate(rng)},甲餐馆,餐饮,中山路1号,东城街道,高\n{uscc_generate(rng)},乙餐馆,catering,,east,\n"
    result = services.subjects_import(actor=world["staff"], uploaded=_csv(text))
    assert result.ok and result.created == 2
    assert Subject.objects.get(name="甲餐馆").risk_level == "high"


def test_gbk_csv_is_read(world):
    text = f"{uscc_generate(random.Random(6))},丙餐馆,餐饮,解放路2号,东城街道,中\n"
    result = services.subjects_import(actor=world["staff"], uploaded=_csv(text, "gbk"))
    assert result.ok and Subject.objects.filter(name="丙餐馆").exists()


def test_invalid_credit_code_reports_row_and_column_and_writes_nothing(world):
    good = uscc_generate(random.Random(7))
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    text = f"{good},好餐馆,餐饮,,东城街道,低\n{bad},坏餐馆,餐饮,,东城街道,低\n"
    result = services.subjects_import(actor=world["staff"], uploaded=_csv(text))
    assert not result.ok
    assert result.errors[0]["row"] == 3
    assert result.errors[0]["column"] == column_label("uscc")
    assert "GB 32100" in result.errors[0]["message"]
    assert not Subject.objects.filter(name__in=["好餐馆", "坏餐馆"]).exists()


def test_unknown_township_and_industry_are_reported(world):
    text = f"{uscc_generate(random.Random(8))},丁餐馆,修脚,,火星镇,极高\n"
    result = services.subjects_import(actor=world["staff"], uploaded=_csv(text))
    columns = {e["column"] for e in result.errors}
    assert columns == {column_label("industry"), column_label("township"), column_label("risk_level")}


def test_xlsx_is_read(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([uscc_generate(random.Random(9)), "戊餐馆", "餐饮", "", "东城街道", "低"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("s.xlsx", buffer.getvalue())
    result = services.subjects_import(actor=world["staff"], uploaded=upload)
    assert result.ok and Subject.objects.filter(name="戊餐馆").exists()


def test_duplicate_rows_are_reported(world):
    code = uscc_generate(random.Random(10))
    result = services.subjects_import(actor=world["staff"],
                                      uploaded=_csv(f"{code},a,餐饮,,east,\n{code},b,餐饮,,east,\n"))
    assert result.errors and "2" in result.errors[0]["message"]


def test_generated_demo_codes_pass_the_gb_32100_validator():
    from enforcement.core.validators import is_valid_uscc

    rng = random.Random(1)
    assert all(is_valid_uscc(uscc_generate(rng)) for _ in range(500))
