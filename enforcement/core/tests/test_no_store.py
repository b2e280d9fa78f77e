"""SECURITY §27: answers to a signed-in user carry `Cache-Control: no-store` (personal data never cached)."""

from django.urls import reverse

import pytest

from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(township):
    return CaseFactory(township=township)


def test_case_detail_page_is_not_stored(client, users, case):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.get(reverse("cases:detail", args=[case.code]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_case_detail_api_is_not_stored_for_a_token_client(api_client, users, case, password):
    user = users[Role.TOWNSHIP_OFFICER]
    token = api_client.post("/api/v1/auth/token/", {"username": user.username, "password": password,
                                                    "device_name": "PDA"}, format="json").json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api_client.get(f"/api/v1/cases/{case.code}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_unmask_answer_is_not_stored(client, users, case):
    client.force_login(users[Role.STAFF])
    response = client.post(reverse("cases:unmask", args=[case.code]), {"reason": "核对当事人身份"})
    assert response["Cache-Control"] == "no-store"


def test_catalogue_export_is_not_stored(client, users):
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("catalog:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_view_that_sets_its_own_caching_keeps_it(client, users):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.get("/m/sw.js")
    assert response["Cache-Control"] == "no-cache"


def test_a_public_page_for_anonymous_visitors_is_left_to_the_defaults(client):
    response = client.get("/planning/public/draws/")
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")
