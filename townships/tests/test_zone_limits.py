"""特定区域 (seed 001, 行政处罚法 art. 24): the one rule helper (townships.services.zone_limit_refusal), the API to
read and set a township's zone limits, and clues dispatched to the township only inside the zones."""

from datetime import date

from django.urls import reverse

import pytest

from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships.empowerment import empowerment_limit_to_zones
from townships.models import Empowerment, Township
from townships.services import zone_limit_refusal

from .factories import ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def special(township, users):
    township.empowerment_mode = Township.EmpowermentMode.SPECIAL_AREA
    township.save(update_fields=["empowerment_mode"])
    item = ItemFactory(code="330201100001", name="对擅自占用道路从事经营活动的处罚")
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    port = ZoneFactory(township=township, code="east-port", name="港区片区")
    old_town = ZoneFactory(township=township, code="east-old", name="老城片区")
    empowerment_limit_to_zones(actor=users[Role.STAFF], township=township, items=[item], zones=[port])
    return {"item": item, "port": port, "old_town": old_town}


def test_the_rule_allows_the_named_zone_and_refuses_elsewhere_with_art_24(special, township):
    assert zone_limit_refusal(township, special["item"], special["port"]) is None
    reason = zone_limit_refusal(township, special["item"], special["old_town"])
    assert "第二十四条" in reason and "港区片区" in reason and "老城片区" in reason
    assert zone_limit_refusal(township, special["item"], None)


def test_the_rule_does_not_apply_to_other_modes(other_township, special):
    assert zone_limit_refusal(other_township, special["item"], None) is None


def test_api_reads_the_zone_limits(special, township, users, client_for):
    response = client_for(users[Role.TOWNSHIP_OFFICER]).get(reverse("api:township-zone-limits", args=[township.code]))
    assert response.status_code == 200
    assert response.json()["limits"] == [{"item": special["item"].code, "item_name": special["item"].name,
                                          "zones": ["east-port"]}]


def test_api_sets_and_lifts_the_zone_limits_audited(special, township, users, client_for):
    api = client_for(users[Role.STAFF])
    url = reverse("api:township-zone-limits", args=[township.code])
    both = api.post(url, {"items": [special["item"].code], "zones": ["east-port", "east-old"]}, format="json")
    assert both.status_code == 200 and both.json()["limits"][0]["zones"] == ["east-old", "east-port"]
    lifted = api.post(url, {"items": [special["item"].code], "zones": []}, format="json")
    assert lifted.json()["limits"] == []
    assert AuditEvent.objects.filter(event_type="empowerment.zones_limited").count() == 3


def test_api_refuses_unknown_zones_and_officers(special, township, other_township, users, client_for):
    foreign = ZoneFactory(township=other_township, code="west-01")
    url = reverse("api:township-zone-limits", args=[township.code])
    bad = client_for(users[Role.STAFF]).post(url, {"items": [special["item"].code], "zones": [foreign.code]},
                                             format="json")
    assert bad.status_code == 400 and "west-01" in bad.content.decode()
    denied = client_for(users[Role.TOWNSHIP_OFFICER]).post(url, {"items": [special["item"].code]}, format="json")
    assert denied.status_code == 403


def test_a_clue_outside_the_zones_is_not_dispatched_to_the_township(special, township, users):
    from intake.services import TransitionRefused, clue_create, clue_transition
    from townships.tests.factories import OfficerFactory

    operator = users[Role.COMMAND]
    officers = [OfficerFactory(township=township), OfficerFactory(township=township)]
    clue = clue_create(actor=operator, source="phone", description="老城区店铺占用道路经营,摆摊设点影响通行",
                       address="东城街道老城路1号")
    clue_transition(clue=clue, action="triage", actor=operator, item=special["item"].code, township=township.code,
                    zone=special["old_town"].code)
    with pytest.raises(TransitionRefused) as error:
        clue_transition(clue=clue, action="dispatch", actor=operator, target="township",
                        officers=[o.employee_number for o in officers])
    assert "第二十四条" in str(error.value) and "港区片区" in str(error.value)
    clue_transition(clue=clue, action="triage", actor=operator, item=special["item"].code, township=township.code,
                    zone=special["port"].code)
    clue = clue_transition(clue=clue, action="dispatch", actor=operator, target="township",
                           officers=[o.employee_number for o in officers])
    assert clue.state == "dispatched"
