"""Browser journey (issue 18 item 7, SECURITY §5): bureau staff log in for the first time, enrol an authenticator
app from the QR code page (the code computed from the key shown on the page, as the app would), keep the
recovery codes and land on their desk; at phone width, with no serious axe finding."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from enforcement.accounts.models import Role

from .crawl import CHECKS


def _code_for(secret):
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def _no_serious_axe_finding(page):
    page.evaluate(CHECKS)
    assert page.evaluate("crawlChecks.axe()") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_enrol_with_the_qr_code_and_land_on_the_desk(live_server, page, make_user, password):
    make_user(Role.STAFF, username="wang_fang")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "wang_fang")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")

    expect(page).to_have_url(re.compile(r"/accounts/otp/setup/"))
    expect(page.locator("h1")).to_have_text("设置两步验证")
    expect(page.locator(".otp-qr svg")).to_be_visible()
    expect(page.locator(".main-nav")).to_have_count(0)  # nothing else opens before the code
    _no_serious_axe_finding(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.fill("input[name=otp_token]", "000000")
    page.click("main button[type=submit]")
    expect(page.locator(".field .error")).to_contain_text("动态口令错误")

    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.fill("input[name=otp_token]", _code_for(secret))
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("恢复码")
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    expect(page.locator("a[download]")).to_have_attribute("href", re.compile(r"^data:text/plain"))
    _no_serious_axe_finding(page)

    page.click("text=我已保存,继续")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("工作台")
    expect(page.locator(".main-nav")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_enrolled_reviewer_enters_the_code_after_the_password(live_server, page, make_user, password):
    from enforcement.accounts.tests.factories import enrol_totp, totp_code

    device = enrol_totp(make_user(Role.DISTRICT_REVIEWER, username="li_shen"))
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/otp/")
    page.fill("input[name=username]", "li_shen")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/otp/verify/"))
    _no_serious_axe_finding(page)
    page.fill("input[name=otp_token]", totp_code(device))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/otp/")
    expect(page.locator("h1")).to_have_text("两步验证")
    expect(page.locator("dl.facts")).to_contain_text("已开启")
