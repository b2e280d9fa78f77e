"""The clue state machine: ONE transition table and named, pure guard functions. No ORM here.

`TRANSITIONS[(state, action)] = Transition(target, permission, guards, outcome)`.
`intake.services.clue_transition` is the only code that applies it: it locks the clue, checks the
permission and the scope, applies the action's data to the locked copy, runs the guards and writes.
A guard takes the (locked, already updated in memory) clue and a `GuardContext` the service prepared,
and returns None when satisfied or a Chinese reason when not. `docs/clue-workflow.md` is generated
from this table (`manage.py clue_workflow_doc`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Level, Outcome, State

S = State


@dataclass
class GuardContext:
    """What guards may know beyond the clue row; prepared by the service (the ORM stays there)."""

    now: datetime
    today: date
    actor_is_county: bool = False  # the county centre or bureau staff (not a township-bound user)
    actor_may_respond: bool = False  # one of the dispatched officers / the dispatched team
    dispatch: object = None  # the current Dispatch (attributes only)
    target: object = None  # the merge target clue (attributes only)
    target_visible: bool = False
    warning: object = None  # the clue's EarlyWarning (attributes only)
    data: dict = field(default_factory=dict)
    max_warning_days: int = 90
    zone_limit: str = ""  # 特定区域: townships.services.zone_limit_refusal for the clue's township, item and zone


# ---- guards -------------------------------------------------------------------------------------------

def reason_given(clue, ctx):
    """A written reason (at least 4 characters) is recorded with the move."""
    if len(str(ctx.data.get("reason") or "").strip()) < 4:
        return _("Give the reason (at least 4 characters).")
    return None


def place_confirmed(clue, ctx):
    """Triage confirms where the matter is: a township (and its zone), or the county level."""
    if clue.zone_id and not clue.township_id:
        return _("Choose the township of the zone.")
    if clue.level == Level.TOWNSHIP and not clue.township_id:
        return _("Choose the township responsible for the place, or hand the clue to the county centre.")
    if ctx.data.get("zone_township_mismatch"):
        return _("The zone belongs to another township.")
    return None


def merge_target_valid(clue, ctx):
    """Duplicates are merged into another, unmerged clue the operator may see."""
    target = ctx.target
    if target is None or not ctx.target_visible:
        return _("Choose the clue to merge into (its number).")
    if target.pk == clue.pk:
        return _("A clue cannot be merged into itself.")
    if target.state == S.MERGED:
        return _("Clue %(code)s was itself merged; merge into %(into)s instead.") % {
            "code": target.code, "into": getattr(target, "merged_into_code", "") or "—"}
    return None


def dispatch_target_valid(clue, ctx):
    """The dispatch names a township team, a zone of the clue's township, or a bureau unit."""
    dispatch = ctx.dispatch
    if dispatch is None:
        return _("Choose whom to dispatch to.")
    if dispatch.target == "bureau":
        if not dispatch.unit_name and not dispatch.officer_count:
            return _("Name the bureau unit or choose its officers.")
        if dispatch.foreign_officers:
            return _("These officers are posted to a township, not to the bureau: %(names)s") % {
                "names": "、".join(dispatch.foreign_officers)}
        return None
    if not clue.township_id:
        return _("The clue has no township: dispatch it to a bureau unit, or triage it to a township first.")
    if dispatch.township_id != clue.township_id:
        return _("A clue is dispatched to the team of its own township.")
    if dispatch.target == "zone" and (not dispatch.zone_id or dispatch.zone_township_id != clue.township_id):
        return _("Choose a zone of the clue's township.")
    if dispatch.target == "zone" and not dispatch.officer_count:
        return _("The zone has no responsible officers: dispatch to the township team or name officers.")
    if dispatch.foreign_officers:
        return _("These officers are not posted to the clue's township: %(names)s") % {
            "names": "、".join(dispatch.foreign_officers)}
    return None


def item_empowered_in_zone(clue, ctx):
    """特定区域 (art. 24): a clue goes to a special-area township's team only inside the zones its item is
    empowered in there."""
    if ctx.dispatch is not None and ctx.dispatch.target != "bureau" and ctx.zone_limit:
        return ctx.zone_limit
    return None


def county_dispatches_bureau_level(clue, ctx):
    """Escalated clues (002: 跨区域、重大案件的协调处理) and bureau units are dispatched by the county centre."""
    bureau = ctx.dispatch is not None and ctx.dispatch.target == "bureau"
    if (clue.level == Level.BUREAU or bureau) and not ctx.actor_is_county:
        return _("This clue is handled at county level: the county command centre dispatches it.")
    return None


def actor_is_dispatched(clue, ctx):
    """Only the dispatched officers (or, when none is named, the dispatched team) act in the field."""
    if not ctx.actor_may_respond:
        return _("The clue was not dispatched to you.")
    return None


def arrival_time_valid(clue, ctx):
    """The arrival is not before the dispatch and not in the future; a position is complete or absent."""
    if clue.arrived_at is None or (clue.dispatched_at and clue.arrived_at < clue.dispatched_at) \
            or clue.arrived_at > ctx.now:
        return _("The arrival time must lie between the dispatch and now.")
    if ctx.data.get("position_incomplete"):
        return _("Give both latitude and longitude of the arrival, or neither.")
    return None


def result_written(clue, ctx):
    """The field result is written down (what was found and done)."""
    if len(clue.outcome_note.strip()) < 4:
        return _("Describe what you found and did (at least 4 characters).")
    return None


def rectification_deadline_valid(clue, ctx):
    """A warning (预警) sets a future rectification deadline within the setting's maximum, and says what."""
    deadline = ctx.data.get("rectification_deadline")
    if not isinstance(deadline, date) or deadline <= ctx.today:
        return _("The rectification deadline must be a future date.")
    if (deadline - ctx.today).days > ctx.max_warning_days:
        return _("The rectification period may not exceed %(days)s days.") % {"days": ctx.max_warning_days}
    if len(str(ctx.data.get("requirement") or "").strip()) < 4:
        return _("State what the party must rectify (at least 4 characters).")
    return None


def rectification_deadline_reached(clue, ctx):
    """未整改 is recorded on or after the rectification deadline, never before it."""
    warning = ctx.warning
    if warning is None:
        return _("No early warning was issued for this clue.")
    if ctx.today < warning.rectification_deadline:
        return _("The rectification deadline of %(date)s has not been reached yet.") % {
            "date": warning.rectification_deadline}
    return None


def case_linked(clue, ctx):
    """Filing a case leaves the clue linked to it (the case keeps the clue as its source)."""
    if not clue.case_id:
        return _("Give the case to file or the number of an existing case.")
    return None


def transfer_recorded(clue, ctx):
    """A transfer names the receiving department and its receipt number."""
    if not clue.transferred_to_id:
        return _("Choose the department the clue is transferred to.")
    if not clue.transfer_receipt.strip():
        return _("Record the receiving department's receipt number.")
    return None


# ---- the table -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    target: str
    permission: str
    guards: tuple = ()
    outcome: str | None = None


ACTION_LABELS = {
    "triage": gettext_lazy("Confirm the triage"),
    "merge": gettext_lazy("Merge into another clue"),
    "dismiss": gettext_lazy("Do not accept"),
    "dispatch": gettext_lazy("Dispatch"),
    "escalate": gettext_lazy("Escalate to the county centre"),
    "acknowledge": gettext_lazy("Acknowledge"),
    "refuse": gettext_lazy("Refuse with reason"),
    "arrive": gettext_lazy("Record arrival on the spot"),
    "report_no_violation": gettext_lazy("Report: no violation found"),
    "report_handled": gettext_lazy("Report: handled on the spot"),
    "issue_warning": gettext_lazy("Issue an early warning"),
    "recheck_rectified": gettext_lazy("Re-check: rectified"),
    "recheck_unrectified": gettext_lazy("Re-check: not rectified"),
    "file_case": gettext_lazy("File a case"),
    "transfer": gettext_lazy("Transfer to a department"),
}

TRIAGE, DISPATCH, RESPOND = "clue.triage", "clue.dispatch", "clue.respond"
TRANSITIONS = {
    # 数据研判: confirm item, township and zone; merge a duplicate; refuse what is no enforcement matter.
    (S.NEW, "triage"): Transition(S.TRIAGED, TRIAGE, (place_confirmed,)),
    (S.NEW, "merge"): Transition(S.MERGED, TRIAGE, (merge_target_valid,)),
    (S.NEW, "dismiss"): Transition(S.CLOSED, TRIAGE, (reason_given,), Outcome.NOT_ACCEPTED),
    (S.TRIAGED, "triage"): Transition(S.TRIAGED, TRIAGE, (place_confirmed,)),
    (S.TRIAGED, "merge"): Transition(S.MERGED, TRIAGE, (merge_target_valid,)),
    (S.TRIAGED, "dismiss"): Transition(S.CLOSED, TRIAGE, (reason_given,), Outcome.NOT_ACCEPTED),
    (S.TRIAGED, "transfer"): Transition(S.CLOSED, TRIAGE, (transfer_recorded,), Outcome.TRANSFERRED),
    # 派单, re-dispatch after a refusal, escalation township → county (002: 跨区域、重大案件的协调处理).
    (S.TRIAGED, "dispatch"): Transition(S.DISPATCHED, DISPATCH, (dispatch_target_valid,
                                                                  county_dispatches_bureau_level,
                                                                  item_empowered_in_zone)),
    (S.TRIAGED, "escalate"): Transition(S.ESCALATED, "clue.escalate", (reason_given,)),
    (S.RETURNED, "dispatch"): Transition(S.DISPATCHED, DISPATCH, (dispatch_target_valid,
                                                                   county_dispatches_bureau_level,
                                                                   item_empowered_in_zone)),
    (S.RETURNED, "escalate"): Transition(S.ESCALATED, "clue.escalate", (reason_given,)),
    (S.ESCALATED, "dispatch"): Transition(S.DISPATCHED, "clue.dispatch_bureau", (dispatch_target_valid,
                                                                                 county_dispatches_bureau_level,
                                                                                 item_empowered_in_zone)),
    # 执法响应: acknowledge (签收) or refuse, arrive (到场), report the result.
    (S.DISPATCHED, "acknowledge"): Transition(S.ACKNOWLEDGED, RESPOND, (actor_is_dispatched,)),
    (S.DISPATCHED, "refuse"): Transition(S.RETURNED, RESPOND, (actor_is_dispatched, reason_given)),
    (S.ACKNOWLEDGED, "arrive"): Transition(S.ARRIVED, RESPOND, (actor_is_dispatched, arrival_time_valid)),
    (S.ARRIVED, "report_no_violation"): Transition(S.CLOSED, RESPOND, (actor_is_dispatched, result_written),
                                                   Outcome.NO_VIOLATION),
    (S.ARRIVED, "report_handled"): Transition(S.CLOSED, RESPOND, (actor_is_dispatched, result_written),
                                              Outcome.HANDLED),
    (S.ARRIVED, "issue_warning"): Transition(S.WARNING, RESPOND, (actor_is_dispatched,
                                                                  rectification_deadline_valid)),
    (S.ARRIVED, "file_case"): Transition(S.CLOSED, RESPOND, (actor_is_dispatched, case_linked),
                                         Outcome.CASE_FILED),
    (S.ARRIVED, "transfer"): Transition(S.CLOSED, RESPOND, (actor_is_dispatched, transfer_recorded),
                                        Outcome.TRANSFERRED),
    # 预警执法: the re-check on the deadline; not rectified → a case with the clue as its source.
    (S.WARNING, "recheck_rectified"): Transition(S.CLOSED, RESPOND, (actor_is_dispatched, result_written),
                                                 Outcome.RECTIFIED),
    (S.WARNING, "recheck_unrectified"): Transition(S.UNRECTIFIED, RESPOND, (actor_is_dispatched,
                                                                            rectification_deadline_reached,
                                                                            result_written)),
    (S.UNRECTIFIED, "file_case"): Transition(S.CLOSED, RESPOND, (actor_is_dispatched, case_linked),
                                             Outcome.CASE_FILED),
}


def lookup(state, action):
    return TRANSITIONS.get((state, action))


def actions_from(state):
    return [action for (st, action) in TRANSITIONS if st == state]


def run_guards(transition, clue, ctx):
    """Every failing guard's reason (empty list: the move is allowed)."""
    reasons = []
    for guard in transition.guards:
        reason = guard(clue, ctx)
        if reason:
            reasons.append(str(reason))
    return reasons


def as_markdown():
    """The table as Markdown: docs/clue-workflow.md is generated from here, never written by hand."""
    lines = [
        "# Clue workflow",
        "",
        "Generated from `intake/workflow.py` by `manage.py clue_workflow_doc`; do not edit by hand.",
        "",
        "| from | action | to | outcome | permission | guards |",
        "|---|---|---|---|---|---|",
    ]
    for (state, action), t in TRANSITIONS.items():
        guards = ", ".join(f"`{g.__name__}`" for g in t.guards) or "—"
        lines.append(f"| {state} | `{action}` | {t.target} | {t.outcome or '—'} | `{t.permission}` | {guards} |")
    lines += ["", "## Guards", ""]
    seen = set()
    for t in TRANSITIONS.values():
        for guard in t.guards:
            if guard.__name__ in seen:
                continue
            seen.add(guard.__name__)
            doc = (guard.__doc__ or "").strip().splitlines()
            lines.append(f"- `{guard.__name__}`: {doc[0] if doc else ''}".rstrip())
    return "\n".join(lines) + "\n"
