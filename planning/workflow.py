"""The year-plan state machine: 草拟 → 提交 → 统筹审核 → 下达, with return to draft. Pure Python.

`TRANSITIONS[(state, action)] = Transition(target, permission, guards)`; only
`planning.services.plans.plan_transition()` applies it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import PlanState


class Action:
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    ISSUE = "issue"
    RETURN = "return"


ACTION_LABELS = {
    Action.SUBMIT: _("Submit for review"),
    Action.START_REVIEW: _("Start coordination review"),
    Action.ISSUE: _("Issue the plan"),
    Action.RETURN: _("Return for revision"),
}


@dataclass(frozen=True)
class Transition:
    target: str
    permission: str
    guards: tuple = field(default_factory=tuple)


# Guards: pure functions of (plan facts, data) returning an error message or None.
def has_planned_count(facts, data):
    if facts["planned_count"] < 1:
        return _("A plan needs a planned number of inspections before it is submitted.")
    return None


def has_items(facts, data):
    if facts["item_count"] < 1:
        return _("A plan needs at least one inspection item before it is submitted.")
    return None


def months_add_up(facts, data):
    if facts["month_total"] > facts["planned_count"]:
        return _("The months plan more inspections (%(months)s) than the year plan (%(year)s).") % {
            "months": facts["month_total"], "year": facts["planned_count"]}
    return None


def note_given(facts, data):
    if not (data.get("note") or "").strip():
        return _("Give a reason when returning a plan.")
    return None


TRANSITIONS = {
    (PlanState.DRAFT, Action.SUBMIT): Transition(PlanState.SUBMITTED, "plan.edit",
                                                 (has_planned_count, has_items, months_add_up)),
    (PlanState.SUBMITTED, Action.START_REVIEW): Transition(PlanState.UNDER_REVIEW, "plan.approve"),
    (PlanState.SUBMITTED, Action.RETURN): Transition(PlanState.DRAFT, "plan.approve", (note_given,)),
    (PlanState.UNDER_REVIEW, Action.ISSUE): Transition(PlanState.ISSUED, "plan.approve", (months_add_up,)),
    (PlanState.UNDER_REVIEW, Action.RETURN): Transition(PlanState.DRAFT, "plan.approve", (note_given,)),
}


def actions_from(state):
    return [action for (source, action) in TRANSITIONS if source == state]


def run_guards(transition, facts, data):
    return [message for guard in transition.guards if (message := guard(facts, data))]
