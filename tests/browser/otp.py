"""The second factor in browser journeys that sign in through the login page (SECURITY §5).

`pass_second_factor(page, username)` is called right after the password form was submitted: when the site asks
for the code it enters the one the user's app would show (django_otp.oath.totp), and when it asks to enrol it
enrols the way a person does (the code of the key shown on the page) and continues past the recovery codes.
A user who needs no second factor is left where the login sent them."""

import re

from playwright.sync_api import expect

OTP_PAGE = re.compile(r"/accounts/otp/(verify|setup)/")


def pass_second_factor(page, username):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from enforcement.accounts.tests.factories import totp_code

    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if not OTP_PAGE.search(page.url):
        return
    enrolling = "/setup/" in page.url
    device = TOTPDevice.objects.filter(user__username=username, confirmed=not enrolling).order_by("-id").first()
    page.fill("input[name=otp_token]", totp_code(device))
    page.click("main button[type=submit]")
    if enrolling:
        expect(page.locator("ol.recovery-codes li")).to_have_count(10)
        page.click("text=我已保存,继续")
    page.wait_for_url(lambda url: not OTP_PAGE.search(url))
