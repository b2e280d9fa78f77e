"""三员分立 (SECURITY §1, §6): the system, security and audit administrators have disjoint powers, and daily
account administration happens in the app's own pages and API, without a Django superuser."""

from django.urls import reverse

import pytest

from enforcement.accounts import access, services
from enforcement.accounts.models import DeviceToken, Role, User
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    """The login page (django-axes needs the request): True when it signs the user in."""
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def admin(users):
    return users[Role.ADMIN]


@pytest.fixture
def security(users):
    return users[Role.SECURITY_ADMIN]


@pytest.fixture
def officer(users):
    return users[Role.TOWNSHIP_OFFICER]


# ---------------------------------------------------------------------------------------------- disjoint powers
def test_the_three_administrators_hold_disjoint_permissions():
    held = {role: {name for name, roles in access.PERMISSIONS.items() if role in roles}
            for role in (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR)}
    assert held[Role.AUDITOR] == {"audit.view"}
    assert held[Role.SECURITY_ADMIN] == {"accounts.view", "accounts.security", "accounts.otp_reset"}
    assert "audit.view" not in held[Role.ADMIN] and "accounts.security" not in held[Role.ADMIN]
    assert held[Role.ADMIN] & held[Role.SECURITY_ADMIN] == {"accounts.view"}


def test_system_administrator_cannot_assign_roles_unlock_or_reset(admin, officer):
    for act in (lambda: services.user_assign(actor=admin, user=officer, role=Role.LEADER),
                lambda: services.user_lock(actor=admin, user=officer, reason="x"),
                lambda: services.user_unlock(actor=admin, user=officer),
                lambda: services.user_reset_password(actor=admin, user=officer)):
        with pytest.raises(access.PermissionDenied):
            act()
    officer.refresh_from_db()
    assert officer.role == Role.TOWNSHIP_OFFICER and officer.locked_at is None


def test_security_administrator_cannot_create_or_deactivate_accounts(security, officer):
    with pytest.raises(access.PermissionDenied):
        services.user_create(actor=security, username="newbie")
    with pytest.raises(access.PermissionDenied):
        services.user_deactivate(actor=security, user=officer)
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECURITY_ADMIN])
def test_neither_the_system_nor_the_security_administrator_reads_the_audit_log(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("audit:list")).status_code == 403


def test_auditor_reads_no_accounts_and_changes_nothing(client, users, officer):
    auditor = users[Role.AUDITOR]
    client.force_login(auditor)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_lock", args=[officer.pk]), {"reason": "x"}).status_code == 403
    assert not access.scope(User.objects.all(), auditor).exists()


def test_security_administrator_sees_no_business_data(security, township):
    from cases.models import Case
    from cases.tests.factories import CaseFactory

    CaseFactory(township=township)
    assert not access.scope(Case.objects.all(), security).exists()
    assert not access.can(security, "case.view") and not access.can(security, "org.view")


# ---------------------------------------------------------------------------------------------- account life
def test_system_administrator_creates_an_account_without_role_or_password(client, admin):
    client.force_login(admin)
    response = client.post(reverse("accounts:user_create"), {"username": "zhang_san", "display_name": "张三"})
    user = User.objects.get(username="zhang_san")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.role == "" and not user.has_usable_password()
    assert AuditEvent.objects.filter(event_type="accounts.user_created", object_id=str(user.pk),
                                     username=admin.username).exists()


def test_a_duplicate_user_name_is_refused_next_to_the_field(client, admin, officer):
    client.force_login(admin)
    response = client.post(reverse("accounts:user_create"), {"username": officer.username})
    assert response.status_code == 400
    assert response.context["form"].errors["username"]


def test_security_administrator_assigns_role_and_township(client, security, township):
    user = User.objects.create(username="li_si")
    client.force_login(security)
    response = client.post(reverse("accounts:user_assign", args=[user.pk]),
                           {"role": Role.TOWNSHIP_OFFICER, "township": township.code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.role, user.township) == (Role.TOWNSHIP_OFFICER, township)
    event = AuditEvent.objects.get(event_type="accounts.role_changed", object_id=str(user.pk))
    assert event.detail["after"] == {"role": "township_officer", "township": township.code, "department": None}


def test_a_township_role_without_a_township_is_refused_next_to_the_field(client, security):
    user = User.objects.create(username="wang_wu")
    client.force_login(security)
    response = client.post(reverse("accounts:user_assign", args=[user.pk]), {"role": Role.TOWNSHIP_OFFICER})
    assert response.status_code == 400
    assert response.context["assign_form"].errors["township"]
    user.refresh_from_db()
    assert user.role == ""


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR])
def test_the_administrator_roles_are_not_assignable_in_the_app(security, officer, role):
    with pytest.raises(services.ValidationError):
        services.user_assign(actor=security, user=officer, role=role)
    officer.refresh_from_db()
    assert officer.role == Role.TOWNSHIP_OFFICER


def test_nobody_administers_their_own_account(security, admin):
    with pytest.raises(access.PermissionDenied):
        services.user_lock(actor=security, user=security, reason="test")
    with pytest.raises(access.PermissionDenied):
        services.user_deactivate(actor=admin, user=admin)


def test_a_locked_account_cannot_log_in_keep_its_session_or_use_its_token(client, security, officer, password):
    key, _token = services.device_token_issue(user=officer, device_name="PDA")
    other = type(client)()
    other.force_login(officer)
    services.user_lock(actor=security, user=officer, reason="lost phone")
    assert not _login(client, officer.username, password)
    assert other.get(reverse("cases:list")).status_code == 302  # the open session is signed out
    api = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 401
    assert not DeviceToken.objects.usable().filter(user=officer).exists()
    assert AuditEvent.objects.filter(event_type="accounts.user_locked", object_id=str(officer.pk)).exists()


def test_unlock_lifts_the_lock_and_the_failed_login_lockout(client, security, officer, password):
    from axes.models import AccessAttempt

    services.user_lock(actor=security, user=officer, reason="test")
    AccessAttempt.objects.create(username=officer.username, ip_address="127.0.0.1", user_agent="t",
                                 failures_since_start=5, get_data="", post_data="", http_accept="",
                                 path_info="/accounts/login/")
    client.force_login(security)
    assert client.post(reverse("accounts:user_unlock", args=[officer.pk])).status_code == 302
    officer.refresh_from_db()
    assert officer.locked_at is None and not AccessAttempt.objects.filter(username=officer.username).exists()
    assert _login(type(client)(), officer.username, password)


def test_reset_password_issues_a_temporary_password_to_change_at_next_login(client, security, officer):
    user, temporary = services.user_reset_password(actor=security, user=officer)
    assert user.check_password(temporary) and user.password_expired()
    assert _login(client, officer.username, temporary)
    assert client.get(reverse("cases:list")).url == reverse("accounts:password_change")
    event = AuditEvent.objects.get(event_type="accounts.password_reset", object_id=str(officer.pk))
    assert temporary not in str(event.detail)


def test_system_administrator_deactivates_on_the_page(client, admin, officer):
    client.force_login(admin)
    response = client.post(reverse("accounts:user_deactivate", args=[officer.pk]), {"reason": "离职"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active


def test_deactivation_needs_a_reason_next_to_the_field(client, admin, officer):
    client.force_login(admin)
    response = client.post(reverse("accounts:user_deactivate", args=[officer.pk]), {"reason": ""})
    assert response.status_code == 400 and response.context["deactivate_form"].errors["reason"]
    officer.refresh_from_db()
    assert officer.is_active


# ---------------------------------------------------------------------------------------------- pages and API
@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECURITY_ADMIN])
def test_both_account_administrators_list_the_accounts(client, users, role):
    client.force_login(users[role])
    body = client.get(reverse("accounts:user_list")).content.decode()
    assert "officer_u" in body and "用户账号" in body


@pytest.mark.parametrize("role", [role for role in Role if role not in (Role.ADMIN, Role.SECURITY_ADMIN)])
def test_no_other_role_opens_the_account_pages(client, users, role, officer):
    client.force_login(users[role])
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_detail", args=[officer.pk])).status_code == 403


def test_account_list_query_count_is_constant(client, admin, make_user, django_assert_max_num_queries):
    client.force_login(admin)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:user_list"))
    for n in range(15):
        make_user(Role.STAFF, username=f"more{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:user_list"))


def test_security_desk_lists_accounts_waiting_for_a_role(client, security):
    User.objects.create(username="waiting_u")
    client.force_login(security)
    response = client.get("/")
    assert response.context["desk"]["desk"] == "security"
    assert "waiting_u" in response.content.decode()


def test_api_security_administrator_locks_and_assigns_with_json(client_for, security, officer, township):
    api = client_for(security)
    locked = api.post(f"/api/v1/users/{officer.pk}/lock/", {"reason": "lost phone"}, format="json")
    assert locked.status_code == 200 and locked.json()["locked"] is True
    assigned = api.post(f"/api/v1/users/{officer.pk}/assign/", {"role": "township_reviewer",
                                                                "township": township.code}, format="json")
    assert assigned.status_code == 200 and assigned.json()["role"] == "township_reviewer"


def test_api_reset_password_answers_no_store(client_for, security, officer):
    response = client_for(security).post(f"/api/v1/users/{officer.pk}/reset-password/", format="json")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    officer.refresh_from_db()
    assert officer.check_password(response.json()["temporary_password"])


def test_api_system_administrator_creates_but_cannot_assign(client_for, admin, officer):
    api = client_for(admin)
    created = api.post("/api/v1/users/", {"username": "zhao_liu"}, format="json")
    assert created.status_code == 201 and created.json()["role"] == ""
    refused = api.post(f"/api/v1/users/{officer.pk}/assign/", {"role": "leader"}, format="json")
    assert refused.status_code == 403


# ------------------------------------------------------------------------------- two-factor reset (lost phone)
@pytest.fixture
def enrolled(users):
    from enforcement.accounts.tests.factories import enrol_totp

    staff = users[Role.STAFF]
    enrol_totp(staff)
    staff.refresh_from_db()
    return staff


def test_security_administrator_resets_two_factor_on_the_account_page(client, security, enrolled):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(security)
    assert "重置两步验证" in client.get(reverse("accounts:user_detail", args=[enrolled.pk])).content.decode()
    response = client.post(reverse("accounts:user_otp_reset", args=[enrolled.pk]), {"reason": "手机遗失"})
    assert response.status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.otp_confirmed_at is None and not TOTPDevice.objects.filter(user=enrolled).exists()
    assert AuditEvent.objects.get(event_type="otp.reset").detail["reason"] == "手机遗失"


def test_a_reset_without_a_reason_is_refused_next_to_the_field(client, security, enrolled):
    client.force_login(security)
    response = client.post(reverse("accounts:user_otp_reset", args=[enrolled.pk]), {"reason": ""})
    assert response.status_code == 400 and response.context["otp_form"].errors["reason"]
    enrolled.refresh_from_db()
    assert enrolled.otp_confirmed_at is not None


def test_the_system_administrator_cannot_reset_two_factor(client, admin, enrolled):
    client.force_login(admin)
    assert client.post(reverse("accounts:user_otp_reset", args=[enrolled.pk]), {"reason": "x"}).status_code == 403
    enrolled.refresh_from_db()
    assert enrolled.otp_confirmed_at is not None


def test_nobody_resets_their_own_two_factor(client_for, security):
    from enforcement.accounts.tests.factories import enrol_totp

    enrol_totp(security)
    response = client_for(security).post(f"/api/v1/users/{security.pk}/reset-otp/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    security.refresh_from_db()
    assert security.otp_confirmed_at is not None


def test_api_security_administrator_resets_two_factor(client_for, security, enrolled):
    response = client_for(security).post(f"/api/v1/users/{enrolled.pk}/reset-otp/", {"reason": "换手机"},
                                         format="json")
    assert response.status_code == 200
    enrolled.refresh_from_db()
    assert enrolled.otp_confirmed_at is None
