"""User administration: role changes are audited (SECURITY §10)."""

from django.urls import reverse

import pytest

from enforcement.accounts.models import Role, User
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(Role.ADMIN, username="sysadmin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def change_form_data(user, **changes):
    data = {
        "username": user.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "display_name": user.display_name, "role": user.role, "township": user.township.pk if user.township else "",
        "department": user.department.pk if user.department else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_role_change_in_admin_is_audited(admin_client, make_user):
    target = make_user(Role.STAFF, username="target")
    response = admin_client.post(reverse("admin:accounts_user_change", args=[target.pk]),
                                 change_form_data(target, role=Role.LEADER))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=target.pk).role == Role.LEADER
    event = AuditEvent.objects.get(event_type="accounts.role_changed")
    assert (event.username, event.object_id, event.detail["role"]) == ("sysadmin", str(target.pk), "leader")


def test_township_role_without_a_township_is_refused_in_chinese(admin_client, make_user):
    target = make_user(Role.STAFF, username="target")
    response = admin_client.post(reverse("admin:accounts_user_change", args=[target.pk]),
                                 change_form_data(target, role=Role.TOWNSHIP_OFFICER))
    assert response.status_code == 200
    assert "乡镇角色必须指定所属乡镇" in response.content.decode()
    assert not AuditEvent.objects.filter(event_type="accounts.role_changed").exists()


def test_admin_can_revoke_a_device_token_with_the_admin_action(admin_client, make_user, password):
    from enforcement.accounts.models import DeviceToken
    from enforcement.accounts.services import device_token_issue

    owner = make_user(Role.STAFF, username="owner")
    _key, token = device_token_issue(user=owner, device_name="PDA")
    response = admin_client.post(reverse("admin:accounts_devicetoken_changelist"),
                                 {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert DeviceToken.objects.get(pk=token.pk).revoked_at is not None


def test_granting_superuser_in_admin_is_audited_as_a_role_change(admin_client, make_user):
    target = make_user(Role.STAFF, username="target")
    response = admin_client.post(reverse("admin:accounts_user_change", args=[target.pk]),
                                 change_form_data(target, is_superuser="on"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(event_type="accounts.role_changed")
    assert "is_superuser" in event.detail["changed"]
