"""Browser journey (issue 6 item 6): leadership opens the dashboard, filters one township, drills into its
overdue cases, then opens the latest monthly report PDF of that township."""

import re
from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cases.models import Case, Procedure, Status
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from enforcement.reports import services
from enforcement.reports.periods import Period

from .otp import pass_second_factor


@pytest.fixture
def flushable_audit_log(transactional_db):
    """The audit table refuses TRUNCATE (append-only trigger), which the flush after a transactional test
    runs on PostgreSQL; replica mode skips triggers on this connection only, just before the flush."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


def _case(code, township, item, *, filed_days_ago, deadline_days_ago):
    today = timezone.localdate()
    filed = today - timedelta(days=filed_days_ago)
    return Case.objects.create(
        code=code, procedure=Procedure.ORDINARY, item=item, township=township, status=Status.INVESTIGATING,
        party_type="citizen", party_name="当事人", location="人民路", facts="事实", violation_date=filed,
        discovered_on=filed, filed_on=filed, deadline=today - timedelta(days=deadline_days_ago))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_leader_filters_a_township_drills_into_overdue_cases_and_opens_the_monthly_pdf(
        live_server, page, make_user, password, township, other_township, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    item = ItemFactory()
    _case("330299-OVERDUE-EAST-1", township, item, filed_days_ago=120, deadline_days_ago=30)
    _case("330299-OVERDUE-EAST-2", township, item, filed_days_ago=100, deadline_days_ago=10)
    _case("330299-ONTIME-EAST-3", township, item, filed_days_ago=10, deadline_days_ago=-80)
    _case("330299-OVERDUE-WEST-1", other_township, item, filed_days_ago=120, deadline_days_ago=30)
    period = Period.previous_month()
    services.monthly_report_generate_now(period=period, township=township)
    make_user(Role.LEADER, username="leader_b")

    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/")
    page.fill("input[name=username]", "leader_b")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, "leader_b")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("#fig-overdue .value")).to_have_text("3")
    expect(page.locator("#chart-trend")).to_be_visible()

    page.select_option("select[name=township]", township.code)
    page.click("form.filters button[type=submit]")
    expect(page.locator("h1")).to_contain_text(township.name)
    expect(page.locator("#fig-overdue .value")).to_have_text("2")

    page.click("#fig-overdue")
    expect(page).to_have_url(re.compile(rf"/cases/\?.*township={township.code}"))
    expect(page).to_have_url(re.compile(r"overdue=1"))
    table = page.locator("main table")
    expect(table).to_contain_text("330299-OVERDUE-EAST-1")
    expect(table).to_contain_text("330299-OVERDUE-EAST-2")
    expect(table).not_to_contain_text("330299-ONTIME-EAST-3")
    expect(table).not_to_contain_text("330299-OVERDUE-WEST-1")

    page.go_back()
    link = page.locator("#latest-report")
    expect(link).to_contain_text(period.label)
    href = link.get_attribute("href")
    assert href == f"/reports/{period.key}/{township.code}/report.pdf"
    response = page.context.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
