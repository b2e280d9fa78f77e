"""Two factors with TOTP (SECURITY §5, GB/T 22239-2019 8.1.4.1 level 3: 两种或两种以上组合的鉴别技术).

These tests go through the login page, so the real second factor applies (the conftest's shortcut only
covers test-client logins, and tests here that use one are marked real_otp)."""

from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from enforcement.accounts import otp
from enforcement.accounts.models import Role, User
from enforcement.accounts.tests.factories import enrol_totp, totp_code
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REQUIRED = [Role.ADMIN, Role.AUDITOR, Role.STAFF, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER, Role.LEADER]
OPTIONAL = [Role.TOWNSHIP_OFFICER, Role.LIAISON, Role.COMMAND, Role.TOWNSHIP_COMMAND]


@pytest.fixture
def user_of(make_user, township, department):
    def make(role, username="u1"):
        return make_user(role, username=username, township=township if role in {
            Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.TOWNSHIP_COMMAND} else None,
            department=department if role == Role.LIAISON else None)

    return make


def password_step(client, username, password, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def enter(client, url_name, code, next_url="/"):
    return client.post(reverse(url_name), {"otp_token": code, "next": next_url})


def secret_from_setup_page(html):
    start = html.index('id="otp-secret">') + len('id="otp-secret">')
    return html[start:html.index("</code>", start)].replace(" ", "")


def test_the_required_roles_are_a_setting_with_the_security_administrator():
    assert "security_admin" in settings.OTP_REQUIRED_ROLES
    assert set(REQUIRED) <= set(settings.OTP_REQUIRED_ROLES)
    assert not set(OPTIONAL) & set(settings.OTP_REQUIRED_ROLES)


@pytest.mark.parametrize("role", REQUIRED)
def test_each_required_role_is_sent_to_the_code_page_after_the_password(client, user_of, password, role):
    user = user_of(role)
    enrol_totp(user)
    password_step(client, "u1", password)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


@pytest.mark.parametrize("role", OPTIONAL)
def test_officers_liaisons_and_operators_need_no_code(client, user_of, password, role):
    user_of(role)
    password_step(client, "u1", password)
    assert client.get(reverse("home")).status_code == 200


def test_an_officer_who_enrolled_voluntarily_needs_the_code(client, user_of, password):
    enrol_totp(user_of(Role.TOWNSHIP_OFFICER))
    password_step(client, "u1", password)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:otp_verify"))


def test_unverified_session_opens_no_page_but_the_otp_pages_and_logout(client, user_of, password):
    enrol_totp(user_of(Role.STAFF))
    password_step(client, "u1", password)
    for url in ["/cases/", reverse("accounts:devices"), reverse("accounts:password_change"), "/admin/",
                reverse("accounts:otp_manage")]:
        assert client.get(url)["Location"].startswith(reverse("accounts:otp_verify")), url
    assert client.get(reverse("accounts:otp_verify")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_unverified_session_is_refused_by_the_api(client, user_of, password):
    enrol_totp(user_of(Role.STAFF))
    password_step(client, "u1", password)
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "动态口令" in response.json()["detail"]


def test_first_login_enrols_with_an_inline_qr_code_and_shows_ten_recovery_codes_once(client, user_of, password):
    staff = user_of(Role.STAFF)
    password_step(client, "u1", password, next_url="/cases/")
    response = client.get("/cases/")
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<?xml" not in html
    assert "data:image" not in html.split('class="otp-qr"')[1].split("</figure>")[0]  # inline, no request
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    from base64 import b32encode

    assert secret_from_setup_page(html) == b32encode(device.bin_key).decode().rstrip("=")
    done = enter(client, "accounts:otp_setup", totp_code(device), next_url="/cases/")
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert "data:text/plain" in done.content.decode()  # downloadable as text, stored nowhere else
    assert client.get("/cases/").status_code == 200
    staff.refresh_from_db()
    assert staff.otp_confirmed_at is not None
    assert AuditEvent.objects.filter(event_type="otp.enrolled", user=staff).count() == 1
    # Shown once: the device page tells how many are left, not which.
    manage = client.get(reverse("accounts:otp_manage")).content.decode()
    assert not any(code in manage for code in codes)


def test_a_wrong_enrolment_code_is_refused_next_to_the_field(client, user_of, password):
    user_of(Role.STAFF)
    password_step(client, "u1", password)
    client.get(reverse("accounts:otp_setup"))
    response = enter(client, "accounts:otp_setup", "000000")
    assert response.status_code == 400
    assert response.context["form"].errors["otp_token"]
    assert "动态口令" in response.content.decode() or "口令" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_right_code_verifies_the_session_and_is_audited(client, user_of, password):
    staff = user_of(Role.STAFF)
    device = enrol_totp(staff)
    password_step(client, "u1", password)
    response = enter(client, "accounts:otp_verify", totp_code(device), next_url="/cases/")
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(event_type="otp.verified", user=staff).exists()


def test_a_code_works_only_once(client, user_of, password):
    device = enrol_totp(user_of(Role.STAFF))
    code = totp_code(device)
    password_step(client, "u1", password)
    assert enter(client, "accounts:otp_verify", code).status_code == 302
    other = type(client)()
    password_step(other, "u1", password)
    assert enter(other, "accounts:otp_verify", code).status_code == 400


def test_a_wrong_code_is_refused_audited_and_counted_towards_the_lockout(client, user_of, password):
    staff = user_of(Role.STAFF)
    enrol_totp(staff)
    password_step(client, "u1", password)
    response = enter(client, "accounts:otp_verify", "123456")
    assert response.status_code == 400
    assert "锁定" in response.context["form"].errors["otp_token"][0]
    event = AuditEvent.objects.get(event_type="otp.failed")
    assert (event.user, event.outcome) == (staff, "failure")
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="u1").failures_since_start == 1


def test_five_wrong_codes_lock_the_account_and_end_the_session(client, user_of, password):
    device = enrol_totp(user_of(Role.STAFF))
    password_step(client, "u1", password)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert enter(client, "accounts:otp_verify", "123456").status_code == 400
    response = enter(client, "accounts:otp_verify", "123456")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Locked: neither the password nor a right code gets in now.
    assert password_step(client, "u1", password).status_code == 429
    assert enter(client, "accounts:otp_verify", totp_code(device)).status_code == 302  # to the login page
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_a_recovery_code_works_once_and_is_consumed(client, user_of, password):
    staff = user_of(Role.STAFF)
    enrol_totp(staff)
    codes = otp.regenerate_recovery_codes(user=staff)
    password_step(client, "u1", password)
    assert enter(client, "accounts:otp_verify", codes[0]).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    assert AuditEvent.objects.filter(event_type="otp.recovery_code_used", user=staff).exists()
    again = type(client)()
    password_step(again, "u1", password)
    assert enter(again, "accounts:otp_verify", codes[0]).status_code == 400


@pytest.mark.real_otp
def test_regenerating_recovery_codes_replaces_the_old_ones(client, user_of):
    staff = user_of(Role.TOWNSHIP_OFFICER)
    enrol_totp(staff)
    old = otp.regenerate_recovery_codes(user=staff)
    staff.refresh_from_db()
    client.force_login(staff)
    session = client.session
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=staff).persistent_id
    session[otp.STAMP_SESSION_KEY] = otp.stamp(staff)
    session.save()
    response = client.post(reverse("accounts:otp_recovery_codes"))
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert AuditEvent.objects.filter(event_type="otp.recovery_codes_regenerated").exists()


@pytest.mark.real_otp
def test_test_client_logins_are_not_verified_under_real_otp(client, user_of):
    client.force_login(user_of(Role.STAFF))
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:otp_setup"))


def test_test_client_logins_stand_for_a_finished_login(client, user_of):
    client.force_login(user_of(Role.LEADER))
    assert client.get(reverse("home")).status_code == 200


def test_the_administrator_resets_a_users_device_and_their_sessions_end(client, user_of, make_user, password):
    staff = user_of(Role.STAFF)
    device = enrol_totp(staff)
    password_step(client, "u1", password)
    enter(client, "accounts:otp_verify", totp_code(device))
    assert client.get(reverse("home")).status_code == 200
    admin_user = make_user(Role.SECURITY_ADMIN, username="secadmin")
    otp.reset(actor=admin_user, user=staff, reason="lost phone")
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:otp_setup"))
    event = AuditEvent.objects.get(event_type="otp.reset")
    assert (event.user, event.detail["owner"]) == (admin_user, "u1")


@pytest.mark.parametrize("role", [Role.LEADER, Role.ADMIN, Role.AUDITOR])
def test_only_the_security_administrator_may_reset_a_device(user_of, make_user, role):
    from django.core.exceptions import PermissionDenied

    staff = user_of(Role.STAFF)
    enrol_totp(staff)
    with pytest.raises(PermissionDenied):
        otp.reset(actor=make_user(role, username="boss"), user=staff)
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_the_admin_action_resets_the_selected_users(user_of, make_user):
    from django.contrib.messages.storage.fallback import FallbackStorage

    staff = user_of(Role.STAFF)
    enrol_totp(staff)
    request = RequestFactory().post("/admin/accounts/user/")
    request.user = make_user(Role.SECURITY_ADMIN, username="secadmin")
    request.session = {}
    request._messages = FallbackStorage(request)
    admin.site._registry[User].reset_two_factor(request, User.objects.filter(pk=staff.pk))
    staff.refresh_from_db()
    assert staff.otp_confirmed_at is None and not TOTPDevice.objects.filter(user=staff).exists()


# The API token endpoint (PDA clients): the code in `otp_token` for the same roles.

def token(body):
    return APIClient().post(reverse("api:auth-token"), body, format="json")


def test_token_without_the_code_is_a_400_naming_otp_token_and_counted(user_of, password):
    enrol_totp(user_of(Role.STAFF))
    response = token({"username": "u1", "password": password})
    assert response.status_code == 400
    assert "动态口令" in response.json()["otp_token"][0]
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="u1").failures_since_start == 1


def test_token_with_a_wrong_code_is_a_400_and_five_lock_the_account(user_of, password):
    device = enrol_totp(user_of(Role.DISTRICT_REVIEWER))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token({"username": "u1", "password": password, "otp_token": "000000"}).status_code == 400
    assert token({"username": "u1", "password": password, "otp_token": "000000"}).status_code == 429
    assert token({"username": "u1", "password": password, "otp_token": totp_code(device)}).status_code in (401, 429)


def test_token_with_the_right_code_is_issued_and_token_requests_are_not_asked_again(user_of, password):
    device = enrol_totp(user_of(Role.LEADER))
    response = token({"username": "u1", "password": password, "otp_token": totp_code(device)})
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").status_code == 200


def test_token_for_an_officer_needs_no_code(user_of, password):
    user_of(Role.TOWNSHIP_OFFICER)
    assert token({"username": "u1", "password": password}).status_code == 200


def test_token_for_a_required_role_without_a_device_says_to_enrol_on_the_site(user_of, password):
    user_of(Role.STAFF)
    response = token({"username": "u1", "password": password, "otp_token": "123456"})
    assert response.status_code == 400 and "otp_token" in response.json()


def test_the_schema_documents_otp_token(client, user_of):
    client.force_login(user_of(Role.STAFF))
    schema = client.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    body = schema["paths"]["/api/v1/auth/token/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    props = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["properties"]
    assert "otp_token" in props and "OTP_REQUIRED_ROLES" in props["otp_token"]["description"]
