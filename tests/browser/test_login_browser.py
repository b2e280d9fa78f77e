"""Browser journey (issue 2 item 9): five wrong passwords lock the account with a clear Chinese message,
and the correct password is refused afterwards."""

import pytest
from playwright.sync_api import expect

from enforcement.accounts.models import Role

from .otp import pass_second_factor

LOCKED = "登录失败次数过多:此账号已被锁定 30 分钟"


def submit(page, url, username, password, next_url=""):
    page.goto(f"{url}/accounts/login/{next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused(live_server, page, make_user, password):
    make_user(Role.STAFF, username="zhou_jie")
    for attempt in range(1, 5):
        submit(page, live_server.url, "zhou_jie", f"Wrong#{attempt}pass")
        expect(page.locator("main [role=alert]").first).to_contain_text("用户名或密码错误")
        expect(page.locator("main")).not_to_contain_text(LOCKED)

    submit(page, live_server.url, "zhou_jie", "Wrong#5pass")
    expect(page.locator("main [role=alert]").first).to_have_text(
        "登录失败次数过多:此账号已被锁定 30 分钟。如需提前解锁,请联系系统管理员。")

    submit(page, live_server.url, "zhou_jie", password)
    expect(page.locator("main")).to_contain_text(LOCKED)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator(".user-box")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_page_works_at_phone_width(live_server, page, make_user, password):
    make_user(Role.STAFF, username="zhou_jie")
    page.set_viewport_size({"width": 390, "height": 800})
    submit(page, live_server.url, "zhou_jie", password, next_url="?next=/accounts/devices/")
    pass_second_factor(page, "zhou_jie")
    expect(page.locator("h1")).to_have_text("我的设备")
    expect(page.locator(".user-box")).to_contain_text("退出登录")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
