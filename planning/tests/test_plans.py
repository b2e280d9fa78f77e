from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from catalog.tests.factories import ItemFactory
from planning import services, workflow
from planning.models import PlanEvent, PlanState, WeekTask, YearPlan
from planning.workflow import Action
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    plan = services.plan_create(actor=world["liaison"], department=world["department"], year=2031,
                                title="2031年市场监管检查计划", planned_count=10, items=[ItemFactory()])
    services.month_set(actor=world["liaison"], plan=plan, month=3, planned_count=4)
    return plan


def test_liaison_creates_a_plan_for_own_department(draft, world):
    assert draft.state == PlanState.DRAFT and draft.department == world["department"]
    assert draft.code == "JH2031-market"


def test_liaison_cannot_create_a_plan_for_another_department(world):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=world["liaison"], department=world["other_department"], year=2031, title="x")
    assert not YearPlan.objects.filter(year=2031).exists()


def test_liaison_of_another_department_cannot_edit(draft, other_liaison):
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=other_liaison, plan=draft, title="改")


def test_full_cycle_draft_submitted_review_issued(draft, world):
    services.plan_transition(actor=world["liaison"], plan=draft, action=Action.SUBMIT)
    services.plan_transition(actor=world["staff"], plan=draft, action=Action.START_REVIEW)
    plan = services.plan_transition(actor=world["staff"], plan=draft, action=Action.ISSUE)
    assert plan.state == PlanState.ISSUED
    assert list(PlanEvent.objects.filter(plan=plan).values_list("to_state", flat=True)) == [
        "draft", "submitted", "under_review", "issued"]


def test_liaison_cannot_approve(draft, world):
    services.plan_transition(actor=world["liaison"], plan=draft, action=Action.SUBMIT)
    with pytest.raises(PermissionDenied):
        services.plan_transition(actor=world["liaison"], plan=draft, action=Action.START_REVIEW)


def test_return_needs_a_reason_and_goes_back_to_draft(draft, world):
    services.plan_transition(actor=world["liaison"], plan=draft, action=Action.SUBMIT)
    with pytest.raises(ValidationError):
        services.plan_transition(actor=world["staff"], plan=draft, action=Action.RETURN)
    plan = services.plan_transition(actor=world["staff"], plan=draft, action=Action.RETURN, note="频次过高")
    assert plan.state == PlanState.DRAFT


def test_move_outside_the_table_is_refused_clearly(draft, world):
    with pytest.raises(ValidationError) as exc:
        services.plan_transition(actor=world["staff"], plan=draft, action=Action.ISSUE)
    assert "草拟" in str(exc.value) or "draft" in str(exc.value)
    draft.refresh_from_db()
    assert draft.state == PlanState.DRAFT


def test_submit_refused_without_items(world):
    plan = services.plan_create(actor=world["staff"], department=world["department"], year=2032, title="t",
                                planned_count=3)
    with pytest.raises(ValidationError):
        services.plan_transition(actor=world["staff"], plan=plan, action=Action.SUBMIT)


def test_every_table_entry_has_a_known_permission():
    from enforcement.accounts.access import PERMISSIONS

    for (state, action), transition in workflow.TRANSITIONS.items():
        assert state in PlanState.values and transition.target in PlanState.values
        assert transition.permission in PERMISSIONS and action in workflow.ACTION_LABELS


def test_submitted_plan_cannot_be_edited(draft, world):
    services.plan_transition(actor=world["liaison"], plan=draft, action=Action.SUBMIT)
    with pytest.raises(ValidationError):
        services.plan_update(actor=world["liaison"], plan=draft, title="改")


def test_week_task_outside_its_month_is_refused(world):
    arrangement = world["month_a"]
    outside = date(arrangement.plan.year, arrangement.month, 1).replace(day=28)
    outside = date(outside.year + (outside.month == 12), outside.month % 12 + 1, 2)
    with pytest.raises(ValidationError) as exc:
        services.week_task_create(actor=world["liaison"], arrangement=arrangement, date=outside,
                                  subjects=[world["subject"]], officers=world["officers_a"][:2])
    assert "date" in exc.value.message_dict
    assert not WeekTask.objects.exists()


def test_week_task_with_expired_officer_is_refused(world, today):
    expired = OfficerFactory(expired=True, home_department=world["department"], township=world["township"])
    with pytest.raises(ValidationError) as exc:
        services.week_task_create(actor=world["liaison"], arrangement=world["month_a"], date=today,
                                  subjects=[world["subject"]], officers=[world["officers_a"][0], expired])
    assert expired.name in exc.value.message_dict["officers"][0]
    assert not WeekTask.objects.exists()


def test_week_task_created_in_the_subjects_township(world, today):
    task = services.week_task_create(actor=world["liaison"], arrangement=world["month_a"], date=today,
                                      subjects=[world["subject"]], officers=world["officers_a"][:2],
                                      checklist=world["checklist_a"])
    assert task.township == world["township"] and task.department == world["department"]


def test_township_officer_submits_need_for_own_township(world):
    need = services.township_need_submit(actor=world["officer_user"], department=world["department"], year=2031,
                                         description="夜市餐饮油烟扰民,需要联合检查", expected_count=20)
    assert need.township == world["township"]


def test_liaison_cannot_submit_township_needs(world):
    with pytest.raises(PermissionDenied):
        services.township_need_submit(actor=world["liaison"], department=world["department"], year=2031,
                                      description="x")
