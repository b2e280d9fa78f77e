"""Geocoding (ADR 0019) in real Chromium at 390 px: the gazetteer page finds an address's point, its add form
shows the service's Chinese error next to the field, both fit the screen with no serious axe finding; the
clue page of a clue registered with only an address names where its coordinates came from."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from enforcement.accounts.models import Role
from geo import gazetteer
from geo.models import Place, PlaceKind
from intake.services import clue_create

from .crawl import CHECKS, login

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def road(township):
    place = Place.objects.create(township=township, name="东城街道东风社区人民路", kind=PlaceKind.ROAD,
                                 aliases=["东风社区人民路"], latitude=Decimal("29.802"), longitude=Decimal("121.502"),
                                 number_from=1, number_to=101, end_latitude=Decimal("29.808"),
                                 end_longitude=Decimal("121.508"))
    gazetteer.invalidate()
    return place


def _phone(browser, live_server, user):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    login(context, live_server.url, user)
    return context, context.new_page()


def _fits(page):
    page.evaluate(CHECKS)
    assert page.evaluate("crawlChecks.tooWide()") is None
    assert page.evaluate("crawlChecks.axe()") == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_gazetteer_page_at_390_px_finds_a_point_and_shows_errors_by_the_field(live_server, browser, users,
                                                                                   road):
    context, page = _phone(browser, live_server, users[Role.TOWNSHIP_OFFICER])
    page.goto(f"{live_server.url}/map/gazetteer/")
    expect(page.locator("table")).to_contain_text("东城街道东风社区人民路")
    page.fill("#id_address", "东风社区人民路 51 号")
    page.get_by_role("button", name="查找坐标").click()
    expect(page.get_by_role("status")).to_contain_text("地名地址库 (门牌级(插值))")
    expect(page.get_by_role("status")).to_contain_text("29.805000")
    _fits(page)

    page.goto(f"{live_server.url}/map/gazetteer/new/")
    page.fill("#id_name", "东城街道光溪路")
    page.select_option("#id_kind", "road")
    page.fill("#id_latitude", "29.8")
    page.fill("#id_longitude", "121.5")
    page.fill("#id_number_from", "10")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field.has-error")).to_contain_text("门牌号范围")
    _fits(page)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_clue_page_names_the_coordinate_source(live_server, browser, users, road):
    clue = clue_create(actor=users[Role.COMMAND], source="phone", description="店铺门前堆放杂物影响通行",
                       address="东城街道东风社区人民路")
    context, page = _phone(browser, live_server, users[Role.COMMAND])
    page.goto(f"{live_server.url}/intake/{clue.code}/")
    expect(page.locator("main")).to_contain_text("坐标来源")
    expect(page.locator("main")).to_contain_text("地名地址库 (道路级)")
    context.close()
