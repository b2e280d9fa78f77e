"""The phone sends where an inspection was made (WGS-84, when the officer allows it); ranges are checked."""

import pytest

from planning.models import Inspection

from .test_api import BASE, _payload

pytestmark = pytest.mark.django_db


def test_the_position_is_stored_with_the_inspection(world, two_tasks, client_for):
    response = client_for(world["officer_user"]).post(
        f"{BASE}/inspections/", _payload(world, two_tasks[0], latitude="29.805123", longitude="121.505456"),
        format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["latitude"] == "29.805123"
    inspection = Inspection.objects.get(code=response.json()["code"])
    assert (str(inspection.latitude), str(inspection.longitude)) == ("29.805123", "121.505456")


@pytest.mark.parametrize("extra, field", [({"latitude": "95", "longitude": "121.5"}, "latitude"),
                                          ({"latitude": "29.8"}, "latitude"),
                                          ({"latitude": "29.8", "longitude": "181"}, "longitude")])
def test_out_of_range_or_half_positions_are_refused(world, two_tasks, client_for, extra, field):
    response = client_for(world["officer_user"]).post(f"{BASE}/inspections/", _payload(world, two_tasks[0], **extra),
                                                      format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Inspection.objects.exists()


def test_without_a_position_the_inspection_is_recorded_without_one(world, two_tasks, client_for):
    response = client_for(world["officer_user"]).post(f"{BASE}/inspections/", _payload(world, two_tasks[0]),
                                                      format="json")
    assert response.status_code == 201 and response.json()["latitude"] is None
