"""Idle session timeout (30 minutes, sliding, refreshed at most once a minute) — SECURITY §4."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import pass_second_factor
from enforcement.core.middleware import SessionRefreshMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user, password):
    user = make_user(Role.STAFF, username="zhaoliu")
    assert client.post(reverse("accounts:login"), {"username": "zhaoliu", "password": password}).status_code == 302
    pass_second_factor(client, user)
    return client


def test_idle_timeout_is_30_minutes_refreshed_at_most_once_a_minute():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60
    middleware = settings.MIDDLEWARE
    assert middleware.index("enforcement.core.middleware.SessionRefreshMiddleware") == middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware") + 1


def _idle_for(client, minutes):
    """What the database holds after `minutes` idle: the last refresh that long ago, the expiry 30 minutes after."""
    session = client.session
    session[SessionRefreshMiddleware.KEY] = int(time.time()) - minutes * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=30 - minutes))
    return session.session_key


def test_a_request_after_a_minute_idle_pushes_the_session_expiry_forward(logged_in):
    key = _idle_for(logged_in, 25)
    assert logged_in.get(reverse("accounts:devices")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=29)


def test_requests_within_a_minute_of_the_last_refresh_do_not_rewrite_the_session(logged_in):
    logged_in.get(reverse("accounts:devices"))  # refreshed now
    with CaptureQueriesContext(connection) as queries:
        assert logged_in.get(reverse("accounts:devices")).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE \"django_session\"")]


def test_the_expiry_is_never_later_than_the_idle_timeout_after_the_last_request(logged_in):
    key = _idle_for(logged_in, 0)
    expiry = Session.objects.get(session_key=key).expire_date
    logged_in.get(reverse("accounts:devices"))  # within the minute: not refreshed
    assert Session.objects.get(session_key=key).expire_date == expiry <= timezone.now() + timedelta(minutes=30)


def test_an_anonymous_visit_creates_no_session(client):
    client.get(reverse("accounts:login"))
    assert not Session.objects.exists()


def test_a_session_idle_for_31_minutes_is_logged_out(logged_in):
    key = logged_in.session.session_key
    # What the database holds after 31 idle minutes: an expiry one minute in the past.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = logged_in.get(reverse("accounts:devices"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_session_cookie_is_httponly(logged_in):
    assert logged_in.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
