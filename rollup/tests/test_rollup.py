"""County → city: three counties' signed forms roll up into one form whose totals are the sums; tampered,
duplicate, unregistered and malformed files are refused with a clear message."""

import copy
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.test import override_settings

import pytest

from cases.models import Status
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from enforcement.reports.periods import Period
from rollup import services, signing
from rollup.models import Submission

pytestmark = pytest.mark.django_db
OCTOBER = Period.month(2026, 10)


def _county_file(actor, code, name, *, key):
    with override_settings(ROLLUP_SIGNING_KEY=key, ROLLUP_COUNTY_CODE=code):
        envelope = services.county_export(actor=actor, period=OCTOBER, today=date(2026, 11, 5))
    envelope["payload"]["county"]["name"] = name
    envelope["signature"] = signing.sign(envelope["payload"], _private(key))
    return envelope


def _private(key):
    import base64

    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(base64.b64decode(key), password=None)


@pytest.fixture
def counties(users):
    keys = {}
    for code, name in (("330201", "甲县"), ("330202", "乙县"), ("330203", "丙县")):
        private, public = signing.generate()
        keys[code] = (name, private)
        services.county_register(actor=users[Role.STAFF], code=code, name=name, public_key_pem=public)
    return keys


def _bytes(envelope):
    return services.envelope_bytes(envelope)


def test_three_counties_roll_up_to_their_sum(users, counties, township):
    files = []
    for index, (code, (name, key)) in enumerate(counties.items(), start=1):
        for _n in range(index):  # 1, 2 and 3 cases filed in October
            CaseFactory(township=township, status=Status.INVESTIGATING, filed_on=date(2026, 10, 10))
        files.append(_county_file(users[Role.STAFF], code, name, key=key))
    for envelope in files:
        services.submission_import(actor=users[Role.STAFF], content=_bytes(envelope))
    rows, total, rates = services.month_rollup(actor=users[Role.STAFF], month="2026-10")
    assert [row[1]["cases"]["total"] for row in rows] == [1, 3, 6]  # each export counts the cases so far
    assert total["cases"]["total"] == 10
    assert total["cases"]["fines_decided"] == sum(
        __import__("decimal").Decimal(row[1]["cases"]["fines_decided"]) for row in rows)
    assert set(rates) >= {"yoy_pct", "random_pct"}


def test_a_tampered_file_is_refused(users, counties):
    code, (name, key) = next(iter(counties.items()))
    envelope = _county_file(users[Role.STAFF], code, name, key=key)
    forged = copy.deepcopy(envelope)
    forged["payload"]["forms"]["cases"]["total"] += 100
    with pytest.raises(ValidationError) as error:
        services.submission_import(actor=users[Role.STAFF], content=_bytes(forged))
    assert "签名" in str(error.value) or "signature" in str(error.value)
    assert not Submission.objects.exists()


def test_a_second_file_for_the_same_county_and_month_is_refused(users, counties):
    code, (name, key) = next(iter(counties.items()))
    content = _bytes(_county_file(users[Role.STAFF], code, name, key=key))
    services.submission_import(actor=users[Role.STAFF], content=content)
    with pytest.raises(ValidationError):
        services.submission_import(actor=users[Role.STAFF], content=content)
    assert Submission.objects.count() == 1


def test_a_file_signed_with_another_countys_key_is_refused(users, counties):
    (code, (name, _key)), (_other, (_name, other_key)) = list(counties.items())[:2]
    with pytest.raises(ValidationError):
        services.submission_import(actor=users[Role.STAFF],
                                   content=_bytes(_county_file(users[Role.STAFF], code, name, key=other_key)))


def test_a_schema_mismatch_names_the_place(users, counties):
    code, (name, key) = next(iter(counties.items()))
    envelope = _county_file(users[Role.STAFF], code, name, key=key)
    del envelope["payload"]["forms"]["inspections"]["random"]
    with pytest.raises(ValidationError) as error:
        services.submission_import(actor=users[Role.STAFF], content=_bytes(envelope))
    assert "inspections" in str(error.value)


@pytest.mark.parametrize("content", [b"not json", b"\xff\xfe", json.dumps({"format": "x"}).encode(),
                                     b"[" * 5000 + b"]" * 5000])
def test_garbage_is_refused_not_crashed(users, counties, content):
    with pytest.raises(ValidationError):
        services.submission_import(actor=users[Role.STAFF], content=content)


def test_an_unregistered_county_is_refused(users):
    private, _public = signing.generate()
    with pytest.raises(ValidationError) as error:
        services.submission_import(actor=users[Role.STAFF],
                                   content=_bytes(_county_file(users[Role.STAFF], "339999", "丁县", key=private)))
    assert "339999" in str(error.value)


def test_export_without_a_key_is_refused(users):
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(ROLLUP_SIGNING_KEY=""), pytest.raises(ImproperlyConfigured):
        services.county_export(actor=users[Role.STAFF], period=OCTOBER)


def test_the_forms_xlsx_has_a_column_per_county_and_the_total(users, counties):
    from io import BytesIO

    from openpyxl import load_workbook

    for code, (name, key) in counties.items():
        services.submission_import(actor=users[Role.STAFF],
                                   content=_bytes(_county_file(users[Role.STAFF], code, name, key=key)))
    rows, total, _rates = services.month_rollup(actor=users[Role.STAFF], month="2026-10")
    sheet = load_workbook(BytesIO(services.forms_xlsx([(c.name, f) for c, f in rows], total, "2026-10"))).active
    assert [cell.value for cell in sheet[2]][2:] == ["甲县", "乙县", "丙县", "合计"]


def test_the_forms_carry_reviews_and_lawsuits_and_their_correction_rate(users, counties):
    code, (name, key) = next(iter(counties.items()))
    envelope = _county_file(users[Role.STAFF], code, name, key=key)
    assert set(envelope["payload"]["forms"]["appeals"]) == {
        "review_filed", "review_decided", "review_corrected", "litigation_filed", "litigation_decided",
        "litigation_corrected", "pending"}
    services.submission_import(actor=users[Role.STAFF], content=_bytes(envelope))
    _rows, _total, rates = services.month_rollup(actor=users[Role.STAFF], month="2026-10")
    assert "appeal_correction_pct" in rates


def _measure(case, number, kind, decided, **fields):
    import datetime

    from cases.models import CoerciveMeasure

    deadline = decided + datetime.timedelta(days=7 if kind == "preservation" else 30)
    return CoerciveMeasure.objects.create(
        case=case, number=number, kind=kind, decided_on=decided, approved_by="局长", reason="理由",
        legal_basis="依据", place="人民路18号", deadline=deadline, record_time=datetime.time(9, 30),
        record_place="人民路18号", record_note="笔录", **fields)


def test_the_forms_carry_coercive_measures_by_kind_extended_released_and_overdue(users, counties, township):
    case = CaseFactory(township=township, status=Status.INVESTIGATING, filed_on=date(2026, 9, 1))
    _measure(case, 1, "seal_up", date(2026, 9, 20))  # in force since September, past its 30 days on 31 October
    _measure(case, 2, "seizure", date(2026, 10, 5), status="extended", extended_on=date(2026, 10, 30),
             extension_days=20)
    _measure(case, 3, "preservation", date(2026, 10, 8), status="released", released_on=date(2026, 10, 12))
    code, (name, key) = next(iter(counties.items()))
    envelope = _county_file(users[Role.STAFF], code, name, key=key)
    assert envelope["payload"]["forms"]["coercive"] == {
        "seal_up": 0, "seizure": 1, "preservation": 1, "extended": 1, "released": 1, "handled": 0, "overdue": 1}
    services.submission_import(actor=users[Role.STAFF], content=_bytes(envelope))
    _rows, total, _rates = services.month_rollup(actor=users[Role.STAFF], month="2026-10")
    assert total["coercive"]["seizure"] == 1 and total["coercive"]["overdue"] == 1
