"""GeoJSON import/export of outlines: page (bureau staff), API (JSON body), audit, all-or-nothing."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships.models import Zone
from townships.tests.factories import ZoneFactory

from .conftest import square

pytestmark = pytest.mark.django_db


def collection(**geometries):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code}, "geometry": g} for code, g in geometries.items()]}


@pytest.fixture
def plain(township):
    return ZoneFactory(township=township, code="plain-01", name="平原片区")


def upload(client, payload, kind="zone", system="wgs84"):
    raw = json.dumps(payload).encode()
    return client.post(reverse("geo:boundaries"), {"kind": kind, "coordinate_system": system,
                                                   "file": SimpleUploadedFile("z.geojson", raw)})


def test_staff_upload_sets_the_outline_and_is_audited(client, users, plain):
    client.force_login(users[Role.STAFF])
    response = upload(client, collection(**{"plain-01": square(121.5, 29.8)}))
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.boundary["type"] == "Polygon"
    assert AuditEvent.objects.filter(event_type="geo.boundaries_import").exists()


def test_one_bad_feature_changes_nothing_and_the_error_is_next_to_the_file(client, users, plain, east):
    client.force_login(users[Role.STAFF])
    before = Zone.objects.get(pk=east.pk).boundary
    response = upload(client, collection(**{"east-01": square(121.6, 29.8), "nobody": square(121.7, 29.8)}))
    assert response.status_code == 200
    assert "片区代码“nobody”" in response.content.decode()
    assert Zone.objects.get(pk=east.pk).boundary == before


def test_township_users_cannot_upload(client, users, plain):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    assert upload(client, collection(**{"plain-01": square(121.5, 29.8)})).status_code == 403
    assert client.get(reverse("geo:boundaries")).status_code == 200  # download stays


def test_download_round_trips_through_the_upload(client, users, east):
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("geo:boundaries_download", args=["zone"]))
    assert response["Content-Type"] == "application/geo+json"
    exported = json.loads(response.content)
    assert exported["features"][0]["properties"]["code"] == "east-01"
    assert upload(client, exported).status_code == 302
    assert Zone.objects.get(pk=east.pk).boundary == east.boundary


def test_api_import_takes_a_json_body(client_for, users, plain):
    client = client_for(users[Role.STAFF])
    response = client.post(reverse("api:map-boundaries"), {"kind": "zone", "geojson": collection(
        **{"plain-01": square(121.5, 29.8)})}, format="json")
    assert response.status_code == 200 and response.json()["updated"] == 1
    bad = client.post(reverse("api:map-boundaries"), {"kind": "zone", "geojson": {"type": "Feature"}}, format="json")
    assert bad.status_code == 400


def test_admin_edits_the_outline_with_the_upload_s_validation(client, db, plain):
    from enforcement.accounts.tests.factories import UserFactory

    admin_user = UserFactory(role=Role.ADMIN, username="root_u", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:townships_zone_change", args=[plain.pk])
    form = {"township": plain.township_id, "code": plain.code, "name": plain.name, "description": "",
            "boundary_geojson": json.dumps({"type": "Point", "coordinates": [121.5, 29.8]})}
    response = client.post(url, form)
    assert response.status_code == 200 and "Polygon 或 MultiPolygon" in response.content.decode()
    form["boundary_geojson"] = json.dumps(square(121.5, 29.8))
    assert client.post(url, form).status_code == 302
    plain.refresh_from_db()
    assert plain.boundary["type"] == "Polygon"
