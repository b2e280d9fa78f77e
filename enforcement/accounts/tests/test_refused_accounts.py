"""A deactivated or locked account is told why at login, but only with the RIGHT password (issue 18): a wrong password
keeps the generic message, so nobody can probe which accounts are locked. django-axes' lockout keeps its own."""

from django.urls import reverse

import pytest

from enforcement.accounts import services
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "账号已被安全管理员锁定，请联系安全管理员解锁"
DEACTIVATED_TEXT = "账号已停用"
GENERIC_TEXT = "用户名或密码错误"
AXES_TEXT = "此账号已被锁定 30 分钟"


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def token(api_client, username, password):
    return api_client.post(reverse("api:auth-token"), {"username": username, "password": password}, format="json")


@pytest.fixture
def officer(users):
    return users[Role.TOWNSHIP_OFFICER]


@pytest.fixture
def locked(users, officer):
    return services.user_lock(actor=users[Role.SECURITY_ADMIN], user=officer, reason="lost phone")


@pytest.fixture
def deactivated(users, officer):
    return services.user_deactivate(actor=users[Role.ADMIN], user=officer, reason="left the office")


def test_locked_account_with_the_right_password_is_told_it_is_locked(client, locked, password):
    response = login(client, locked.username, password)
    html = response.content.decode()
    assert response.status_code == 200 and LOCKED_TEXT in html and GENERIC_TEXT not in html
    assert "_auth_user_id" not in client.session


def test_locked_account_with_a_wrong_password_gets_the_generic_message(client, locked):
    html = login(client, locked.username, "wrong-Pass1").content.decode()
    assert GENERIC_TEXT in html and LOCKED_TEXT not in html


def test_deactivated_account_with_the_right_password_is_told_it_is_deactivated(client, deactivated, password):
    response = login(client, deactivated.username, password)
    html = response.content.decode()
    assert response.status_code == 200 and DEACTIVATED_TEXT in html and GENERIC_TEXT not in html
    assert "_auth_user_id" not in client.session


def test_deactivated_account_with_a_wrong_password_gets_the_generic_message(client, deactivated):
    html = login(client, deactivated.username, "wrong-Pass1").content.decode()
    assert GENERIC_TEXT in html and DEACTIVATED_TEXT not in html


def test_an_unknown_user_gets_the_generic_message(client, password):
    html = login(client, "nobody_here", password).content.decode()
    assert GENERIC_TEXT in html and LOCKED_TEXT not in html and DEACTIVATED_TEXT not in html


def test_the_refused_right_password_is_audited_with_its_reason(client, locked, password):
    login(client, locked.username, password)
    event = AuditEvent.objects.filter(event_type="auth.login_failed", username=locked.username).latest("id")
    assert (event.outcome, event.detail) == ("failure", {"refused": "locked"})


def test_token_endpoint_tells_a_locked_account_with_the_right_password_403(api_client, locked, password):
    response = token(api_client, locked.username, password)
    assert response.status_code == 403 and LOCKED_TEXT in response.json()["detail"]
    assert "token" not in response.json()


def test_token_endpoint_tells_a_deactivated_account_with_the_right_password_403(api_client, deactivated, password):
    response = token(api_client, deactivated.username, password)
    assert response.status_code == 403 and DEACTIVATED_TEXT in response.json()["detail"]


@pytest.mark.parametrize("state", ["locked", "deactivated"])
def test_token_endpoint_keeps_the_generic_401_for_a_wrong_password(api_client, request, state):
    account = request.getfixturevalue(state)
    response = token(api_client, account.username, "wrong-Pass1")
    assert response.status_code == 401 and GENERIC_TEXT in response.json()["detail"]


def test_the_failed_login_lockout_keeps_its_own_message(client, api_client, locked, password):
    for _ in range(5):
        login(client, locked.username, "wrong-Pass1")
    response = login(client, locked.username, password)
    assert response.status_code == 429 and AXES_TEXT in response.content.decode()
    response = token(api_client, locked.username, password)
    assert response.status_code == 429 and AXES_TEXT in response.json()["detail"]
