"""Project-wide fixtures: one user per role, API clients, and Playwright on Debian's Chromium."""

import os
import shutil

import pytest
from rest_framework.test import APIClient

from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import TEST_PASSWORD, UserFactory
from townships.tests.factories import DepartmentFactory, TownshipFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Let transactional tests empty the append-only audit table between tests (PostgreSQL only)."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'ALTER DATABASE "{connection.settings_dict["NAME"]}" SET audit.allow_truncate = on')
                cursor.execute("SET audit.allow_truncate = on")


@pytest.fixture(autouse=True)
def _test_logins_pass_the_second_factor(request, monkeypatch):
    """`client.login()` / `force_login()` in tests stand for a finished login: for a user who needs the second
    factor (SECURITY §5) the session is also verified, with a confirmed device of a known key, as if the code had
    been entered. The OTP middleware and checks stay on everywhere; logins through the login page (browser
    tests, tests of the login) go through the real second factor. A test of the second factor itself that logs
    in with the test client marks itself `@pytest.mark.real_otp`."""
    if request.node.get_closest_marker("real_otp"):
        return
    from django.test.client import ClientMixin

    from enforcement.accounts.tests.factories import verify_test_session

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        verify_test_session(self, user)

    monkeypatch.setattr(ClientMixin, "_login", _login)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not executable:
        raise RuntimeError("Chromium is not installed: run `make test`, which installs Debian's chromium package.")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def township(db):
    return TownshipFactory(code="east", name="东城街道")


@pytest.fixture
def other_township(db):
    return TownshipFactory(code="west", name="西山镇")


@pytest.fixture
def department(db):
    return DepartmentFactory(code="market", name="市场监督管理局")


@pytest.fixture
def make_user(db):
    def make(role, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def users(make_user, township, department):
    """One user for every role; township roles belong to `township`."""
    return {
        Role.ADMIN: make_user(Role.ADMIN, username="admin_u"),
        Role.SECURITY_ADMIN: make_user(Role.SECURITY_ADMIN, username="security_u"),
        Role.AUDITOR: make_user(Role.AUDITOR, username="auditor_u"),
        Role.STAFF: make_user(Role.STAFF, username="staff_u"),
        Role.TOWNSHIP_OFFICER: make_user(Role.TOWNSHIP_OFFICER, username="officer_u", township=township),
        Role.TOWNSHIP_REVIEWER: make_user(Role.TOWNSHIP_REVIEWER, username="treviewer_u", township=township),
        Role.DISTRICT_REVIEWER: make_user(Role.DISTRICT_REVIEWER, username="dreviewer_u"),
        Role.LEADER: make_user(Role.LEADER, username="leader_u"),
        Role.LIAISON: make_user(Role.LIAISON, username="liaison_u", department=department),
        Role.COMMAND: make_user(Role.COMMAND, username="command_u"),
        Role.TOWNSHIP_COMMAND: make_user(Role.TOWNSHIP_COMMAND, username="tcommand_u", township=township),
    }


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_for():
    """An API client logged in (session) as the given user."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make
