"""Browser journey (issue 2 item 9): a township officer logs in, sees only own township's officers, logs out."""

import re

from django.db import connection

import pytest
from playwright.sync_api import expect

from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory


@pytest.fixture
def flushable_audit_log(transactional_db):
    """The audit table refuses TRUNCATE (append-only trigger), which the flush after a transactional test
    runs on PostgreSQL. Replica mode skips triggers on this connection only; Django closes the connection
    after the flush, so no later test inherits it."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_township_officer_sees_only_own_township_officers_then_logs_out(live_server, page, make_user, password,
                                                                         township, other_township):
    OfficerFactory(township=township, name="本镇张伟")
    OfficerFactory(township=township, name="本镇李娜", expired=True)
    OfficerFactory(township=other_township, name="外镇王强")
    make_user(Role.TOWNSHIP_OFFICER, username="officer_east", township=township)

    page.goto(f"{live_server.url}/accounts/login/?next=/org/officers/")
    page.fill("input[name=username]", "officer_east")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/org/officers/$"))
    expect(page.locator(".user-box")).to_contain_text(township.name)
    expect(page.locator("h1")).to_have_text("执法人员")
    table = page.locator("table")
    expect(table).to_contain_text("本镇张伟")
    expect(table).to_contain_text("本镇李娜")
    expect(table.locator(".badge.bad")).to_have_text("已过期")
    expect(table).not_to_contain_text("外镇王强")
    # The township filter offers only the officer's own township.
    expect(page.locator("select[name=township] option")).to_have_count(2)

    page.goto(f"{live_server.url}/org/townships/{other_township.code}/")
    expect(page.locator("body")).not_to_contain_text("外镇王强")

    page.goto(f"{live_server.url}/org/officers/")
    page.locator(".user-box form button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"{live_server.url}/org/officers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
