"""Idle session timeout (30 minutes, sliding) — SECURITY §4."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

import pytest

from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user, password):
    user = make_user(Role.STAFF, username="zhaoliu")
    assert client.post(reverse("accounts:login"), {"username": "zhaoliu", "password": password}).status_code == 302
    pass_second_factor(client, user)
    return client


def test_idle_timeout_is_30_minutes_and_refreshed_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_pushes_the_session_expiry_forward(logged_in):
    key = logged_in.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert logged_in.get(reverse("accounts:devices")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=29)


def test_a_session_idle_for_31_minutes_is_logged_out(logged_in):
    key = logged_in.session.session_key
    # What the database holds after 31 idle minutes: an expiry one minute in the past.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = logged_in.get(reverse("accounts:devices"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_session_cookie_is_httponly(logged_in):
    assert logged_in.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
