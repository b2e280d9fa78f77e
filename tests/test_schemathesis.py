"""Property-based API run (SECURITY §17, issue 18 item 2): schemathesis over every operation of the OpenAPI
schema for three roles (a township officer's PDA token, bureau staff, a district reviewer), with a fixed seed
and example count so it stays bounded. Checks: no server error, and every response conforms to the schema.
"""

from datetime import date, timedelta

from django.core.wsgi import get_wsgi_application

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from enforcement.accounts.models import Role
from enforcement.accounts.services import device_token_issue

SEED = 20261201
MAX_EXAMPLES = 5
CONFIG = schemathesis.Config.from_dict({"seed": SEED, "phases": {"coverage": {"enabled": False},
                                                                  "stateful": {"enabled": False}}})
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)
APP = get_wsgi_application()
ROLES = [Role.TOWNSHIP_OFFICER, Role.STAFF, Role.DISTRICT_REVIEWER]


@pytest.fixture
def world(township, users):
    """A little of everything, so that lists and details have rows (with their nullable fields empty)."""
    from cases.tests.factories import CaseFactory
    from catalog.tests.factories import ItemFactory
    from townships.models import Empowerment
    from townships.tests.factories import OfficerFactory

    item = ItemFactory(code="330299000001")
    Empowerment.objects.create(township=township, item=item, valid_from=date.today() - timedelta(days=400))
    OfficerFactory(township=township, user=users[Role.TOWNSHIP_OFFICER])
    CaseFactory(township=township, item=item)
    return township


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """As Django's test client does: requests must not close the test transaction's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=ROLES, ids=lambda role: role.value)
def auth_headers(request, users, world, wsgi_keeps_the_test_connection):
    key, _token = device_token_issue(user=users[request.param], device_name="schemathesis")
    return {"Authorization": f"Token {key}"}


@SCHEMA.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_api_answers_without_server_errors_and_as_documented(case, auth_headers):
    case.call_and_validate(app=APP, headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])
