"""SECURITY §7-8: every /api/v1/ route is in the reviewed matrix, behaves as listed for every role, and
every API view scopes its queryset through `access.scope` (via ScopedQuerysetMixin)."""

import re
from unittest import mock

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import import_string

import pytest
from rest_framework.test import APIClient

from enforcement.accounts import access
from enforcement.accounts.models import Role
from enforcement.core.access_matrix import MATRIX, OBJECTS, PUBLIC, UNSCOPED_VIEWS
from enforcement.core.api import ScopedQuerysetMixin

API_PREFIX = "api/v1/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Object builders store documents and evidence files: in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path

IGNORED_METHODS = {"head", "options", "trace"}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _walk(entry.url_patterns, route, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else None, entry.callback


def _methods(callback):
    actions = getattr(callback, "actions", None)
    if actions:  # a ViewSet bound to {method: action}
        return {method.upper() for method in actions if method not in IGNORED_METHODS}
    cls = callback.cls
    return {method.upper() for method in cls.http_method_names
            if method not in IGNORED_METHODS and hasattr(cls, method)}


def api_routes():
    """{URL name: (view class, {methods}, takes URL arguments)} for everything served under /api/v1/."""
    routes = {}
    for route, name, callback in _walk(get_resolver().url_patterns):
        if not route.lstrip("^").startswith(API_PREFIX):
            continue
        assert name, f"API route {route} has no URL name: name it so it can be listed in access_matrix.py"
        cls = getattr(callback, "cls", None)
        assert cls is not None, f"API route {route} ({name}) is not a DRF view"
        takes_args = bool(_argument_names(route))
        _cls, methods, args = routes.get(name, (cls, set(), False))
        routes[name] = (cls, methods | _methods(callback), args or takes_args)
    return routes


def _argument_names(route):
    """URL arguments of a route (regex groups or path converters), the router's `format` suffix aside."""
    return (set(re.findall(r"\(\?P<(\w+)>", route)) | set(re.findall(r"<(?:\w+:)?(\w+)>", route))) - {"format"}


ROUTES = api_routes()


def test_the_api_has_routes():
    assert {"api:auth-token", "api:me"} <= set(ROUTES)


def test_every_api_view_scopes_its_queryset():
    offenders = sorted(f"{name} ({cls.__module__}.{cls.__qualname__})" for name, (cls, _m, _a) in ROUTES.items()
                       if name not in UNSCOPED_VIEWS and not issubclass(cls, ScopedQuerysetMixin))
    assert not offenders, ("API views that do not use ScopedQuerysetMixin (enforcement/core/api.py); use it, or "
                           f"justify them in UNSCOPED_VIEWS of enforcement/core/access_matrix.py: {offenders}")


def test_unscoped_allow_list_has_no_stale_names():
    assert set(UNSCOPED_VIEWS) <= set(ROUTES)


def test_every_served_route_and_method_is_in_the_matrix():
    served = {(name, method) for name, (_c, methods, _a) in ROUTES.items() for method in methods}
    listed = {(name, method) for name, methods in MATRIX.items() for method in methods}
    missing, stale = sorted(served - listed), sorted(listed - served)
    assert not missing, f"Unlisted API routes: add them to enforcement/core/access_matrix.py MATRIX: {missing}"
    assert not stale, f"MATRIX lists routes or methods that are not served: {stale}"


def test_every_route_with_arguments_has_an_object_builder():
    missing = sorted(name for name, (_c, _m, takes_args) in ROUTES.items() if takes_args and name not in OBJECTS)
    assert not missing, f"Routes with URL arguments need an OBJECTS entry in access_matrix.py: {missing}"
    assert set(OBJECTS) <= set(MATRIX), "OBJECTS lists routes that are not in MATRIX"


def test_public_entries_are_listed_in_the_matrix():
    assert all(method in MATRIX.get(name, {}) for name, method in PUBLIC)


ENTRIES = sorted((name, method) for name, methods in MATRIX.items() for method in methods)


def _url(name, township, department):
    kwargs = import_string(OBJECTS[name])(township=township, department=department) if name in OBJECTS else {}
    return reverse(name, kwargs=kwargs)


def _call(client, method, url):
    if method in {"GET", "DELETE"}:
        return getattr(client, method.lower())(url)
    return getattr(client, method.lower())(url, {}, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), ENTRIES, ids=[f"{n}-{m}" for n, m in ENTRIES])
def test_route_answers_each_role_as_the_matrix_says(name, method, users, township, department):
    allowed = MATRIX[name][method]
    wrong = []
    for role in Role:
        client = APIClient()
        client.force_authenticate(user=users[role])
        url = _url(name, township, department)
        with mock.patch.object(access, "scope", wraps=access.scope) as scope_spy:
            response = _call(client, method, url)
        if role in allowed and method == "GET" and name not in UNSCOPED_VIEWS and response.status_code == 200:
            assert scope_spy.called, f"GET {name} as {role.value} answered without going through access.scope"
        if role in allowed and response.status_code in (401, 403, 404, 405):
            wrong.append(f"{role.value}: {response.status_code}, expected access")
        elif role not in allowed and response.status_code not in (403, 404):
            wrong.append(f"{role.value}: {response.status_code}, expected 403/404")
        assert response.status_code < 500, f"{method} {name} as {role.value}: {response.status_code}"
    assert not wrong, f"{method} {name} disagrees with access_matrix.py: {wrong}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), ENTRIES, ids=[f"{n}-{m}" for n, m in ENTRIES])
def test_route_refuses_anonymous_unless_public(name, method, township, department):
    response = _call(APIClient(), method, _url(name, township, department))
    if (name, method) in PUBLIC:
        assert response.status_code not in (401, 403)
    else:
        assert response.status_code == 401, f"anonymous {method} {name}: {response.status_code}"


def _township_owned(name):
    """Routes whose object belongs to a township (its model's SCOPE names a township, not reference data)."""
    cls = ROUTES[name][0]
    model = getattr(getattr(cls, "queryset", None), "model", None)
    rule = getattr(model, "SCOPE", None)
    return rule is not None and rule.township is not None and not rule.reference


ISOLATION = sorted(name for name in OBJECTS
                   if name in ROUTES and "GET" in MATRIX.get(name, {}) and _township_owned(name))


def test_isolation_covers_township_owned_detail_routes():
    assert "api:officer-detail" in ISOLATION


@pytest.mark.django_db
@pytest.mark.parametrize("name", ISOLATION)
def test_township_and_department_bound_roles_get_404_for_another_townships_object(name, users, other_township):
    """SECURITY §7: an object of another township (and another department) is invisible: 404, never 200."""
    from townships.tests.factories import DepartmentFactory

    leaks = []
    for role in (Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.TOWNSHIP_COMMAND, Role.LIAISON):
        client = APIClient()
        client.force_authenticate(user=users[role])
        response = client.get(_url(name, other_township, DepartmentFactory(code=f"elsewhere{role.value[:8]}")))
        if response.status_code not in (403, 404):
            leaks.append(f"{role.value}: {response.status_code}")
    assert not leaks, f"GET {name} of another township's object: {leaks}"
