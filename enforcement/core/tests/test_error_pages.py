"""Issue 13 item 6: Chinese 400/403/404/500 and CSRF pages in the site's layout, each with a way back."""

import re

from django.test import Client

import pytest

from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role

ENGLISH = re.compile(r"\b(Forbidden|Not Found|Server Error|Bad Request|CSRF|No \w+ matches)\b")


def _text(response):
    return response.content.decode()


@pytest.fixture
def officer(make_user, township):
    return make_user(Role.TOWNSHIP_OFFICER, username="officer_err", township=township)


@pytest.mark.django_db
def test_unknown_address_gives_a_chinese_404_in_the_site_layout_with_a_way_home(client, officer):
    client.force_login(officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = _text(response)
    assert "找不到该页面" in body and "返回首页" in body
    assert 'class="site-header"' in body and "主菜单" in body  # the layout with the user's menu
    assert not ENGLISH.search(body)


@pytest.mark.django_db
def test_another_townships_case_is_a_404_that_says_it_may_be_outside_your_area(client, officer, other_township):
    case = CaseFactory(township=other_township)
    client.force_login(officer)
    response = client.get(f"/cases/{case.code}/")
    assert response.status_code == 404
    body = _text(response)
    assert "不在您的职责范围内" in body
    assert not ENGLISH.search(body)  # not Django's "No Case matches the given query."


@pytest.mark.django_db
def test_a_page_the_role_may_not_open_gives_a_chinese_403_with_the_reason(client, officer):
    client.force_login(officer)
    response = client.get("/audit/")
    assert response.status_code == 403
    body = _text(response)
    assert "您无权打开此页面" in body
    assert "您的角色" in body
    assert not ENGLISH.search(body)


@pytest.mark.django_db
def test_the_way_back_links_the_previous_page_of_this_site_only(client, officer):
    client.force_login(officer)
    inside = client.get("/no-such-page/", HTTP_REFERER="http://testserver/cases/?page=2")
    assert 'href="/cases/?page=2"' in _text(inside)
    outside = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish")
    assert "evil.example" not in _text(outside)
    assert "返回上一页" not in _text(outside)


@pytest.mark.django_db
def test_anonymous_visitors_get_the_chinese_404_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到该页面" in _text(response)


@pytest.mark.django_db
@pytest.mark.urls("enforcement.core.tests.urls_with_failing_view")
def test_a_failing_page_gives_the_chinese_500_page_in_the_layout(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.get("/failing/")
    assert response.status_code == 500
    body = _text(response)
    assert "系统出现错误" in body and "返回首页" in body and "主菜单" in body
    assert not ENGLISH.search(body)


@pytest.mark.django_db
@pytest.mark.urls("enforcement.core.tests.urls_with_failing_view")
def test_the_500_page_falls_back_to_a_plain_chinese_page_when_the_layout_fails(officer, monkeypatch):
    from enforcement.core import errors

    def broken(*args, **kwargs):
        raise RuntimeError("the layout needs the database, which is down")

    monkeypatch.setattr(errors, "render", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/failing/")
    assert response.status_code == 500
    assert "系统出现错误" in _text(response) and 'href="/"' in _text(response)


@pytest.mark.django_db
def test_an_expired_form_gives_a_chinese_csrf_page(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    body = _text(response)
    assert "表单已失效" in body
    assert not ENGLISH.search(body)


@pytest.mark.django_db
def test_every_page_links_the_favicon_and_favicon_ico_leads_to_it(client, officer):
    client.force_login(officer)
    body = _text(client.get("/accounts/devices/"))
    assert re.search(r'<link rel="icon" href="/static/favicon[^"]*\.svg"', body)
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")
