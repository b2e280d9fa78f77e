"""Issue 12's pages at 390 px in real Chromium: the unpaid list, reviews and lawsuits, the transfer to the police
form, the public decisions page, the open transfers, the transfer-in filing and the reply to the department, and
the liaison's desk. Each page: nothing wider than the phone, no serious or critical axe-core finding (at 1366 px too),
no English a user would read (the checks of the role crawl, tests/browser/crawl.py)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

import pytest

from cases.models import DecisionType, Source, Status
from cases.models_criminal import CriminalTransfer
from cases.models_publication import Publication
from cases.models_transfers import DepartmentReply, DepartmentTransfer
from cases.tests.factories import CaseFactory
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

from .crawl import CHECKS, PHONE, Crawler, login


@pytest.fixture
def flushable_audit_log(transactional_db):
    """See tests/browser/test_org_browser.py: replica mode lets the post-test flush pass the audit trigger."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


@pytest.fixture
def world(users, township, department):
    today = timezone.localdate()
    item = ItemFactory(code="330299000301", name="对在人行道违规堆放物料的处罚")
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    officer = OfficerFactory(user=users[Role.TOWNSHIP_OFFICER], township=township, name="张伟")
    partner = OfficerFactory(township=township, name="李娜")
    unpaid = CaseFactory(township=township, item=item, officers=[officer, partner], status=Status.DELIVERED,
                         decision_type=DecisionType.PENALTY, penalty_kinds=["fine"], fine_amount=Decimal("2000"),
                         decided_on=today - timedelta(days=40), delivered_on=today - timedelta(days=38),
                         payment_due=today - timedelta(days=23), payment_next_due=today - timedelta(days=23))
    Publication.objects.create(case=unpaid, decision_number="罚决〔2026〕1号", decided_on=unpaid.decided_on,
                               item_code=item.code, item_name=item.name, party="王*", penalty="罚款2000元",
                               fine_amount=Decimal("2000"), agency="东城街道办事处", published_on=today,
                               due_by=today + timedelta(days=20))
    police = CaseFactory(township=township, item=item, officers=[officer, partner], status=Status.INVESTIGATING)
    transfer = CriminalTransfer.objects.create(case=police, body="某县公安局", suspected_crime="非法经营罪",
                                               evidence_list="1. 现场检查笔录", sent_on=today)
    police.open_criminal_transfer = transfer
    police.save(update_fields=["open_criminal_transfer"])
    incoming = CaseFactory(township=township, item=item, officers=[officer, partner], status=Status.INVESTIGATING,
                           source=Source.DEPARTMENT, transferred_from=department)
    DepartmentTransfer.objects.create(case=incoming, liaison=users[Role.LIAISON], letter_number="市监移〔2026〕12号",
                                      letter_date=today, materials="移交函一份、现场照片三张")
    DepartmentReply.objects.create(case=incoming, kind="progress", text="已立案调查。", sent_on=today,
                                   sent_by=users[Role.TOWNSHIP_OFFICER])
    return {"item": item, "unpaid": unpaid, "police": police, "incoming": incoming}


def _check_open(page):
    page.evaluate(CHECKS)
    assert page.evaluate("crawlChecks.tooWide()") is None, page.url
    assert page.evaluate("crawlChecks.axe()") == [], page.url


def _assert_clean(crawler, url):
    refused, _links = crawler.check_page(url)
    assert refused is None, f"{url}: {refused}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_after_decision_pages_fit_390_px_without_serious_axe_findings(live_server, browser, users, world):
    base = live_server.url
    staff = Crawler(browser, base, users[Role.STAFF], role_label="staff")
    officer = Crawler(browser, base, users[Role.TOWNSHIP_OFFICER], role_label="officer")
    liaison = Crawler(browser, base, users[Role.LIAISON], role_label="liaison")
    try:
        for url in ("/cases/unpaid/", "/cases/appeals/", "/cases/transfers/", "/cases/transfers/?direction=in",
                    "/public/decisions/"):
            _assert_clean(staff, base + url)
        code = world["incoming"].code
        for url in (f"/cases/new/?item={world['item'].code}&procedure=ordinary", f"/cases/{code}/",
                    f"/cases/{code}/department-reply/", f"/cases/{world['police'].code}/"):
            _assert_clean(officer, base + url)
        for url in ("/", f"/cases/{code}/"):
            _assert_clean(liaison, base + url)
        problems = staff.result.problems + officer.result.problems + liaison.result.problems
        assert not problems, "\n".join(f"{url}: {problem}" for url, problem in problems)
    finally:
        for crawler in (staff, officer, liaison):
            crawler.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_open_action_forms_fit_390_px(live_server, browser, users, world):
    """The transfer to the police form and the reply form, opened and with their errors shown, at 390 px."""
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True,
                                  has_touch=True)
    login(context, base, users[Role.TOWNSHIP_OFFICER])
    page = context.new_page()
    try:
        case = CaseFactory(township=world["police"].township, item=world["item"], status=Status.INVESTIGATING,
                           officers=list(world["police"].officers.all()))
        page.goto(f"{base}/cases/{case.code}/")
        page.locator('details:has(form[action$="/actions/transfer_to_police/"]) > summary').click()
        _check_open(page)  # the form opened, empty
        page.locator('form[action$="/actions/transfer_to_police/"] button[type=submit]').click()
        page.wait_for_load_state("load")
        assert page.locator(".error").count() >= 1
        _check_open(page)  # refused: the errors next to the fields
        page.goto(f"{base}/cases/{world['incoming'].code}/department-reply/")
        _check_open(page)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        assert page.locator(".error").count() >= 1
        _check_open(page)
    finally:
        context.close()
