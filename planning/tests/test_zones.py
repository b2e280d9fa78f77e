"""Subjects and inspections carry their responsibility zone (执法责任片区, seed 003)."""

from django.core.exceptions import ValidationError

import pytest

from planning import services
from townships.tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def _results(points):
    return [{"point": p, "passed": True, "note": ""} for p in points]


def test_subject_refuses_a_zone_of_another_township(world, users, other_township):
    from enforcement.accounts.models import Role

    with pytest.raises(ValidationError) as error:
        services.subject_update(actor=users[Role.STAFF], subject=world["subject"],
                                zone=ZoneFactory(township=other_township))
    assert "不属于" in error.value.message_dict["zone"][0]


def test_subject_moving_township_drops_the_old_zone(world, users, other_township, township):
    from enforcement.accounts.models import Role

    subject = world["subject"]
    subject.zone = ZoneFactory(township=township)
    subject.save()
    subject = services.subject_update(actor=users[Role.STAFF], subject=subject, township=other_township)
    assert subject.zone is None


def test_inspection_takes_the_subjects_zone(world, two_tasks, township):
    zone = ZoneFactory(township=township, name="中山片区")
    world["subject"].zone = zone
    world["subject"].save()
    inspection = services.inspection_record(actor=world["officer_user"], task=two_tasks[0],
                                            officers=world["officers_a"][:2], results=_results(world["points_a"]))
    assert inspection.zone == zone


def test_import_sets_the_zone_by_name_within_the_township(users, township, world):
    from enforcement.accounts.models import Role

    zone = ZoneFactory(township=township, name="中山片区")
    industry = world["subject"].industry
    content = ("统一社会信用代码,名称,行业,乡镇街道,片区\n"
               f"{world['subject'].uscc},改名餐饮,{industry.code},{township.code},中山片区\n").encode()
    import io

    result = services.subjects_import(actor=users[Role.STAFF], uploaded=io.BytesIO(content), filename="s.csv")
    assert result.ok, result.errors
    world["subject"].refresh_from_db()
    assert world["subject"].zone == zone


def test_import_refuses_an_unknown_zone(users, township, world):
    from enforcement.accounts.models import Role

    industry = world["subject"].industry
    content = ("统一社会信用代码,名称,行业,乡镇街道,片区\n"
               f"{world['subject'].uscc},改名餐饮,{industry.code},{township.code},无此片区\n").encode()
    import io

    result = services.subjects_import(actor=users[Role.STAFF], uploaded=io.BytesIO(content), filename="s.csv")
    assert [e["column"] for e in result.errors] == ["执法责任片区"]
