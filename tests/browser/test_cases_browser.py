"""Browser journey (issue 4 item 10): a major township case through two-level legality review to the decision PDF."""

import re
from datetime import date

from django.db import connection

import pytest
from playwright.sync_api import expect

from cases.models import Case, Status
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

from .otp import pass_second_factor


@pytest.fixture
def flushable_audit_log(transactional_db):
    """See tests/browser/test_org_browser.py: replica mode lets the post-test flush pass the audit trigger."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


def login(page, base, username, password):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, username)
    expect(page.locator(".user-box")).to_be_visible()


def act(page, action, fields=None, selects=None):
    """Open the action's panel on the case page, fill it and submit."""
    form = page.locator(f'form[action$="/actions/{action}/"]')
    page.locator(f'details:has(form[action$="/actions/{action}/"]) > summary').click()
    for name, value in (fields or {}).items():
        form.locator(f'[name="{action}-{name}"]').fill(value)
    for name, value in (selects or {}).items():
        form.locator(f'[name="{action}-{name}"]').select_option(value)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .message").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_major_township_case_through_two_level_review_to_decision_pdf(
        live_server, page, make_user, password, township, other_township, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    item = ItemFactory(code="330299000777", name="对在人行道违规堆放物料的处罚", pinyin_initials="dzrxdwgdfwldcf")
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    officer = make_user(Role.TOWNSHIP_OFFICER, username="officer_east", township=township)
    make_user(Role.TOWNSHIP_REVIEWER, username="treviewer_east", township=township)
    make_user(Role.DISTRICT_REVIEWER, username="dreviewer")
    make_user(Role.TOWNSHIP_OFFICER, username="officer_west", township=other_township)
    first = OfficerFactory(township=township, user=officer, name="张伟")
    second = OfficerFactory(township=township, name="李娜")
    base = live_server.url

    # The officer files an ordinary case with a major fine through the wizard.
    login(page, base, "officer_east", password)
    page.goto(f"{base}/cases/new/")
    page.fill("input[name=q]", "dzrxd")
    page.locator("main form button[type=submit]").click()
    page.locator(f'a[href="?item={item.code}"]').click()
    page.click("a[href*='procedure=ordinary']")
    page.select_option("select[name=party_type]", "organisation")
    page.fill("input[name=party_name]", "示范建材有限公司")
    page.fill("input[name=party_id_number]", "91350100M000100Y43")
    page.fill("input[name=party_address]", "示范县人民路18号")  # art. 59: stated on the decision
    page.fill("input[name=location]", "人民路18号")
    page.fill("textarea[name=facts]", "在人行道上违规堆放建筑材料约二十立方米。")
    page.check(f"input[name=officers][value={first.employee_number}]")
    page.check(f"input[name=officers][value={second.employee_number}]")
    page.check("input[name=penalty_kinds][value=fine]")
    page.fill("input[name=fine]", "150000")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases/330299-CF-"))
    code = Case.objects.get().code
    expect(page.locator("h1")).to_contain_text(code)
    expect(page.locator("main")).to_contain_text("9135**********0Y43")

    act(page, "notify", {"fine": "150000"})
    act(page, "record_statement", fields={"note": "当事人书面声明放弃陈述、申辩。"}, selects={"outcome": "waived"})
    act(page, "waive_hearing", {"note": "本公司书面声明放弃听证权利。"})  # art. 63, 64: else the decision waits
    act(page, "submit_review")
    assert Case.objects.get().status == Status.TOWNSHIP_REVIEW

    # The township reviewer returns it with an opinion.
    login(page, base, "treviewer_east", password)
    page.goto(f"{base}/cases/reviews/")
    page.locator(f'a[href="/cases/{code}/"]').click()
    act(page, "return_review", {"opinion": "证据不足,请补充现场照片和询问笔录。"})
    assert Case.objects.get().status == Status.RETURNED

    # The officer sees the opinion, fixes the file and resubmits.
    login(page, base, "officer_east", password)
    page.goto(f"{base}/cases/{code}/")
    expect(page.locator("main")).to_contain_text("证据不足,请补充现场照片和询问笔录。")
    act(page, "amend", {"facts": "在人行道上违规堆放建筑材料约二十立方米;已补充现场照片三张及询问笔录。"})
    act(page, "submit_review")

    login(page, base, "treviewer_east", password)
    page.goto(f"{base}/cases/{code}/")
    act(page, "approve_review", {"opinion": "事实清楚,证据确凿,同意。"})

    # The district reviewer approves.
    login(page, base, "dreviewer", password)
    page.goto(f"{base}/cases/reviews/")
    page.locator(f'a[href="/cases/{code}/"]').click()
    act(page, "approve_review", {"opinion": "同意处罚。"})
    assert Case.objects.get().status == Status.REVIEWED

    # The officer records the collective discussion and the decision, then downloads the decision PDF.
    login(page, base, "officer_east", password)
    page.goto(f"{base}/cases/{code}/")
    act(page, "record_discussion", {"note": "经局务会议集体讨论,同意罚款十五万元。"})
    act(page, "decide", {"fine": "150000"})
    assert Case.objects.get().status == Status.DECIDED
    with page.expect_download() as download_info:
        page.locator(f'a[href="/cases/{code}/documents/penalty_decision/?version=1"]').click()
    pdf = download_info.value.path()
    assert open(pdf, "rb").read(5) == b"%PDF-"

    # Another township's officer gets 404 on the case and its document.
    login(page, base, "officer_west", password)
    response = page.goto(f"{base}/cases/{code}/")
    assert response.status == 404
    response = page.goto(f"{base}/cases/{code}/documents/penalty_decision/")
    assert response.status == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_bureau_staff_file_a_township_case_with_that_townships_officers(
        live_server, page, make_user, password, township, other_township, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    item = ItemFactory(code="330299000778", name="对占道经营的处罚")
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    make_user(Role.STAFF, username="staff_filer")
    first = OfficerFactory(township=township, name="张伟")
    second = OfficerFactory(township=township, name="李娜")
    bureau = OfficerFactory(unposted=True, name="局属王")
    elsewhere = OfficerFactory(township=other_township, name="西镇赵")
    base = live_server.url

    login(page, base, "staff_filer", password)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/cases/new/?item={item.code}")
    # Before a township is chosen the bureau's officers are offered.
    expect(page.locator(f"input[name=officers][value={bureau.employee_number}]")).to_have_count(1)
    page.select_option("#id_case_township", township.code)
    page.locator('main form[method=get] button[type=submit]').click()
    expect(page.locator(f"input[name=officers][value={first.employee_number}]")).to_have_count(1)
    expect(page.locator(f"input[name=officers][value={bureau.employee_number}]")).to_have_count(0)
    expect(page.locator(f"input[name=officers][value={elsewhere.employee_number}]")).to_have_count(0)
    page.click("a[href*='procedure=ordinary']")
    page.fill("input[name=party_name]", "王五")
    page.fill("input[name=location]", "人民路18号")
    page.fill("textarea[name=facts]", "占道经营。")
    page.check(f"input[name=officers][value={first.employee_number}]")
    page.check(f"input[name=officers][value={second.employee_number}]")
    page.check("input[name=penalty_kinds][value=fine]")
    page.fill("input[name=fine]", "500")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases/330299-CF-"))
    case = Case.objects.get()
    assert case.township == township
    assert set(case.officers.values_list("name", flat=True)) == {"张伟", "李娜"}
