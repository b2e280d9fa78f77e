"""Password rules, change, 90-day expiry and Argon2 (SECURITY §2)."""

from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from enforcement.accounts.models import Role, User
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, username="wangwu", display_name="王五")


def rejected_codes(password, user=None):
    with pytest.raises(ValidationError) as info:
        validate_password(password, user)
    return {error.code for error in info.value.error_list}


def test_password_shorter_than_8_is_refused():
    assert "password_too_short" in rejected_codes("Ab1!xyz")


def test_password_with_two_character_classes_is_refused():
    assert "password_too_simple" in rejected_codes("onlylowercase99")


def test_common_password_is_refused():
    assert "password_too_common" in rejected_codes("Password1")


def test_password_similar_to_username_is_refused(staff):
    assert "password_too_similar" in rejected_codes("Wangwu@2026", staff)


def test_password_with_three_classes_and_8_characters_is_accepted(staff):
    validate_password("Tq7#mzpw", staff)


def test_character_class_message_is_chinese(staff):
    with pytest.raises(ValidationError) as info:
        validate_password("onlylowercase99", staff)
    assert any("密码必须至少包含" in message for message in info.value.messages)


def change(user, new):
    validate_password(new, user)
    user.set_password(new)
    user.save()


def test_the_last_five_passwords_cannot_be_reused(staff):
    passwords = [f"Seq{n}#pwKq" for n in range(1, 6)]
    for new in passwords:
        change(staff, new)
    # current is Seq5; Seq1..Seq4 are in the last five (with Seq5 itself)
    for old in passwords:
        assert "password_reused" in rejected_codes(old, staff)


def test_a_password_six_changes_ago_may_be_used_again(staff):
    passwords = [f"Seq{n}#pwKq" for n in range(1, 7)]
    for new in passwords:
        change(staff, new)
    validate_password("Seq1#pwKq", staff)
    assert staff.password_history.count() == 5


def test_setting_a_password_stamps_password_changed_at_on_the_instance_and_row(staff):
    staff.password_changed_at = None
    change(staff, "Fresh#Pass42")
    assert staff.password_changed_at is not None
    staff.refresh_from_db()
    assert timezone.now() - staff.password_changed_at < timedelta(minutes=1)


def test_password_change_page_changes_password_and_is_audited(client, staff, password):
    client.force_login(staff)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": password, "new_password1": "Neu#Pass2026", "new_password2": "Neu#Pass2026"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Neu#Pass2026")
    assert AuditEvent.objects.filter(event_type="auth.password_changed", user=staff).exists()
    # the session survives the change (update_session_auth_hash)
    assert client.get(reverse("accounts:devices")).status_code == 200


def test_password_change_page_shows_rule_errors_in_chinese_next_to_the_field(client, staff, password):
    client.force_login(staff)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": password, "new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "密码必须至少包含" in html
    assert "修改密码" in html
    staff.refresh_from_db()
    assert staff.check_password(password)


def test_wrong_current_password_is_refused_in_chinese(client, staff):
    client.force_login(staff)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": "nope", "new_password1": "Neu#Pass2026", "new_password2": "Neu#Pass2026"})
    assert "当前密码输入错误" in response.content.decode()


def expire(user, days=91):
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=days))


def test_expired_password_redirects_every_page_to_the_change_page(client, staff):
    expire(staff)
    client.force_login(staff)
    response = client.get(reverse("accounts:devices"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_password_89_days_old_is_not_expired(client, staff):
    expire(staff, days=89)
    client.force_login(staff)
    assert client.get(reverse("accounts:devices")).status_code == 200


def test_changing_an_expired_password_restores_access(client, staff, password):
    expire(staff)
    client.force_login(staff)
    client.post(reverse("accounts:password_change"),
                {"old_password": password, "new_password1": "Neu#Pass2026", "new_password2": "Neu#Pass2026"})
    assert client.get(reverse("accounts:devices")).status_code == 200


def test_expired_password_gets_no_device_token(api_client, staff, password):
    expire(staff)
    response = api_client.post(reverse("api:auth-token"), {"username": "wangwu", "password": password}, format="json")
    assert response.status_code == 403
    assert "密码已过期" in response.json()["detail"]


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_argon2_hashes_and_verifies():
    # Production's PASSWORD_HASHERS starts with Argon2 (tests/test_deploy_settings.py checks that list).
    encoded = make_password("Tq7#mzpw")
    assert encoded.startswith("argon2$")
    assert check_password("Tq7#mzpw", encoded)


def test_the_initial_password_of_a_created_account_joins_the_history():
    user = User.objects.create_user(username="newcomer", password="Initial#2026pw", role=Role.STAFF)
    assert user.password_history.count() == 1
    user.set_password("Second#2026pw")
    user.save()
    assert "password_reused" in rejected_codes("Initial#2026pw", user)


def test_an_account_set_with_set_password_has_its_initial_password_once_in_the_history():
    user = User(username="newcomer", role=Role.STAFF)
    user.set_password("Initial#2026pw")
    user.save()
    assert user.password_history.count() == 1


def test_an_account_without_a_usable_password_has_no_history():
    user = User.objects.create_user(username="sso", password=None, role=Role.STAFF)
    assert user.password_history.count() == 0
