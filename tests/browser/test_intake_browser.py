"""Browser journey (issue 10): the county operator registers a complaint, confirms the triage and dispatches it;
the township officer acknowledges and arrives on a 390 px phone; the board refreshes itself (htmx polling) and
has no horizontal scroll at 1366 px or 390 px."""

import re

from django.db import connection

import pytest
from playwright.sync_api import expect

from enforcement.accounts.models import Role
from intake.models import Clue, State
from townships.tests.factories import OfficerFactory

from .otp import pass_second_factor


@pytest.fixture
def flushable_audit_log(transactional_db):
    """See test_dashboard_browser: the append-only audit table needs replica mode for the flush."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


def _login(page, live_server, username, password, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, username)


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_complaint_is_registered_dispatched_acknowledged_and_reached_on_a_phone(
        live_server, browser, make_user, password, township, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    make_user(Role.COMMAND, username="command_b")
    officer_user = make_user(Role.TOWNSHIP_OFFICER, username="officer_b", township=township)
    OfficerFactory(township=township, user=officer_user, name="张三")

    desk = browser.new_page(viewport={"width": 1366, "height": 900})
    _login(desk, live_server, "command_b", password, "/intake/new/")
    desk.select_option("#id_source", "phone")
    desk.fill("#id_description", "东城街道人民路18号店铺门前堆放杂物,影响通行")
    desk.fill("#id_address", "东城街道人民路18号")
    desk.click("main button[type=submit]")
    expect(desk).to_have_url(re.compile(r"/intake/XS\d+/$"))
    code = desk.url.rstrip("/").rsplit("/", 1)[-1]
    desk.click("summary:has-text('确认研判')")
    desk.click("form[action$='/actions/triage/'] button[type=submit]")
    desk.click("summary:has-text('派单')")
    desk.select_option("#id_dispatch-target", "township")
    desk.click("form[action$='/actions/dispatch/'] button[type=submit]")
    expect(desk.locator("main")).to_contain_text("已派单,待签收")

    desk.goto(f"{live_server.url}/intake/board/")
    expect(desk.locator("#board-panel")).to_contain_text("东城街道")
    assert _no_horizontal_scroll(desk)
    with desk.expect_response(re.compile(r"/intake/board/panel/$"), timeout=45_000) as polled:
        pass
    assert polled.value.status == 200

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    _login(phone, live_server, "officer_b", password, "/intake/mine/")
    expect(phone.locator("main")).to_contain_text(code)
    assert _no_horizontal_scroll(phone)
    phone.click(f"a:has-text('{code}')")
    phone.click("summary:has-text('签收')")
    phone.click("form[action$='/actions/acknowledge/'] button[type=submit]")
    phone.click("summary:has-text('到场')")
    phone.click("form[action$='/actions/arrive/'] button[type=submit]")
    expect(phone.locator("main")).to_contain_text("已到场")
    assert _no_horizontal_scroll(phone)
    phone.goto(f"{live_server.url}/intake/board/")
    assert _no_horizontal_scroll(phone)
    assert Clue.objects.get(code=code).state == State.ARRIVED
