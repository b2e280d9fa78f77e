"""Browser journey (issue 3 item 7): staff finds an item by pinyin initials, records an amendment and sees it in
the history; a township officer sees no amend button and is refused (403) by the API write."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from catalog.models import Adjustment, Item
from catalog.services import item_create
from catalog.tests.factories import DomainFactory
from enforcement.accounts.models import Role

from .otp import pass_second_factor


def _login(page, live_server, username, password, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, username)


@pytest.fixture
def road_item(transactional_db):
    domain = DomainFactory(code="city_appearance", name="市容环境卫生")
    item_create(actor=None, effective_date=date(2022, 1, 1), data={
        "code": "330201100001", "name": "对擅自占用道路堆放物料的行政处罚", "domain": domain, "power_type": "penalty",
        "tier": "township", "violation_law": "《城市市容和环境卫生管理条例》", "violation_article": "第十四条",
        "penalty_kinds": ["warning", "fine"], "fine_min": 100, "fine_max": 1000, "valid_from": date(2022, 1, 1)})
    item_create(actor=None, effective_date=date(2022, 1, 1), data={
        "code": "330213100001", "name": "对埋压消火栓的行政处罚", "domain": domain, "power_type": "penalty",
        "tier": "comprehensive", "valid_from": date(2022, 1, 1)})
    return Item.objects.get(code="330201100001")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_finds_by_pinyin_amends_and_sees_history(live_server, page, make_user, password, road_item):
    make_user(Role.STAFF, username="staff_catalog")
    _login(page, live_server, "staff_catalog", password, "/catalog/items/")
    expect(page).to_have_url(re.compile(r"/catalog/items/$"))

    page.fill("input[name=search]", "zydl")
    page.locator("form.filters button[type=submit]").click()
    table = page.locator("table")
    expect(table).to_contain_text("对擅自占用道路堆放物料的行政处罚")
    expect(table).not_to_contain_text("对埋压消火栓的行政处罚")

    page.get_by_role("link", name="330201100001").click()
    expect(page.locator("h1")).to_contain_text("对擅自占用道路堆放物料的行政处罚")
    page.locator("#amend-item").click()
    page.fill("#id_item-fine_max", "3000")
    page.fill("#id_adj-document_number", "海司发〔2024〕8号")
    page.fill("#id_adj-note", "上位法修订")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/catalog/items/330201100001/$"))
    expect(page.locator(".messages")).to_be_visible()
    history = page.locator("#history + .table-wrap table")
    expect(history).to_contain_text("海司发〔2024〕8号")
    expect(history).to_contain_text("1000.00")
    expect(history).to_contain_text("3000.00")
    assert Adjustment.objects.filter(item=road_item, kind="amend").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_township_officer_has_no_amend_button_and_api_write_is_403(live_server, page, make_user, password,
                                                                  township, road_item):
    make_user(Role.TOWNSHIP_OFFICER, username="officer_catalog", township=township)
    _login(page, live_server, "officer_catalog", password, "/catalog/items/330201100001/")
    expect(page.locator("h1")).to_contain_text("对擅自占用道路堆放物料的行政处罚")
    expect(page.locator("#amend-item")).to_have_count(0)

    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.patch(
        f"{live_server.url}/api/v1/catalog/items/330201100001/",
        data={"fine_max": "9000", "reason": "law_change", "effective_date": "2024-05-01"},
        headers={"X-CSRFToken": csrf, "Referer": f"{live_server.url}/catalog/"})
    assert response.status == 403
    assert "CSRF" not in response.text()
    road_item.refresh_from_db()
    assert road_item.fine_max == 1000
    assert page.request.get(f"{live_server.url}/api/v1/catalog/items/330201100001/").status == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_page_polls_the_job_and_shows_the_result(live_server, page, make_user, password):
    from catalog.models import ImportJob

    staff = make_user(Role.STAFF, username="staff_import")
    job = ImportJob.objects.create(actor=staff, filename="大清单.xlsx", status=ImportJob.Status.RUNNING,
                                   total_rows=3403, processed_rows=1000)
    _login(page, live_server, "staff_import", password, f"/catalog/import/{job.token}/")
    expect(page.locator("#job-done")).to_have_text("1000")
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=2500)
    expect(page.locator("#job-done")).to_have_text("2500", timeout=10_000)
    expect(page.locator("#job-progress")).to_have_attribute("value", "73")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SUCCEEDED, processed_rows=3403,
                                               created_count=3403, message="导入完成。")
    expect(page.locator("#job-status")).to_have_text("已完成", timeout=10_000)
    expect(page.locator("main")).to_contain_text("导入完成。")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_records_an_amendment_dated_ahead_and_sees_it_pending(live_server, page, make_user, password,
                                                                   road_item):
    from datetime import timedelta

    from django.utils import timezone

    ahead = (timezone.localdate() + timedelta(days=30)).isoformat()
    make_user(Role.STAFF, username="staff_pending")
    _login(page, live_server, "staff_pending", password, "/catalog/items/330201100001/amend/")
    page.fill("#id_item-fine_max", "5000")
    page.fill("#id_adj-effective_date", ahead)
    page.fill("#id_adj-document_number", "海司发〔2026〕3号")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/catalog/items/330201100001/$"))
    expect(page.locator(".messages")).to_contain_text(ahead)
    pending = page.locator("#pending")
    expect(pending).to_contain_text(ahead)
    expect(pending).to_contain_text("5000.00")
    expect(page.locator(".facts")).to_contain_text("1000.00")  # the values in force today stay
    assert Item.objects.get(code="330201100001").fine_max == 1000
