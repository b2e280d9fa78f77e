"""SECURITY §16: no API request can ask for a whole table."""

from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from townships.models import Department

pytestmark = pytest.mark.django_db


def test_page_size_is_capped_at_200(users, client_for):
    Department.objects.bulk_create([Department(code=f"d{n:04d}", name=f"部门{n:04d}") for n in range(230)])
    response = client_for(users[Role.STAFF]).get(reverse("api:department-list"), {"page_size": 100000})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 200
    assert body["count"] >= 230 and body["next"]


def test_default_page_size_is_50(users, client_for):
    Department.objects.bulk_create([Department(code=f"d{n:04d}", name=f"部门{n:04d}") for n in range(60)])
    assert len(client_for(users[Role.STAFF]).get(reverse("api:department-list")).json()["results"]) == 50
