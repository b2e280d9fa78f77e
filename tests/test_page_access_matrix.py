"""SECURITY §6-8 for pages: every page route is in the reviewed matrix (enforcement/core/page_matrix.py), answers
every role as listed, refuses without writing, and the menu shows each role only pages it may open."""

import inspect
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.module_loading import import_string

import pytest

from enforcement.accounts import access
from enforcement.accounts.models import Role, User
from enforcement.core.access_matrix import ALL_ROLES
from enforcement.core.page_matrix import PAGE_MATRIX, PAGE_OBJECTS, PUBLIC_PAGES
from tests.test_pages_need_login import PAGES

ROUTES = dict(PAGES)  # URL name -> {argument: converter}
# Writes a refused request may make: the session (its idle timer and messages) is the visitor's own state.
OWN_STATE_TABLES = {"django_session"}
# Pages whose allowed answer is the login page: signing out.
TO_LOGIN = {"accounts:logout"}
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Object builders store documents, photos and reports: in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path


def test_every_page_route_is_listed_and_every_listed_one_exists():
    served, listed = set(ROUTES), set(PAGE_MATRIX) | set(PUBLIC_PAGES)
    assert not sorted(served - listed), ("Unlisted pages: add them to PAGE_MATRIX (or PUBLIC_PAGES, with the "
                                         f"reason) in enforcement/core/page_matrix.py: {sorted(served - listed)}")
    assert not sorted(listed - served), f"page_matrix.py lists pages that are not served: {sorted(listed - served)}"
    assert not set(PAGE_MATRIX) & set(PUBLIC_PAGES), "a page is either public or in the matrix, not both"


def test_the_matrix_lists_get_and_post_of_known_roles():
    odd = [(name, method) for name, methods in PAGE_MATRIX.items() for method, roles in methods.items()
           if method not in {"GET", "POST"} or not roles <= ALL_ROLES]
    assert not odd, odd


def test_every_page_with_arguments_has_an_object_builder():
    missing = sorted(name for name in PAGE_MATRIX if ROUTES.get(name) and name not in PAGE_OBJECTS)
    assert not missing, f"Pages with URL arguments need a PAGE_OBJECTS entry in page_matrix.py: {missing}"
    assert set(PAGE_OBJECTS) <= set(PAGE_MATRIX), "PAGE_OBJECTS lists pages that are not in PAGE_MATRIX"


# The links of the page frame (templates/base.html) every signed-in user sees.
FRAME_LINKS = {"home": "GET", "accounts:devices": "GET", "accounts:otp_manage": "GET",
               "accounts:password_change": "GET", "accounts:logout": "POST"}


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_the_menu_shows_a_role_only_pages_it_may_open(role):
    user = User(username=f"menu_{role.value}", role=role, is_active=True)
    shown = {item["name"]: "GET" for item in access.navigation_for(user)} | FRAME_LINKS
    refused = sorted(name for name, method in shown.items() if role not in PAGE_MATRIX.get(name, {}).get(method, ()))
    assert not refused, f"the menu of {role.value} links pages its role may not open: {refused}"


def _url(name, township, department, user):
    kwargs = {}
    if name in PAGE_OBJECTS:
        builder = import_string(PAGE_OBJECTS[name])
        extra = {"user": user} if "user" in inspect.signature(builder).parameters else {}
        kwargs = builder(township=township, department=department, **extra)
    query = kwargs.pop("_query", "")
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{query}" if query else url


def _writes(queries):
    tables = set()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in OWN_STATE_TABLES:
            tables.add(match.group(2))
    return sorted(tables)


@pytest.fixture
def clients(users):
    """One signed-in client per role (township roles in `township`, the liaison in `department`)."""
    logged_in = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        logged_in[role] = client
    return logged_in


ENTRIES = sorted((name, method) for name, methods in PAGE_MATRIX.items() for method in methods)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), ENTRIES, ids=[f"{n}-{m}" for n, m in ENTRIES])
def test_page_answers_each_role_as_the_matrix_says(name, method, users, clients, township, department):
    allowed = PAGE_MATRIX[name][method]
    login = reverse("accounts:login")
    wrong = []
    for role in Role:
        url = _url(name, township, department, users[role])
        with CaptureQueriesContext(connection) as queries:
            response = clients[role].get(url) if method == "GET" else clients[role].post(url, {})
        status = response.status_code
        assert status < 500, f"{method} {name} as {role.value}: {status}"
        to_login = status == 302 and response["Location"].startswith(login) and name not in TO_LOGIN
        if role in allowed:
            if method == "GET" and not (status == 200 or (status == 302 and not to_login)):
                wrong.append(f"{role.value}: {status}{' to the login page' if to_login else ''}, expected access")
            elif method == "POST" and (status in (401, 403, 404, 405) or to_login):
                wrong.append(f"{role.value}: {status}, expected access")
        else:
            if status not in (403, 404):
                wrong.append(f"{role.value}: {status}, expected 403/404")
            elif written := _writes(queries.captured_queries):
                wrong.append(f"{role.value}: refused but wrote to {written}")
    assert not wrong, f"{method} {name} disagrees with page_matrix.py: {wrong}"


ACTIONS = sorted(name for name, methods in PAGE_MATRIX.items() if "GET" not in methods)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIONS)
def test_an_action_route_answers_get_with_405(name, users, clients, township, department):
    role = next(iter(sorted(PAGE_MATRIX[name]["POST"])))
    response = clients[role].get(_url(name, township, department, users[role]))
    assert response.status_code == 405, f"GET {name} as {role.value}: {response.status_code}"


@pytest.mark.django_db
def test_the_write_check_sees_a_write():
    from townships.tests.factories import TownshipFactory

    with CaptureQueriesContext(connection) as queries:
        TownshipFactory(code="written")
    assert "townships_township" in _writes(queries.captured_queries)


def test_access_matrix_command_prints_the_pages_with_pages():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("access_matrix", "--pages", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if line.startswith("| `")]
    assert len(rows) == len(ENTRIES)
    auditor_column = list(Role).index(Role.AUDITOR)
    audit_row = next(row for row in rows if row.startswith("| `audit:list` | GET |"))
    assert audit_row.split(" | ")[2:-1][auditor_column] == "✓"
    assert "- `accounts:login`: the login page itself" in out.getvalue()
