"""Issue 13 items 3 and 6 in real Chromium: the phone header folds into a menu, tables read as labelled cards
below 600 px, and a scrolling table at desk width can be reached from the keyboard."""

import pytest
from playwright.sync_api import expect

from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role

from .crawl import login

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


@pytest.fixture
def officer(make_user, township):
    return make_user(Role.TOWNSHIP_OFFICER, username="officer_layout", township=township)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_phone_header_is_one_line_with_a_menu_button_that_opens_the_menu(live_server, browser, officer):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    login(context, live_server.url, officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/cases/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 72  # it took 203 px before: a quarter of the screen
    nav = page.locator(".main-nav")
    expect(nav).to_be_hidden()
    toggle = page.get_by_role("button", name="菜单")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    link = nav.get_by_role("link", name="案件")
    assert link.bounding_box()["height"] >= 44  # a thumb-sized target
    link.click()
    expect(page).to_have_url(f"{live_server.url}/cases/")
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_desk_header_shows_the_menu_without_a_button(live_server, browser, officer):
    context = browser.new_context(viewport=DESK)
    login(context, live_server.url, officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator(".main-nav")).to_be_visible()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_below_600_px_a_list_reads_as_labelled_cards_that_fit_the_screen(live_server, browser, officer, township):
    CaseFactory(township=township, item__name="在城市道路两侧和公共场地堆放物料影响市容环境卫生")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    login(context, live_server.url, officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/cases/")
    cell = page.locator("main table tbody td").nth(2)
    expect(cell).to_have_attribute("data-label", "执法事项")
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"执法事项"'
    # the item name gets the width of the card, not 2-3 characters a line
    assert cell.bounding_box()["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_table_wider_than_its_box_can_be_scrolled_from_the_keyboard(live_server, browser, officer, township):
    CaseFactory(township=township)
    context = browser.new_context(viewport={"width": 700, "height": 900})
    login(context, live_server.url, officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/cases/")
    region = page.locator("main .table-wrap").first
    if region.evaluate("el => el.scrollWidth > el.clientWidth"):
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("role", "region")
    else:  # the table fits: no focus stop for nothing
        assert region.get_attribute("tabindex") is None
    context.close()
