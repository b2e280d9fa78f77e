"""The phone sends where a case was recorded (WGS-84, when the officer allows it); ranges are checked."""

from datetime import date

import pytest

from cases.models import Case
from enforcement.accounts.models import Role

from .factories import CITIZEN_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def payload(item, empower, officers):
    empower(item)
    return {"procedure": "simple", "item": item.code, "party_type": "citizen", "party_name": "王五",
            "party_id_number": CITIZEN_ID, "location": "人民路", "facts": "占道经营",
            "violation_date": date.today().isoformat(), "officers": [o.employee_number for o in officers],
            "penalty_kinds": ["fine"], "fine": "100"}


def test_the_position_is_stored_and_shown(client_for, users, payload):
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post(
        "/api/v1/cases/", {**payload, "latitude": "29.805123", "longitude": "121.505456"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["latitude"], response.json()["longitude"]) == ("29.805123", "121.505456")
    assert str(Case.objects.get().latitude) == "29.805123"


@pytest.mark.parametrize("extra, field", [({"latitude": "-91", "longitude": "121.5"}, "latitude"),
                                          ({"longitude": "121.5"}, "latitude"),
                                          ({"latitude": "29.8", "longitude": "NaN"}, "longitude")])
def test_out_of_range_or_half_positions_are_refused_in_chinese(client_for, users, payload, extra, field):
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/cases/", {**payload, **extra}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Case.objects.exists()
