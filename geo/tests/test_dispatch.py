"""Acceptance: a clue at a point inside zone X is proposed for zone X's officers; outside every zone flagged;
the nearest on-duty officers (by their last known positions) are proposed."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from geo import positions, zones
from intake.models import Patrol, TriageProposal
from intake.services import clue_create
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def new_clue(operator, lat, lon, address="某处"):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物影响通行",
                       address=address, latitude=lat, longitude=lon)
    return TriageProposal.objects.get(clue=clue)


def test_a_point_inside_zone_x_proposes_zone_x_and_its_officers(operator, east, west, east_officers):
    proposal = new_clue(operator, "29.805", "121.505")
    assert proposal.zone == east
    assert proposal.township == east.township
    assert proposal.place_method == "polygon"
    expected = [o.pk for o in sorted(east_officers, key=lambda o: o.employee_number)]
    assert [o["id"] for o in proposal.officers if o["reason"] == "zone"] == expected
    assert not proposal.outside_zones


def test_the_polygon_beats_an_address_naming_another_zone(operator, east, west):
    proposal = new_clue(operator, "29.805", "121.505", address="西河社区门口")
    assert proposal.zone == east


def test_a_point_outside_every_zone_is_flagged_and_gets_no_zone(operator, east, west):
    proposal = new_clue(operator, "29.9", "121.7")
    assert proposal.outside_zones
    assert proposal.zone is None
    assert not [o for o in proposal.officers if o["reason"] == "zone"]


def test_without_any_outline_nothing_is_flagged(operator, township):
    proposal = new_clue(operator, "29.9", "121.7")
    assert not proposal.outside_zones


def test_a_point_on_the_shared_edge_goes_to_one_zone(east, west):
    assert zones.zone_at(29.805, 121.50) in (east, west)
    assert zones.zone_ids_at([(29.805, 121.50), (29.805, 121.495), (30.5, 121.5)])[1:] == [west.pk, None]


def test_nearest_on_duty_officer_from_a_recent_patrol_is_proposed(operator, township, east):
    now = timezone.now()
    near, far = OfficerFactory(township=township, name="近"), OfficerFactory(township=township, name="远")
    for officer, lat in ((near, 29.806), (far, 29.809)):
        patrol = Patrol.objects.create(township=township, zone=east, started_at=now - timedelta(minutes=30),
                                       route=[[lat, 121.505, (now - timedelta(minutes=5)).isoformat()]])
        patrol.officers.set([officer])
    proposal = new_clue(operator, "29.805", "121.505")
    nearest = [o for o in proposal.officers if o["reason"] == "nearest"]
    assert [o["id"] for o in nearest] == [near.pk, far.pk]
    assert 100 < nearest[0]["distance_m"] < 130


def test_an_officer_last_seen_before_the_window_is_not_on_duty(operator, township, east, settings):
    settings.MAP_ON_DUTY_MINUTES = 60
    old = OfficerFactory(township=township)
    patrol = Patrol.objects.create(township=township, zone=east, started_at=timezone.now() - timedelta(hours=3),
                                   route=[[29.806, 121.505, (timezone.now() - timedelta(hours=2)).isoformat()]])
    patrol.officers.set([old])
    assert old.pk not in positions.last_positions()


def test_an_inactive_officer_is_not_proposed(township, east):
    gone = OfficerFactory(township=township, is_active=False)
    patrol = Patrol.objects.create(township=township, zone=east, started_at=timezone.now() - timedelta(minutes=5),
                                   latitude=Decimal("29.805"), longitude=Decimal("121.505"))
    patrol.officers.set([gone])
    assert positions.nearest_on_duty(latitude=29.805, longitude=121.505) == []


def test_zone_index_follows_a_boundary_import(staff, east):
    from geo.services import boundaries_import

    assert zones.zone_at(29.805, 121.505) == east
    raw = ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"east-01"},'
           '"geometry":{"type":"Polygon","coordinates":[[[121.6,29.8],[121.61,29.8],[121.61,29.81],[121.6,29.81],'
           '[121.6,29.8]]]}}]}')
    boundaries_import(actor=staff, kind="zone", raw=raw)
    assert zones.zone_at(29.805, 121.505) is None
    assert zones.zone_at(29.805, 121.605) == east


def test_the_clue_page_and_api_show_the_officers_and_the_flag(client, operator, east, east_officers):
    inside = new_clue(operator, "29.805", "121.505").clue
    outside = new_clue(operator, "29.9", "121.7").clue
    client.force_login(operator)
    page = client.get(f"/intake/{inside.code}/").content.decode()
    assert "推荐派遣人员" in page and east_officers[0].name in page and "片区责任人" in page
    assert "不在任何片区内" in client.get(f"/intake/{outside.code}/").content.decode()
    body = client.get(f"/api/v1/clues/{outside.code}/").json()
    assert body["proposal"]["outside_zones"] is True
