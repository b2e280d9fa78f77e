"""Device tokens for PDA clients: issue, use, expire, revoke per device (SECURITY §4), and /me/."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from enforcement.accounts.models import DeviceToken, Role, User
from enforcement.accounts.tests.factories import second_factor_code
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user, township):
    return make_user(Role.TOWNSHIP_OFFICER, username="officer_east", display_name="李执法", township=township)


def issue(username, password, device="PDA-01"):
    body = {"username": username, "password": password, "device_name": device}
    code = second_factor_code(User.objects.get(username=username))
    if code:
        body["otp_token"] = code
    response = APIClient().post(reverse("api:auth-token"), body, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_is_issued_stored_hashed_and_audited(officer, password):
    key = issue("officer_east", password)
    token = DeviceToken.objects.get(user=officer)
    assert token.key_hash == DeviceToken.hash_key(key) and key not in token.key_hash
    assert token.device_name == "PDA-01"
    assert token.expires_at > timezone.now() + timedelta(days=29)
    event = AuditEvent.objects.get(event_type="auth.token_issued")
    assert (event.user, event.ip) == (officer, "127.0.0.1")
    assert event.request_id


def test_me_with_token_returns_the_officer_and_township_code(officer, password):
    response = token_client(issue("officer_east", password)).get(reverse("api:me"))
    assert response.status_code == 200
    assert response.json() == {
        "username": "officer_east", "display_name": "李执法", "roles": ["township_officer"],
        "role_names": ["乡镇执法队员"], "township": "east", "department": None,
    }


def test_me_for_a_liaison_gives_the_department_code(make_user, department, client_for):
    liaison = make_user(Role.LIAISON, username="liaison_market", department=department)
    data = client_for(liaison).get(reverse("api:me")).json()
    assert (data["township"], data["department"], data["roles"]) == (None, "market", ["liaison"])


def test_anonymous_api_call_is_401(api_client):
    assert api_client.get(reverse("api:me")).status_code == 401


def test_garbage_token_is_401_in_chinese(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = api_client.get(reverse("api:me"))
    assert response.status_code == 401
    assert "令牌无效" in response.json()["detail"]


def test_expired_token_is_refused(officer, password):
    key = issue("officer_east", password)
    DeviceToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = token_client(key).get(reverse("api:me"))
    assert response.status_code == 401
    assert "令牌已过期" in response.json()["detail"]


def test_delete_revokes_the_current_device_only(officer, password):
    first, second = issue("officer_east", password, "PDA-01"), issue("officer_east", password, "PDA-02")
    assert token_client(first).delete(reverse("api:auth-token")).status_code == 204
    assert token_client(first).get(reverse("api:me")).status_code == 401
    assert token_client(second).get(reverse("api:me")).status_code == 200
    event = AuditEvent.objects.get(event_type="auth.token_revoked")
    assert (event.user, event.detail["device"]) == (officer, "PDA-01")


def test_delete_without_a_device_token_is_400(officer, client_for):
    response = client_for(officer).delete(reverse("api:auth-token"))
    assert response.status_code == 400
    assert "设备令牌" in response.json()["detail"]


def test_delete_anonymous_is_401(api_client):
    assert api_client.delete(reverse("api:auth-token")).status_code == 401


def test_missing_fields_give_a_400_naming_the_field(api_client):
    response = api_client.post(reverse("api:auth-token"), {"username": "x"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_a_stale_token_header_does_not_block_a_new_login(officer, password):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token stale")
    response = client.post(reverse("api:auth-token"), {"username": "officer_east", "password": password}, format="json")
    assert response.status_code == 200


def test_devices_page_lists_only_my_tokens_and_revokes_one(client, officer, make_user, password):
    issue("officer_east", password, "巡查终端-甲")
    make_user(Role.STAFF, username="someone")
    issue("someone", password, "别人的终端")
    client.force_login(officer)
    html = client.get(reverse("accounts:devices")).content.decode()
    assert "巡查终端-甲" in html and "别人的终端" not in html
    prefix = DeviceToken.objects.get(user=officer).prefix
    response = client.post(reverse("accounts:device_revoke", args=[prefix]), follow=True)
    assert "该设备已退出登录" in response.content.decode()
    assert DeviceToken.objects.get(user=officer).revoked_at is not None


def test_devices_page_cannot_revoke_someone_elses_token(client, officer, make_user, password):
    make_user(Role.STAFF, username="someone")
    issue("someone", password)
    theirs = DeviceToken.objects.get(user__username="someone")
    client.force_login(officer)
    client.post(reverse("accounts:device_revoke", args=[theirs.prefix]))
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_devices_page_query_count_does_not_grow_with_tokens(client, officer, password, django_assert_max_num_queries):
    client.force_login(officer)
    for n in range(3):
        issue("officer_east", password, f"PDA-{n}")
    with django_assert_max_num_queries(8):
        client.get(reverse("accounts:devices"))
    for n in range(20):
        issue("officer_east", password, f"PDA-x{n}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("accounts:devices")).status_code == 200


@pytest.fixture
def demo_user(make_user):
    return make_user(Role.STAFF, username="staff", is_demo=True)


# pytest-django runs tests with DEBUG off, as in production; the demo accounts need DEBUG on.
@override_settings(DEBUG=True)
def test_demo_account_logs_in_with_debug_on(client, demo_user, password):
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": password})
    assert response.status_code == 302


@override_settings(DEBUG=False)
def test_demo_account_is_refused_on_the_login_page_when_debug_is_off(client, demo_user, password):
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(DEBUG=False)
def test_demo_account_gets_no_token_when_debug_is_off(api_client, demo_user, password):
    response = api_client.post(reverse("api:auth-token"), {"username": "staff", "password": password}, format="json")
    assert response.status_code == 401


def test_demo_token_stops_working_when_debug_is_off(demo_user, password):
    with override_settings(DEBUG=True):
        key = issue("staff", password)
        assert token_client(key).get(reverse("api:me")).status_code == 200
    with override_settings(DEBUG=False):
        assert token_client(key).get(reverse("api:me")).status_code == 401


def test_demo_session_stops_working_when_debug_is_off(client, demo_user):
    client.force_login(demo_user)
    with override_settings(DEBUG=True):
        assert client.get(reverse("accounts:devices")).status_code == 200
    with override_settings(DEBUG=False):
        response = client.get(reverse("accounts:devices"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_oversized_password_is_refused_before_hashing(api_client):
    response = api_client.post(reverse("api:auth-token"), {"username": "x", "password": "A" * 10_000}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_malformed_json_is_a_400_in_chinese_not_a_500(api_client):
    response = api_client.post(reverse("api:auth-token"), data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "请求内容无法解析" in response.json()["detail"]


def test_missing_fields_are_named_in_chinese(api_client):
    response = api_client.post(reverse("api:auth-token"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["username"] == ["此项为必填项。"]


# -------------------------------------------------------------- the cached token lookup (issue 14)


def test_a_cached_token_is_refused_at_once_after_its_revocation(officer, password):
    from enforcement.accounts.services import device_token_revoke

    key = issue("officer_east", password)
    client = token_client(key)
    assert client.get(reverse("api:me")).status_code == 200  # the lookup is now cached
    device_token_revoke(actor=officer, token=DeviceToken.objects.get(user=officer))
    assert client.get(reverse("api:me")).status_code == 401


def test_a_cached_token_is_refused_at_once_when_its_user_is_deactivated(officer, make_user, password):
    from enforcement.accounts.services import user_deactivate

    admin = make_user(Role.ADMIN, username="admin_x")
    client = token_client(issue("officer_east", password))
    assert client.get(reverse("api:me")).status_code == 200
    user_deactivate(actor=admin, user=officer)
    assert client.get(reverse("api:me")).status_code == 401


def test_a_role_change_applies_to_the_next_request_of_a_cached_token(officer, password):
    client = token_client(issue("officer_east", password))
    assert client.get(reverse("api:me")).json()["roles"] == ["township_officer"]
    officer.role = Role.TOWNSHIP_REVIEWER
    officer.save()
    assert client.get(reverse("api:me")).json()["roles"] == ["township_reviewer"]


def test_a_repeated_request_does_not_look_the_token_up_again(officer, password, django_assert_num_queries):
    client = token_client(issue("officer_east", password))
    client.get(reverse("api:me"))  # looks it up, records last use
    with django_assert_num_queries(0):
        assert client.get(reverse("api:me")).status_code == 200


def test_last_use_is_written_at_most_once_a_minute(officer, password):
    from enforcement.accounts.authentication import LAST_USED_EVERY_SECONDS

    client = token_client(issue("officer_east", password))
    client.get(reverse("api:me"))
    first = DeviceToken.objects.get(user=officer).last_used_at
    client.get(reverse("api:me"))
    assert DeviceToken.objects.get(user=officer).last_used_at == first
    DeviceToken.objects.update(last_used_at=timezone.now() - timedelta(seconds=LAST_USED_EVERY_SECONDS + 5))
    officer.save()  # drops the cached lookup, which still holds the first time
    client.get(reverse("api:me"))
    assert DeviceToken.objects.get(user=officer).last_used_at > first


def test_the_cache_holds_no_password_hash(officer, password):
    from django.core.cache import cache

    from enforcement.accounts.authentication import token_cache_key

    key = issue("officer_east", password)
    token_client(key).get(reverse("api:me"))
    cached = cache.get(token_cache_key(DeviceToken.hash_key(key)))
    assert cached is not None and "password" not in cached.user.__dict__
