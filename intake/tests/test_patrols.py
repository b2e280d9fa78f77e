"""日常巡查: plans per zone, records, a finding becomes a clue, missed patrols are listed."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from enforcement.accounts.models import Role
from intake.models import Clue, Patrol, PatrolPlan, Source
from intake.patrols import missed_patrols
from intake.services import patrol_plan_create, patrol_record
from townships.tests.factories import OfficerFactory, TownshipFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def _plan(actor, zone, officers, frequency="daily", days=10):
    return patrol_plan_create(actor=actor, zone=zone, name="沿街商铺巡查", content="占道经营、乱堆乱放",
                              frequency=frequency, officers=[o.employee_number for o in officers],
                              starts_on=timezone.localdate() - timedelta(days=days))


def test_a_patrol_finding_becomes_a_clue_of_source_patrol(township_operator, officer_user, zone, officers):
    plan = _plan(township_operator, zone, officers)
    patrol, clue = patrol_record(actor=officer_user, plan=plan, started_at=timezone.now() - timedelta(hours=2),
                                 ended_at=timezone.now() - timedelta(hours=1), finding="发现店铺占道堆放货物",
                                 finding_address="东城街道人民路3号")
    assert clue.source == Source.PATROL and clue.patrol == patrol and clue.zone == zone
    assert list(patrol.officers.all()) == [officers[0]]


def test_a_daily_plan_lists_the_days_without_a_patrol(township_operator, officer_user, zone, officers):
    plan = _plan(township_operator, zone, officers, days=3)
    patrol_record(actor=officer_user, plan=plan, started_at=timezone.now() - timedelta(days=2))
    missed = missed_patrols(actor=township_operator, plans=[plan])
    labels = [label for _p, label, _f, _l in missed]
    today = timezone.localdate()
    assert (today - timedelta(days=2)).isoformat() not in labels
    assert (today - timedelta(days=1)).isoformat() in labels


def test_a_plan_for_another_townships_zone_is_refused(township_operator, officers):
    other_zone = ZoneFactory(township=TownshipFactory(code="west"))
    with pytest.raises(ValidationError):
        _plan(township_operator, other_zone, officers)
    assert not PatrolPlan.objects.exists()


def test_a_patrol_in_the_future_is_refused(township_operator, officer_user, zone, officers):
    plan = _plan(township_operator, zone, officers)
    with pytest.raises(ValidationError):
        patrol_record(actor=officer_user, plan=plan, started_at=timezone.now() + timedelta(hours=2))
    assert not Patrol.objects.exists()


def test_the_patrol_api_records_and_lists(client_for, township_operator, officer_user, zone, officers):
    api = client_for(township_operator)
    response = api.post("/api/v1/patrol-plans/", {
        "zone": zone.code, "name": "夜间巡查", "content": "烧烤油烟、噪声", "frequency": "weekly",
        "officers": [officers[0].employee_number], "starts_on": str(timezone.localdate())}, format="json")
    assert response.status_code == 201
    plan_id = response.json()["id"]
    recorded = client_for(officer_user).post(f"/api/v1/patrol-plans/{plan_id}/patrols/", {
        "started_at": (timezone.now() - timedelta(hours=1)).isoformat(), "route": [[29.87, 121.55, "20:00"]],
        "finding": "烧烤摊占道经营", "finding_address": "东城街道夜市"}, format="json")
    assert recorded.status_code == 201
    assert len(recorded.json()["findings"]) == 1
    assert Clue.objects.filter(source=Source.PATROL).count() == 1
    listed = client_for(township_operator).get("/api/v1/patrols/").json()
    assert [p["id"] for p in listed["results"]] == [recorded.json()["id"]]


def test_another_townships_officer_cannot_record_a_patrol(client_for, township_operator, zone, officers, make_user):
    plan = _plan(township_operator, zone, officers)
    west = TownshipFactory(code="west")
    stranger = make_user(Role.TOWNSHIP_OFFICER, username="west_officer", township=west)
    OfficerFactory(township=west, user=stranger)
    response = client_for(stranger).post(f"/api/v1/patrol-plans/{plan.pk}/patrols/", {
        "started_at": timezone.now().isoformat()}, format="json")
    assert response.status_code == 404


def test_a_patrol_keeps_where_it_was_recorded_else_its_first_route_point(township_operator, officer_user, zone,
                                                                         officers):
    plan = _plan(township_operator, zone, officers)
    start = timezone.now() - timedelta(hours=1)
    given, _clue = patrol_record(actor=officer_user, plan=plan, started_at=start, latitude="29.8051",
                                 longitude="121.5052", route=[[29.9, 121.6, ""]])
    from_route, _clue = patrol_record(actor=officer_user, plan=plan, started_at=start, route=[[29.87, 121.55, ""]])
    assert (str(given.latitude), str(given.longitude)) == ("29.805100", "121.505200")
    assert (float(from_route.latitude), float(from_route.longitude)) == (29.87, 121.55)
    with pytest.raises(ValidationError) as error:
        patrol_record(actor=officer_user, plan=plan, started_at=start, latitude="91", longitude="121")
    assert "latitude" in error.value.message_dict
