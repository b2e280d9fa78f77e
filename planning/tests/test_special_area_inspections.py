"""特定区域 (seed 001, 行政处罚法 art. 24): a special-area township's officers inspect an item only inside the zones
it is empowered in there; departments inspect under their own powers."""

from datetime import date

from django.core.exceptions import ValidationError

import pytest

from planning import services
from townships.empowerment import empowerment_limit_to_zones
from townships.models import Empowerment, Township
from townships.tests.factories import ZoneFactory

from .conftest import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def special(world, township):
    township.empowerment_mode = Township.EmpowermentMode.SPECIAL_AREA
    township.save(update_fields=["empowerment_mode"])
    port, old_town = ZoneFactory(township=township, name="港区片区"), ZoneFactory(township=township, name="老城片区")
    items = [point.item for point in world["points_a"]]
    for item in items:
        Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    empowerment_limit_to_zones(actor=world["staff"], township=township, items=items, zones=[port])
    task = make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"])
    return {"port": port, "old_town": old_town, "task": task}


def _record(world, actor, task):
    return services.inspection_record(actor=actor, task=task, officers=world["officers_a"][:2],
                                      results=[{"point": p, "passed": True} for p in world["points_a"]])


def test_township_officer_outside_the_zones_is_refused_naming_art_24(world, special):
    world["subject"].zone = special["old_town"]
    world["subject"].save(update_fields=["zone"])
    with pytest.raises(ValidationError) as error:
        _record(world, world["officer_user"], special["task"])
    text = " ".join(error.value.messages)
    assert "第二十四条" in text and "港区片区" in text


def test_township_officer_inside_the_zone_records(world, special):
    world["subject"].zone = special["port"]
    world["subject"].save(update_fields=["zone"])
    assert _record(world, world["officer_user"], special["task"]).zone == special["port"]


def test_bureau_staff_are_not_limited_by_a_township_empowerment(world, special):
    world["subject"].zone = special["old_town"]
    world["subject"].save(update_fields=["zone"])
    assert _record(world, world["staff"], special["task"]).pk
