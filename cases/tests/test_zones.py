"""A case carries its responsibility zone (执法责任片区, seed 003): a zone in use of the case's own township."""

from django.core.exceptions import ValidationError

import pytest

from townships.tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def test_case_keeps_the_zone_it_was_filed_in(register, township):
    zone = ZoneFactory(township=township, name="中山片区")
    assert register(zone=zone.code).zone == zone


def test_case_refuses_a_zone_of_another_township(register, other_township):
    zone = ZoneFactory(township=other_township, name="西山片区")
    with pytest.raises(ValidationError) as error:
        register(zone=zone.code)
    assert "不属于" in error.value.message_dict["zone"][0]


def test_case_refuses_a_retired_zone(register, township):
    zone = ZoneFactory(township=township, is_active=False)
    with pytest.raises(ValidationError) as error:
        register(zone=zone)
    assert "已停用" in error.value.message_dict["zone"][0]


def test_case_api_shows_the_zone(register, township, client_for, officer_user):
    zone = ZoneFactory(township=township, name="中山片区")
    case = register(zone=zone)
    body = client_for(officer_user).get(f"/api/v1/cases/{case.code}/").json()
    assert (body["zone"], body["zone_name"]) == (zone.code, "中山片区")
