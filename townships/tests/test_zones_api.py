"""/api/v1/zones/: 执法责任片区 with their officers, scoped by township."""

import pytest

from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_township_officer_sees_own_zones_with_officers(client_for, users, township, other_township):
    zone = ZoneFactory(township=township, name="中山片区")
    zone.officers.set([OfficerFactory(township=township, name="张伟")])
    ZoneFactory(township=other_township, name="西山片区")
    body = client_for(users[Role.TOWNSHIP_OFFICER]).get("/api/v1/zones/").json()
    assert [(z["name"], [o["name"] for o in z["officers"]]) for z in body["results"]] == [("中山片区", ["张伟"])]


def test_another_townships_zone_is_404(client_for, users, other_township):
    zone = ZoneFactory(township=other_township)
    assert client_for(users[Role.TOWNSHIP_OFFICER]).get(f"/api/v1/zones/{zone.code}/").status_code == 404


def test_staff_filter_zones_by_township(client_for, users, township, other_township):
    ZoneFactory(township=township)
    ZoneFactory(township=other_township)
    body = client_for(users[Role.STAFF]).get(f"/api/v1/zones/?township={other_township.code}").json()
    assert {z["township"] for z in body["results"]} == {other_township.code}


def test_zone_list_query_count_is_constant(client_for, users, township, django_assert_max_num_queries):
    for _ in range(5):
        ZoneFactory(township=township).officers.set([OfficerFactory(township=township)])
    with django_assert_max_num_queries(5):
        assert client_for(users[Role.STAFF]).get("/api/v1/zones/").status_code == 200
