"""The issue's acceptance journey through the services: push → triage → merge → dispatch → acknowledge →
arrive → warning → re-check 未整改 → case filed with the clue as source → reply on time."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from cases.models import Source as CaseSource
from cases.models import Status as CaseStatus
from intake.models import Clue, ClueEvent, Dispatch, EarlyWarning, Outcome, Reply, State, TriageProposal
from intake.services import TransitionRefused, clue_create, clue_transition, hotline_push, reply_record
from townships.models import Empowerment
from townships.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db

PUSH = {"description": "东城街道人民路18号沿街店铺擅自占用道路从事经营活动,摆摊设点影响通行",
        "address": "东城街道人民路18号", "reporter_name": "王小明", "reporter_phone": "13812345678"}


@pytest.fixture
def yesterday_clue(operator, township):
    return clue_create(actor=operator, source="phone", description="人民路18号店铺占用道路经营,摆摊设点",
                       address="东城街道人民路18号", received_at=timezone.now() - timedelta(days=1))


def test_the_same_work_order_pushed_twice_gives_one_clue(operator):
    first, created = hotline_push(actor=operator, work_order_number="GD20261201001", **PUSH)
    again, created_again = hotline_push(actor=operator, work_order_number="GD20261201001", **PUSH)
    assert created and not created_again
    assert first.pk == again.pk
    assert Clue.objects.filter(external_number="GD20261201001").count() == 1


def test_a_work_order_number_pushed_again_with_other_contents_is_a_conflict(operator):
    from intake.services import WorkOrderConflict

    hotline_push(actor=operator, work_order_number="GD1", **PUSH)
    with pytest.raises(WorkOrderConflict):
        hotline_push(actor=operator, work_order_number="GD1", **{**PUSH, "description": "另一件事情,完全不同"})


def test_triage_proposes_the_item_the_township_and_yesterdays_duplicate(operator, township, item, yesterday_clue):
    clue, _created = hotline_push(actor=operator, work_order_number="GD2", **PUSH)
    proposal = TriageProposal.objects.get(clue=clue)
    assert proposal.items[0]["code"] == item.code
    assert 0 < proposal.items[0]["score"] <= 1
    assert proposal.township == township
    assert proposal.duplicates[0]["code"] == yesterday_clue.code


def test_the_whole_journey_ends_in_a_case_with_the_clue_as_source_and_a_reply_on_time(
        operator, officer_user, officers, township, item, yesterday_clue):
    Empowerment.objects.create(township=township, item=item, valid_from="2020-01-01")
    clue, _ = hotline_push(actor=operator, work_order_number="GD3", **PUSH)
    clue_transition(clue=clue, action="merge", actor=operator, into=yesterday_clue.code)
    master = yesterday_clue
    clue_transition(clue=master, action="triage", actor=operator, item=item.code, township=township.code)
    clue_transition(clue=master, action="dispatch", actor=operator, target="township",
                    officers=[o.employee_number for o in officers])
    clue_transition(clue=master, action="acknowledge", actor=officer_user)
    clue_transition(clue=master, action="arrive", actor=officer_user, latitude="29.87", longitude="121.55")
    deadline = timezone.localdate() + timedelta(days=7)
    clue_transition(clue=master, action="issue_warning", actor=officer_user, rectification_deadline=deadline,
                    requirement="三日内清理占道物品,停止占道经营")
    on_deadline = timezone.now() + timedelta(days=7)
    clue_transition(clue=master, action="recheck_unrectified", actor=officer_user, note="复查仍在占道经营,未整改",
                    now=on_deadline)
    clue_transition(clue=master, action="file_case", actor=officer_user, party_name="东城某某小吃店",
                    penalty_kinds=["fine"], fine="500")
    master.refresh_from_db()
    clue.refresh_from_db()
    assert master.state == State.CLOSED and master.outcome == Outcome.CASE_FILED
    assert master.case.source == CaseSource.WARNING
    assert master.case.status == CaseStatus.INVESTIGATING
    assert clue.case == master.case  # the merged complaint is answered by the same case
    assert set(master.case.source_clues.values_list("code", flat=True)) == {master.code, clue.code}
    assert EarlyWarning.objects.get(clue=master).outcome == EarlyWarning.Outcome.UNRECTIFIED
    reply = reply_record(clue=clue, actor=operator, method="phone", satisfaction="satisfied")
    assert reply.on_time and "立案" in reply.text


def test_recheck_unrectified_is_refused_before_the_deadline(operator, officer_user, officers, township):
    clue = _arrived(operator, officer_user, officers)
    clue_transition(clue=clue, action="issue_warning", actor=officer_user,
                    rectification_deadline=timezone.localdate() + timedelta(days=5), requirement="限期清理占道物品")
    with pytest.raises(TransitionRefused) as refused:
        clue_transition(clue=clue, action="recheck_unrectified", actor=officer_user, note="复查未整改")
    assert "尚未到" in str(refused.value)
    assert Clue.objects.get(pk=clue.pk).state == State.WARNING


def _arrived(operator, officer_user, officers):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="东城街道人民路1号",
                       township="east")
    clue_transition(clue=clue, action="triage", actor=operator, township="east")
    clue_transition(clue=clue, action="dispatch", actor=operator, target="township",
                    officers=[o.employee_number for o in officers])
    clue_transition(clue=clue, action="acknowledge", actor=officer_user)
    clue_transition(clue=clue, action="arrive", actor=officer_user)
    clue.refresh_from_db()
    return clue


def test_an_officer_not_dispatched_cannot_acknowledge(operator, officers, township, make_user):
    from townships.tests.factories import OfficerFactory

    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       township="east")
    clue_transition(clue=clue, action="triage", actor=operator, township="east")
    clue_transition(clue=clue, action="dispatch", actor=operator, target="township",
                    officers=[o.employee_number for o in officers])
    other = make_user("township_officer", username="other_officer", township=township)
    OfficerFactory(township=township, user=other)
    with pytest.raises(TransitionRefused) as refused:
        clue_transition(clue=clue, action="acknowledge", actor=other)
    assert "没有派给您" in str(refused.value)


def test_acknowledge_out_of_order_is_refused_and_nothing_is_written(operator, officer_user):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       township="east")
    events = ClueEvent.objects.count()
    with pytest.raises(TransitionRefused):
        clue_transition(clue=clue, action="acknowledge", actor=officer_user)
    assert ClueEvent.objects.count() == events
    assert Clue.objects.get(pk=clue.pk).state == State.NEW


def test_the_wrong_role_cannot_dispatch(operator, officer_user):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       township="east")
    clue_transition(clue=clue, action="triage", actor=operator, township="east")
    with pytest.raises(PermissionDenied):
        clue_transition(clue=clue, action="dispatch", actor=officer_user, target="township")
    assert not Dispatch.objects.exists()


def test_a_township_operator_cannot_see_or_dispatch_another_townships_clue(operator, township_operator):
    other = TownshipFactory(code="west", name="西山镇")
    clue = clue_create(actor=operator, source="phone", description="西山镇店铺门前堆放杂物", address="西山镇中街1号",
                       township=other)
    clue_transition(clue=clue, action="triage", actor=operator, township="west")
    with pytest.raises(PermissionDenied):
        clue_transition(clue=clue, action="dispatch", actor=township_operator, target="township")


def test_a_township_operator_dispatches_own_clue_but_escalated_clues_go_to_the_county(
        township_operator, operator, officers):
    clue = clue_create(actor=township_operator, source="grid", description="河道旁有人倾倒建筑垃圾",
                       address="东城街道滨河路")
    assert clue.township.code == "east"
    clue_transition(clue=clue, action="triage", actor=township_operator)
    clue_transition(clue=clue, action="escalate", actor=township_operator, reason="跨区域倾倒,需县级协调")
    with pytest.raises(PermissionDenied):
        clue_transition(clue=clue, action="dispatch", actor=township_operator, target="township")
    clue_transition(clue=clue, action="dispatch", actor=operator, target="bureau", unit_name="执法一大队")
    assert Clue.objects.get(pk=clue.pk).state == State.DISPATCHED


def test_refusal_needs_a_reason_and_the_clue_is_re_dispatched(operator, officer_user, officers):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       township="east")
    clue_transition(clue=clue, action="triage", actor=operator, township="east")
    clue_transition(clue=clue, action="dispatch", actor=operator, target="township",
                    officers=[o.employee_number for o in officers])
    with pytest.raises(TransitionRefused):
        clue_transition(clue=clue, action="refuse", actor=officer_user, reason="")
    clue_transition(clue=clue, action="refuse", actor=officer_user, reason="不属于本队辖区,位于西山镇")
    assert Clue.objects.get(pk=clue.pk).state == State.RETURNED
    clue_transition(clue=clue, action="dispatch", actor=operator, target="township")
    assert Dispatch.objects.filter(clue=clue).count() == 2
    assert Dispatch.objects.filter(clue=clue, status=Dispatch.Status.REFUSED).count() == 1


def test_a_warning_deadline_in_the_past_is_refused_with_a_chinese_reason(operator, officer_user, officers):
    clue = _arrived(operator, officer_user, officers)
    with pytest.raises(TransitionRefused) as refused:
        clue_transition(clue=clue, action="issue_warning", actor=officer_user,
                        rectification_deadline=timezone.localdate(), requirement="限期清理")
    assert any("整改期限" in m for m in refused.value.messages)
    assert not EarlyWarning.objects.exists()


def test_an_anonymous_report_owes_no_reply(operator):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       anonymous=True)
    assert not Reply.objects.filter(clue=clue).exists()


def test_a_reply_is_refused_before_the_clue_has_an_outcome(operator):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       reporter_name="李四", reporter_phone="13900001111")
    with pytest.raises(ValidationError):
        reply_record(clue=clue, actor=operator, method="phone")


def test_reporter_data_is_stored_encrypted_and_shown_masked(operator):
    clue = clue_create(actor=operator, source="phone", description="店铺门前堆放杂物", address="人民路1号",
                       reporter_name="王小明", reporter_phone="13812345678")
    assert clue.reporter_phone_masked == "138****5678"
    assert clue.reporter_name_masked == "王**"
    assert "13812345678" not in clue.reporter_phone_encrypted


def test_a_department_clue_filed_as_a_case_keeps_its_department(operator, officer_user, officers, township, item,
                                                                department):
    """部门移交: the case a department's clue becomes is the department's (its liaison sees it)."""
    Empowerment.objects.create(township=township, item=item, valid_from="2020-01-01")
    clue = clue_create(actor=operator, source="department", source_department=department.code,
                       description="市场监管局移交:店铺门前占道经营", address="东城街道人民路1号", township="east")
    clue_transition(clue=clue, action="triage", actor=operator, item=item.code, township="east")
    clue_transition(clue=clue, action="dispatch", actor=operator, target="township",
                    officers=[o.employee_number for o in officers])
    clue_transition(clue=clue, action="acknowledge", actor=officer_user)
    clue_transition(clue=clue, action="arrive", actor=officer_user)
    clue_transition(clue=clue, action="file_case", actor=officer_user, party_name="东城某某小吃店",
                    penalty_kinds=["fine"], fine="500")
    clue.refresh_from_db()
    assert clue.case.source == CaseSource.DEPARTMENT
    assert clue.case.transferred_from == department
