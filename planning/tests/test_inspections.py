from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from enforcement.core.models import ActionCode
from planning import services
from planning.models import Inspection
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def _results(points, failed=()):
    return [{"point": p, "passed": p not in failed, "note": "未见异常" if p not in failed else "冰箱生熟混放"}
            for p in points]


def test_inspection_without_plan_task_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(actor=world["officer_user"], subject=world["subject"],
                                   officers=world["officers_a"][:2], results=[])
    assert "无计划不检查" in exc.value.message_dict["task"][0]
    assert not Inspection.objects.exists() and not ActionCode.objects.exists()


def test_inspection_against_a_task_gets_an_action_code_and_closes_the_task(world, two_tasks):
    task = two_tasks[0]
    inspection = services.inspection_record(actor=world["officer_user"], task=task, officers=world["officers_a"][:2],
                                            results=_results(world["points_a"]))
    assert inspection.code.split("-")[1] == "JC"
    assert ActionCode.objects.filter(code=inspection.code).exists()
    task.refresh_from_db()
    assert task.is_done and not inspection.has_problems


def test_every_check_point_needs_a_result(world, two_tasks):
    with pytest.raises(ValidationError):
        services.inspection_record(actor=world["officer_user"], task=two_tasks[0], officers=world["officers_a"][:2],
                                   results=_results(world["points_a"][:1]))
    assert not Inspection.objects.exists()


def test_one_officer_is_refused(world, two_tasks):
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(actor=world["officer_user"], task=two_tasks[0], officers=world["officers_a"][:1],
                                   results=_results(world["points_a"]))
    assert "officers" in exc.value.message_dict


def test_officer_with_expired_certificate_is_refused(world, two_tasks):
    expired = OfficerFactory(expired=True, home_department=world["department"], township=world["township"])
    with pytest.raises(ValidationError):
        services.inspection_record(actor=world["officer_user"], task=two_tasks[0],
                                   officers=[world["officers_a"][0], expired], results=_results(world["points_a"]))
    assert not Inspection.objects.exists()


def test_task_of_unissued_plan_is_refused(world, two_tasks):
    plan = two_tasks[0].arrangement.plan
    plan.state = "draft"
    plan.save()
    with pytest.raises(ValidationError):
        services.inspection_record(actor=world["officer_user"], task=two_tasks[0], officers=world["officers_a"][:2],
                                   results=_results(world["points_a"]))


def test_merged_task_must_be_recorded_on_the_joint_inspection(world, two_tasks):
    joint = services.merge_confirm(actor=world["staff"], subject=world["subject"], tasks=two_tasks)
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(actor=world["officer_user"], task=two_tasks[0], officers=world["officers_a"][:2],
                                   results=_results(world["points_a"]))
    assert joint.code in exc.value.message_dict["task"][0]


def test_joint_inspection_answers_the_combined_checklist_and_closes_both_tasks(world, two_tasks):
    joint = services.merge_confirm(actor=world["staff"], subject=world["subject"], tasks=two_tasks)
    points = world["points_a"] + world["points_b"]
    inspection = services.inspection_record(actor=world["officer_user"], joint=joint,
                                            officers=world["officers_a"][:1] + world["officers_b"][:1],
                                            results=_results(points, failed=[points[0]]))
    assert inspection.is_joint and inspection.has_problems and inspection.results.count() == 4
    for task in two_tasks:
        task.refresh_from_db()
        assert task.is_done


def test_client_request_id_makes_resend_idempotent(world, two_tasks):
    kwargs = {"actor": world["officer_user"], "task": two_tasks[0], "officers": world["officers_a"][:2],
              "results": _results(world["points_a"]), "client_request_id": "pda-42"}
    first = services.inspection_record(**kwargs)
    assert services.inspection_record(**kwargs) == first
    assert Inspection.objects.count() == 1


def test_township_officer_of_another_township_cannot_record(world, two_tasks, make_user, other_township):
    from enforcement.accounts.models import Role

    outsider = make_user(Role.TOWNSHIP_OFFICER, username="west_officer", township=other_township)
    with pytest.raises(PermissionDenied):
        services.inspection_record(actor=outsider, task=two_tasks[0], officers=world["officers_a"][:2],
                                   results=_results(world["points_a"]))


def test_failed_point_opens_a_case_with_source_inspection(world, two_tasks):
    inspection = services.inspection_record(actor=world["officer_user"], task=two_tasks[0],
                                            officers=world["officers_a"][:2],
                                            results=_results(world["points_a"], failed=[world["points_a"][1]]))
    failed = inspection.results.get(passed=False)
    url = services.case_filing_url(failed)
    if url:
        assert "source=inspection" in url and f"item={failed.point.item.code}" in url
    try:
        code = services.result_link_case(actor=world["officer_user"], result=failed)
    except ImportError:
        pytest.skip("cases service not available")
    from cases.models import Case

    case = Case.objects.get(code=code)
    assert case.source == "inspection" and case.item == failed.point.item
    assert services.result_link_case(actor=world["officer_user"], result=failed) == code


def test_rectification_follow_up(world, two_tasks, today):
    inspection = services.inspection_record(actor=world["officer_user"], task=two_tasks[0],
                                            officers=world["officers_a"][:2],
                                            results=_results(world["points_a"], failed=[world["points_a"][0]]))
    failed = inspection.results.get(passed=False)
    with pytest.raises(ValidationError):
        services.result_rectify(actor=world["officer_user"], result=failed, rectified_on=today + timedelta(days=1))
    services.result_rectify(actor=world["officer_user"], result=failed, rectified_on=today, note="已整改")
    failed.refresh_from_db()
    assert failed.rectified_on == today


def _drawn_task(world):
    from datetime import date

    from planning.models import DrawnSubject, RandomDraw

    draw = RandomDraw.objects.create(title="双随机", department=world["department"], inspection_type="routine",
                                     draw_date=date.today(), subject_count=1, officers_per_subject=2,
                                     created_by=world["staff"], seed="s", population_size=1)
    pick = DrawnSubject.objects.create(draw=draw, subject=world["subject"], order=1)
    pick.officers.set(world["officers_a"][:2])
    from .conftest import make_task

    return make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"], draw=draw)


def test_a_drawn_subject_is_inspected_by_the_drawn_officers(world):
    """双随机一公开: other officers only with a recorded reason."""
    task = _drawn_task(world)
    others = [world["officers_a"][0], world["officers_a"][2]]
    with pytest.raises(ValidationError) as error:
        services.inspection_record(actor=world["officer_user"], task=task, officers=others,
                                   results=_results(world["points_a"]))
    assert world["officers_a"][1].name in str(error.value.message_dict["officers"])
    inspection = services.inspection_record(actor=world["officer_user"], task=task, officers=others,
                                            results=_results(world["points_a"]),
                                            officer_exception_reason="原抽中人员病假")
    assert inspection.officer_exception_reason == "原抽中人员病假"


def test_the_drawn_officers_need_no_reason(world):
    task = _drawn_task(world)
    inspection = services.inspection_record(actor=world["officer_user"], task=task, officers=world["officers_a"][:2],
                                            results=_results(world["points_a"]))
    assert inspection.officer_exception_reason == ""
