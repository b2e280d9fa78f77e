"""Browser: coercive measures (行政强制法 arts. 18–28) at 390 px — the case page's form takes a seal-up with its
inventory and on-site record, the panel shows it, and the county list shows an overdue measure; no serious axe
finding, nothing wider than the phone, no English a user reads."""

from datetime import date, timedelta

from django.db import connection

import pytest
from playwright.sync_api import expect

from cases.models import CoerciveMeasure
from cases.services import case_register, case_transition
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

from .crawl import CHECKS, PHONE, english_words
from .test_cases_browser import login

TODAY = date.today()


@pytest.fixture
def flushable_audit_log(transactional_db):
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


def checked(page):
    page.evaluate(CHECKS)
    assert page.evaluate("crawlChecks.axe()") == []
    assert not page.evaluate("crawlChecks.tooWide()")
    assert not english_words(page.evaluate("crawlChecks.texts()"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_seal_up_at_390_px_from_the_case_page_to_the_overdue_list(
        live_server, page, make_user, password, township, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    item = ItemFactory(code="330299000779", name="对在人行道违规堆放物料的处罚")
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    user = make_user(Role.TOWNSHIP_OFFICER, username="officer_coercive", township=township)
    first = OfficerFactory(township=township, user=user, name="张伟")
    second = OfficerFactory(township=township, name="李娜")
    case = case_register(actor=user, item=item, procedure="ordinary", party_type="citizen", party_name="王五",
                         location="人民路18号", facts="在人行道上违规堆放建筑材料。",
                         violation_date=TODAY - timedelta(days=50), discovered_on=TODAY - timedelta(days=46),
                         filed_on=TODAY - timedelta(days=45), officers=[first, second], penalty_kinds=["fine"],
                         fine=500, file_now=True)
    # An earlier seal-up, 31 days ago and never extended: overdue.
    case_transition(case=case, action="take_coercive_measure", actor=user, data={
        "kind": "seal_up", "decided_on": str(TODAY - timedelta(days=31)), "approved_by": "局长 赵六",
        "reason": "防止危害扩大", "legal_basis": "《行政强制法》第二十二条", "place": "人民路18号",
        "items": [{"name": "建筑材料", "quantity": "20", "unit": "立方米", "kept_at": "现场加贴封条"}],
        "record_time": "09:00", "record_place": "人民路18号",
        "on_site_officers": [first.employee_number, second.employee_number], "record_note": "现场笔录"})
    base = live_server.url

    login(page, base, "officer_coercive", password)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/cases/{case.code}/")
    action = "take_coercive_measure"
    form = page.locator(f'form[action$="/actions/{action}/"]')
    page.locator(f'details:has(form[action$="/actions/{action}/"]) > summary').click()
    form.locator(f'[name="{action}-kind"]').select_option("seizure")
    for name, value in {"approved_by": "局长 赵六", "reason": "涉嫌非法运输", "legal_basis": "《行政强制法》第二十二条",
                        "place": "人民路18号", "record_time": "10:30", "record_place": "人民路18号",
                        "record_note": "出示证件,告知理由、依据和救济途径,听取陈述申辩。",
                        "items": "电动三轮车 | 蓝色 | 1 | 辆 | 执法大队暂扣物品仓库 | 车况完好"}.items():
        form.locator(f'[name="{action}-{name}"]').fill(value)
    form.locator(f'input[name="{action}-on_site_officers"][value="{first.employee_number}"]').check()
    form.locator(f'input[name="{action}-on_site_officers"][value="{second.employee_number}"]').check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .message").first).to_be_visible()
    assert CoerciveMeasure.objects.filter(case=case, kind="seizure").exists()
    expect(page.locator("#h-coercive")).to_be_visible()
    expect(page.locator("#measure-2")).to_contain_text("扣押")
    checked(page)

    page.goto(f"{base}/cases/")
    page.locator("nav.actions a[href='/cases/coercive-measures/']").click()
    page.check("input[name=overdue]")
    page.locator("main form.filters button[type=submit]").click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody")).to_contain_text(case.code)
    checked(page)
