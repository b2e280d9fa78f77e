"""Issue 16 in real Chromium: the map at 390 px draws the township's zone outlines and its clues on a plain
background (no tile URL: not one request leaves the site), is filtered like the clue list, fits the screen and
has no serious axe finding; a township user's map holds only their township."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from enforcement.accounts.models import Role
from intake.models import State
from intake.tests.factories import ClueFactory
from townships.tests.factories import ZoneFactory

from .crawl import CHECKS, login

PHONE = {"width": 390, "height": 844}


def square(lon, lat, size=0.01):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                [lon, lat + size], [lon, lat]]]}


@pytest.fixture
def county(township, other_township):
    east = ZoneFactory(township=township, code="east-01", name="东风社区片区", boundary=square(121.50, 29.80))
    far = ZoneFactory(township=other_township, code="far-01", name="远山片区", boundary=square(121.52, 29.80))
    for state in (State.DISPATCHED, State.ACKNOWLEDGED, State.CLOSED):
        ClueFactory(township=township, zone=east, state=state, latitude=Decimal("29.805"),
                    longitude=Decimal("121.505"))
    ClueFactory(township=other_township, zone=far, state=State.DISPATCHED, latitude=Decimal("29.805"),
                longitude=Decimal("121.525"))
    return east, far


def _open_map(browser, live_server, user, query=""):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    login(context, live_server.url, user)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/map/{query}")
    expect(page.locator("#map[data-ready='1']")).to_be_attached()
    return context, page, requests


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_at_390_px_filters_makes_no_external_request_and_fits(live_server, browser, users, county,
                                                                     settings):
    settings.MAP_TILE_URL = ""
    context, page, requests = _open_map(browser, live_server, users[Role.STAFF])
    expect(page.locator("path.pt-clue")).to_have_count(3)  # the first view: open clues only
    expect(page.locator("path.zone-outline")).to_have_count(2)
    page.evaluate(CHECKS)
    assert page.evaluate("crawlChecks.tooWide()") is None
    assert page.evaluate("crawlChecks.axe()") == []

    page.select_option("#id_state", "dispatched")
    page.select_option("#id_township", "east")
    page.click("form.map-filters button[type=submit]")
    expect(page.locator("#map[data-ready='1']")).to_be_attached()
    expect(page).to_have_url(re.compile(r"state=dispatched"))
    expect(page.locator("path.pt-clue")).to_have_count(1)
    expect(page.locator("path.zone-outline")).to_have_count(1)
    expect(page.locator("#map-summary")).to_contain_text("线索1条")

    page.locator("path.pt-clue").first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("XS")
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], outside
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_township_officer_sees_only_their_township_on_the_map(live_server, browser, users, county):
    context, page, _requests = _open_map(browser, live_server, users[Role.TOWNSHIP_OFFICER])
    expect(page.locator("path.zone-outline")).to_have_count(1)
    expect(page.locator("path.pt-clue")).to_have_count(2)  # open ones of their township
    expect(page.locator("#id_township")).to_have_count(0)
    context.close()
