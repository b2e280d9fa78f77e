"""The clue transition table: every entry's permission exists, the generated doc is current, every move
outside the table is refused, and the guards say why in Chinese."""

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone, translation

import pytest

from enforcement.accounts.access import PERMISSIONS
from intake import workflow
from intake.models import Level, State


def test_every_transition_names_a_known_permission():
    assert {t.permission for t in workflow.TRANSITIONS.values()} <= set(PERMISSIONS)


def test_every_action_has_a_label_and_an_input_serializer():
    from intake.api.serializers import ACTION_INPUTS

    actions = {action for (_s, action) in workflow.TRANSITIONS}
    assert actions == set(workflow.ACTION_LABELS) == set(ACTION_INPUTS)


def test_final_states_have_no_way_out():
    assert not workflow.actions_from(State.CLOSED)
    assert not workflow.actions_from(State.MERGED)


def test_the_generated_doc_is_current():
    doc = Path(settings.BASE_DIR, "docs", "clue-workflow.md").read_text(encoding="utf-8")
    assert doc == workflow.as_markdown(), "run: DEBUG=1 python manage.py clue_workflow_doc"


def _ctx(**overrides):
    values = {"now": timezone.make_aware(datetime(2026, 12, 1, 10)), "today": date(2026, 12, 1)}
    values.update(overrides)
    return workflow.GuardContext(**values)


def _clue(**overrides):
    values = {"pk": 1, "township_id": 7, "zone_id": None, "level": Level.TOWNSHIP, "case_id": None,
              "transferred_to_id": None, "transfer_receipt": "", "outcome_note": "", "arrived_at": None,
              "dispatched_at": None}
    values.update(overrides)
    return SimpleNamespace(**values)


def test_a_township_cannot_dispatch_a_county_level_clue():
    dispatch = SimpleNamespace(target="township")
    with translation.override("zh-hans"):
        reason = workflow.county_dispatches_bureau_level(_clue(level=Level.BUREAU), _ctx(dispatch=dispatch))
    assert "县指挥中心" in reason


def test_a_warning_longer_than_the_maximum_is_refused():
    ctx = _ctx(data={"rectification_deadline": date(2027, 6, 1), "requirement": "清理占道物品"}, max_warning_days=90)
    assert workflow.rectification_deadline_valid(_clue(), ctx)


def test_unrectified_before_the_deadline_is_refused():
    ctx = _ctx(warning=SimpleNamespace(rectification_deadline=date(2026, 12, 5)))
    assert workflow.rectification_deadline_reached(_clue(), ctx)
    ctx = _ctx(warning=SimpleNamespace(rectification_deadline=date(2026, 12, 1)))
    assert workflow.rectification_deadline_reached(_clue(), ctx) is None


def test_a_clue_cannot_be_merged_into_itself_or_a_merged_clue():
    me = _clue()
    assert workflow.merge_target_valid(me, _ctx(target=SimpleNamespace(pk=1, state="new", code="X"),
                                                target_visible=True))
    merged = SimpleNamespace(pk=2, state=State.MERGED, code="XS1", merged_into_code="XS0")
    assert workflow.merge_target_valid(me, _ctx(target=merged, target_visible=True))
    assert workflow.merge_target_valid(me, _ctx(target=SimpleNamespace(pk=2, state="new", code="X"),
                                                target_visible=True)) is None


def test_a_transfer_needs_the_department_and_its_receipt():
    assert workflow.transfer_recorded(_clue(transferred_to_id=3), _ctx())
    assert workflow.transfer_recorded(_clue(transferred_to_id=3, transfer_receipt="HZ-01"), _ctx()) is None


@pytest.mark.django_db
def test_every_move_outside_the_table_is_refused_and_writes_nothing(users, township):
    from enforcement.accounts.models import Role
    from intake.models import ClueEvent
    from intake.services import TransitionRefused, clue_transition
    from intake.tests.factories import ClueFactory

    actor = users[Role.STAFF]
    clues = {state: ClueFactory(township=township, state=state) for state in State.values}
    refused = 0
    for state, clue in clues.items():
        for action in workflow.ACTION_LABELS:
            if (state, action) in workflow.TRANSITIONS:
                continue
            with pytest.raises(TransitionRefused):
                clue_transition(clue=clue, action=action, actor=actor)
            refused += 1
    assert refused == len(State.values) * len(workflow.ACTION_LABELS) - len(workflow.TRANSITIONS)
    assert not ClueEvent.objects.exists()
    assert {c.state for c in type(clues[State.NEW]).objects.all()} == set(State.values)
