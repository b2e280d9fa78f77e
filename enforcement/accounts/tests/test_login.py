"""Login, lockout, logout and the audit events they leave (SECURITY §1-4, §10-11)."""

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

import pytest

from enforcement.accounts.lockout import lockout_message
from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import pass_second_factor, second_factor_code
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOCK_TEXT = "此账号已被锁定 30 分钟"


def login(client, username, password, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, username="zhangsan")


def test_login_page_renders_in_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html
    assert 'lang="zh-CN"' in html


def test_correct_password_logs_in_and_records_ip_and_request_id(client, staff, password):
    response = login(client, "zhangsan", password, REMOTE_ADDR="10.1.2.3", HTTP_X_REQUEST_ID="req-abc-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    event = AuditEvent.objects.get(event_type="auth.login")
    assert (event.user, event.ip, event.request_id, event.outcome) == (staff, "10.1.2.3", "req-abc-1", "success")


def test_wrong_password_shows_chinese_error_and_records_failure(client, staff):
    response = login(client, "zhangsan", "wrong-Pass1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    event = AuditEvent.objects.get(event_type="auth.login_failed")
    assert (event.username, event.outcome, event.ip) == ("zhangsan", "failure", "127.0.0.1")
    assert event.request_id


def test_fifth_wrong_password_locks_the_login_page_with_chinese_message(client, staff):
    for _ in range(4):
        assert login(client, "zhangsan", "wrong-Pass1").status_code == 200
    response = login(client, "zhangsan", "wrong-Pass1")
    assert response.status_code == 429
    assert LOCK_TEXT in response.content.decode()
    assert LOCK_TEXT in str(lockout_message())


def test_locked_account_refuses_the_correct_password(client, staff, password):
    for _ in range(5):
        login(client, "zhangsan", "wrong-Pass1")
    response = login(client, "zhangsan", password)
    assert response.status_code == 429
    assert LOCK_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_audited_with_the_username(client, staff):
    for _ in range(5):
        login(client, "zhangsan", "wrong-Pass1", REMOTE_ADDR="10.9.9.9")
    event = AuditEvent.objects.get(event_type="auth.lockout")
    assert (event.username, event.outcome, event.ip) == ("zhangsan", "denied", "10.9.9.9")


def test_lockout_is_per_username_not_per_office_address(client, make_user, staff, password):
    make_user(Role.STAFF, username="lisi")
    for _ in range(5):
        login(client, "zhangsan", "wrong-Pass1")
    assert login(client, "lisi", password).status_code == 302


def test_token_endpoint_locks_after_five_failures_with_chinese_json(api_client, staff, password):
    url = reverse("api:auth-token")
    for _ in range(4):
        response = api_client.post(url, {"username": "zhangsan", "password": "wrong-Pass1"}, format="json")
        assert response.status_code == 401
        assert "用户名或密码错误" in response.json()["detail"]
    response = api_client.post(url, {"username": "zhangsan", "password": "wrong-Pass1"}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert LOCK_TEXT in response.json()["detail"]
    response = api_client.post(url, {"username": "zhangsan", "password": password}, format="json")
    assert response.status_code == 429
    assert "token" not in response.json()


def test_token_endpoint_failures_lock_the_web_login_too(client, api_client, staff, password):
    for _ in range(5):
        api_client.post(reverse("api:auth-token"), {"username": "zhangsan", "password": "x"}, format="json")
    assert login(client, "zhangsan", password).status_code == 429


def test_success_before_the_limit_resets_the_failure_count(client, staff, password):
    for _ in range(4):
        login(client, "zhangsan", "wrong-Pass1")
    assert login(client, "zhangsan", password).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "zhangsan", "wrong-Pass1").status_code == 200


def test_logout_destroys_the_session_and_is_audited(client, staff, password):
    login(client, "zhangsan", password)
    session_key = client.session.session_key
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert AuditEvent.objects.filter(event_type="auth.logout", user=staff).exists()
    assert client.get(reverse("home")).status_code == 302


def test_logout_refuses_get(client, staff, password):
    login(client, "zhangsan", password)
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_inactive_account_cannot_log_in(client, staff, password):
    get_user_model().objects.filter(pk=staff.pk).update(is_active=False)
    response = login(client, "zhangsan", password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_THROTTLE_PER_IP=3)
def test_one_address_trying_many_usernames_is_throttled_in_chinese(client, staff, password):
    from django.core.cache import cache

    cache.delete("login-attempts:10.7.7.7")
    for name in ("a1", "a2", "a3"):
        assert login(client, name, "x", REMOTE_ADDR="10.7.7.7").status_code == 200
    response = login(client, "zhangsan", password, REMOTE_ADDR="10.7.7.7")
    assert response.status_code == 429
    assert "登录尝试过于频繁" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event_type="auth.login_throttled", ip="10.7.7.7").exists()
    # another address is not affected
    cache.delete("login-attempts:10.8.8.8")
    assert login(client, "zhangsan", password, REMOTE_ADDR="10.8.8.8").status_code == 302
    cache.delete("login-attempts:10.7.7.7")


def test_logout_password_change_and_token_events_carry_ip_and_request_id(client, api_client, staff, password):
    login(client, "zhangsan", password)
    pass_second_factor(client, staff)
    client.post(reverse("accounts:password_change"),
                {"old_password": password, "new_password1": "Neu#Pass2026", "new_password2": "Neu#Pass2026"},
                REMOTE_ADDR="10.2.2.2", HTTP_X_REQUEST_ID="req-pw")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.3.3.3", HTTP_X_REQUEST_ID="req-out")
    key = api_client.post(reverse("api:auth-token"), {"username": "zhangsan", "password": "Neu#Pass2026",
                                                       "otp_token": second_factor_code(staff)},
                          format="json", REMOTE_ADDR="10.4.4.4", HTTP_X_REQUEST_ID="req-tok").json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api_client.delete(reverse("api:auth-token"), REMOTE_ADDR="10.5.5.5", HTTP_X_REQUEST_ID="req-rev")
    seen = {e.event_type: (e.ip, e.request_id, e.username) for e in AuditEvent.objects.all()}
    assert seen["auth.password_changed"] == ("10.2.2.2", "req-pw", "zhangsan")
    assert seen["auth.logout"] == ("10.3.3.3", "req-out", "zhangsan")
    assert seen["auth.token_issued"] == ("10.4.4.4", "req-tok", "zhangsan")
    assert seen["auth.token_revoked"] == ("10.5.5.5", "req-rev", "zhangsan")
