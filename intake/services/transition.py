"""`clue_transition`: the only writer of `Clue.state`.

Lock the row, look the move up in `intake.workflow.TRANSITIONS`, check permission and scope, apply the
action's data to the locked copy (in memory), run the guards, then write: the clue, the dispatch / warning /
case the action creates, an append-only `ClueEvent` and an audit event. Anything refused leaves the database
untouched and raises `TransitionRefused` (or ValidationError / PermissionDenied) with Chinese reasons.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Item
from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent
from enforcement.core.workdays import add_workdays
from townships.models import Department, Officer, Township, Zone

from .. import workflow
from ..models import Clue, ClueEvent, Dispatch, EarlyWarning, Level, State, TriageProposal, Urgency
from .common import choice, coordinate, date_value, datetime_value, text
from .filing import file_case_for_clue


class TransitionRefused(ValidationError):
    """A move the workflow does not allow; `messages` are the Chinese reasons."""


class TransitionConflict(TransitionRefused):
    """Someone else moved the clue since the user saw it (`expected_state`): the API answers 409."""


# ---- facts the guards read (attributes only) -----------------------------------------------------------

@dataclass
class DispatchFacts:
    target: str
    township_id: int | None
    zone_id: int | None
    zone_township_id: int | None
    unit_name: str
    officer_count: int
    foreign_officers: list = field(default_factory=list)


def response_deadline(urgency, dispatched_at):
    """Urgent: minutes (CLUE_ARRIVE_MINUTES_URGENT); normal: working days (CLUE_ARRIVE_WORKDAYS_NORMAL)."""
    if urgency == Urgency.URGENT:
        return dispatched_at + timedelta(minutes=settings.CLUE_ARRIVE_MINUTES_URGENT)
    local = timezone.localtime(dispatched_at)
    day = add_workdays(local.date(), settings.CLUE_ARRIVE_WORKDAYS_NORMAL)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _officer_of(user):
    return Officer.objects.filter(user_id=getattr(user, "pk", None)).first()


def may_respond(dispatch, actor):
    """Is `actor` one of the officers a dispatch went to (or, when none is named, of the dispatched team)?"""
    if dispatch is None or dispatch.status != Dispatch.Status.ACTIVE or not access.can(actor, "clue.respond"):
        return False
    officer = _officer_of(actor)
    if officer is not None and dispatch.officers.filter(pk=officer.pk).exists():
        return True
    if dispatch.officers_only:
        return False
    if dispatch.target == Dispatch.Target.BUREAU:
        return access.sees_all_townships(actor)
    own = access.township_of(actor)
    return own is not None and own.pk == dispatch.township_id


# ---- applying each action's data to the locked clue (in memory) ---------------------------------------

@dataclass
class Pending:
    """What the action writes besides the clue row, once the guards have passed."""

    dispatch: Dispatch | None = None
    officers: list = field(default_factory=list)
    dispatch_updates: dict = field(default_factory=dict)
    warning: EarlyWarning | None = None
    warning_updates: dict = field(default_factory=dict)
    case_data: dict | None = None
    proposal_choice: dict | None = None
    event: dict = field(default_factory=dict)
    target: Clue | None = None  # merge
    facts: DispatchFacts | None = None  # dispatch


def _lookup(model, value, key, queryset=None):
    if value in (None, ""):
        return None
    qs = queryset if queryset is not None else model.objects.all()
    found = qs.filter(code=str(value).strip()).first()
    if found is None:
        raise ValidationError({key: _("Unknown code “%(code)s”.") % {"code": value}})
    return found


def _apply_triage(clue, data, actor, pending):
    own = access.township_of(actor)
    township = _lookup(Township, data.get("township"), "township") if "township" in data else clue.township
    zone = _lookup(Zone, data.get("zone"), "zone") if "zone" in data else clue.zone
    if own is not None and (township is None or township.pk != own.pk):
        raise ValidationError({"township": _(
            "A township command room triages for its own township; escalate what belongs elsewhere.")})
    if zone is not None and township is None:
        township = zone.township
    data["zone_township_mismatch"] = bool(zone is not None and township is not None and zone.township_id != township.pk)
    clue.township, clue.zone = township, zone
    clue.level = Level.TOWNSHIP if township is not None else Level.BUREAU
    if "item" in data:
        clue.item = _lookup(Item, data.get("item"), "item")
    if data.get("urgency"):
        clue.urgency = choice(data, "urgency", Urgency.values)
    pending.proposal_choice = {"item": clue.item, "township": township, "zone": zone}
    pending.event = {"item": clue.item.code if clue.item else "", "township": township.code if township else "",
                     "zone": zone.code if zone else "", "urgency": clue.urgency}


def _apply_dispatch(clue, data, actor, pending, now):
    kind = choice(data, "target", Dispatch.Target.values)
    zone = _lookup(Zone, data.get("zone"), "zone") if kind == Dispatch.Target.ZONE else None
    numbers = data.get("officers") or []
    if isinstance(numbers, str):
        numbers = [n for n in numbers.replace("，", ",").split(",") if n.strip()]
    numbers = [str(n).strip() for n in numbers][:20]
    officers = list(Officer.objects.filter(employee_number__in=numbers, is_active=True)) if numbers else []
    missing = sorted(set(numbers) - {o.employee_number for o in officers})
    if missing:
        raise ValidationError({"officers": _("Unknown officers: %(numbers)s") % {"numbers": ", ".join(missing)}})
    if kind == Dispatch.Target.ZONE and zone is not None and not officers:
        officers = list(zone.officers.filter(is_active=True))
    if data.get("urgency"):
        clue.urgency = choice(data, "urgency", Urgency.values)
    township = None if kind == Dispatch.Target.BUREAU else (zone.township if zone else clue.township)
    expected_township = None if kind == Dispatch.Target.BUREAU else clue.township_id
    deadline = response_deadline(clue.urgency, now)
    pending.dispatch = Dispatch(
        clue=clue, target=kind, township=township, zone=zone, unit_name=text(data, "unit_name", max_length=100),
        officers_only=any(o.user_id for o in officers), urgency=clue.urgency,
        note=text(data, "note"), dispatched_by=actor, dispatched_at=now, response_deadline=deadline)
    pending.officers = officers
    pending.facts = DispatchFacts(
        target=kind, township_id=township.pk if township else None, zone_id=zone.pk if zone else None,
        zone_township_id=zone.township_id if zone else None, unit_name=pending.dispatch.unit_name,
        officer_count=len(officers),
        foreign_officers=[o.name for o in officers if o.township_id != expected_township])
    clue.dispatched_at, clue.response_deadline = now, deadline
    clue.acknowledged_at = clue.arrived_at = None
    pending.event = {"target": kind, "zone": zone.code if zone else "", "unit": pending.dispatch.unit_name,
                     "officers": [o.employee_number for o in officers], "deadline": deadline.isoformat()}


def _apply(clue, action, data, actor, now, pending):
    if action == "triage":
        _apply_triage(clue, data, actor, pending)
    elif action == "merge":
        target = _lookup(Clue, data.get("into"), "into", Clue.objects.select_related("merged_into"))
        pending.target = target
        if target is not None and target.pk != clue.pk and target.state != State.MERGED:
            clue.merged_into = target
            clue.case_id = target.case_id or clue.case_id  # a complaint merged into a filed one has its case
        pending.event = {"into": target.code if target else ""}
    elif action in ("dismiss", "escalate", "refuse"):
        data["reason"] = text(data, "reason")
        if action == "dismiss":
            clue.outcome_note = data["reason"]
        elif action == "escalate":
            clue.level = Level.BUREAU
        else:
            pending.dispatch_updates = {"status": Dispatch.Status.REFUSED, "refused_by": actor, "refused_at": now,
                                        "refusal_reason": data["reason"]}
            clue.response_deadline = None
    elif action == "dispatch":
        _apply_dispatch(clue, data, actor, pending, now)
    elif action == "acknowledge":
        clue.acknowledged_at = now
        pending.dispatch_updates = {"acknowledged_by": actor, "acknowledged_at": now}
    elif action == "arrive":
        clue.arrived_at = datetime_value(data, "arrived_at", now)
        lat, lon = coordinate(data, "latitude", -90, 90), coordinate(data, "longitude", -180, 180)
        if (lat is None) != (lon is None):
            data["position_incomplete"] = True
            lat = lon = None
        pending.dispatch_updates = {"arrived_at": clue.arrived_at, "arrival_latitude": lat,
                                    "arrival_longitude": lon}
        pending.event = {"latitude": str(lat or ""), "longitude": str(lon or "")}
    elif action in ("report_no_violation", "report_handled", "recheck_rectified", "recheck_unrectified"):
        clue.outcome_note = text(data, "note")
        if action.startswith("recheck"):
            outcome = EarlyWarning.Outcome.RECTIFIED if action == "recheck_rectified" else \
                EarlyWarning.Outcome.UNRECTIFIED
            pending.warning_updates = {"outcome": outcome, "rechecked_by": actor, "rechecked_at": now,
                                       "recheck_note": clue.outcome_note}
    elif action == "issue_warning":
        deadline = date_value(data, "rectification_deadline", required=True)
        data["rectification_deadline"] = deadline
        data["requirement"] = text(data, "requirement")
        clue.outcome_note = text(data, "note") or data["requirement"]
        pending.warning = EarlyWarning(clue=clue, township=clue.township, notice_number=f"YJ{clue.code[2:]}",
                                       requirement=data["requirement"], issued_by=actor, issued_at=now,
                                       rectification_deadline=deadline)
        pending.event = {"rectification_deadline": deadline.isoformat()}
    elif action == "file_case":
        pending.case_data = data
    elif action == "transfer":
        clue.transferred_to = _lookup(Department, data.get("department"), "department")
        clue.transfer_receipt = text(data, "receipt", max_length=100)
        clue.outcome_note = text(data, "note")
        pending.event = {"department": clue.transferred_to.code if clue.transferred_to else "",
                         "receipt": clue.transfer_receipt}


def _context(clue, actor, data, pending, now):
    target = pending.target
    warning = EarlyWarning.objects.filter(clue=clue).first() if clue.state in (State.WARNING,
                                                                                 State.UNRECTIFIED) else None
    if target is not None and target.merged_into_id:
        target.merged_into_code = target.merged_into.code
    return workflow.GuardContext(
        now=now, today=timezone.localdate(now), actor_is_county=access.township_of(actor) is None,
        actor_may_respond=may_respond(clue.current_dispatch, actor),
        dispatch=pending.facts, target=target,
        target_visible=bool(target is not None and access.scope(Clue.objects.filter(pk=target.pk), actor).exists()),
        warning=warning, data=data, max_warning_days=settings.CLUE_WARNING_MAX_DAYS,
        zone_limit=_zone_limit(clue, pending))


def _zone_limit(clue, pending):
    """特定区域: the one rule (townships.services.zone_limit_refusal), asked only for a dispatch to a township."""
    from townships.services import zone_limit_refusal

    dispatch = pending.facts
    if dispatch is None or dispatch.target == "bureau" or not (clue.township_id and clue.item_id):
        return ""
    return zone_limit_refusal(clue.township, clue.item, clue.zone) or ""


# ---- the service ----------------------------------------------------------------------------------------

def _refuse(messages):
    raise TransitionRefused(messages if isinstance(messages, list) else [messages])


def _not_possible(clue, action):
    return _("The action “%(action)s” is not possible for a clue in state “%(state)s”.") % {
        "action": workflow.ACTION_LABELS.get(action, action), "state": clue.get_state_display()}


def clue_transition(*, clue, action, actor, now=None, **data):
    """Apply `action` to `clue` as `actor`; returns the updated clue or raises (nothing written)."""
    try:
        return _transition(clue=clue, action=action, actor=actor, now=now, data=data)
    except (TransitionRefused, PermissionDenied) as exc:
        outcome = AuditEvent.Outcome.DENIED if isinstance(exc, PermissionDenied) else AuditEvent.Outcome.FAILURE
        reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        if not transaction.get_connection().needs_rollback:
            audit.record("clue.transition", actor=actor, obj=clue, outcome=outcome, action=action, reasons=reasons)
        raise


@transaction.atomic
def _transition(*, clue, action, actor, now, data):
    now = now or timezone.now()
    locked = (Clue.objects.select_for_update(of=("self",))
              .select_related("township", "zone", "item", "current_dispatch").get(pk=clue.pk))
    access.require(actor, "clue.view", obj=locked)
    expected = data.pop("expected_state", None)
    if expected and expected != locked.state:
        raise TransitionConflict([_("The clue was changed by someone else in the meantime (now: %(state)s). Reload "
                                    "it and try again.") % {"state": locked.get_state_display()}])
    transition = workflow.lookup(locked.state, action)
    if transition is None:
        _refuse(_not_possible(locked, action))
    access.require(actor, transition.permission, obj=locked)

    from_state = locked.state
    pending = Pending()
    _apply(locked, action, data, actor, now, pending)
    if pending.case_data is not None and workflow.actor_is_dispatched(locked, _context(locked, actor, data, pending,
                                                                                        now)) is None:
        # Filing happens only for the dispatched officers; the case service checks its own rules.
        locked.case = file_case_for_clue(clue=locked, actor=actor, data=pending.case_data, from_state=from_state)
    ctx = _context(locked, actor, data, pending, now)
    reasons = workflow.run_guards(transition, locked, ctx)
    if reasons:
        _refuse(reasons)

    locked.state = transition.target
    if transition.outcome:
        locked.outcome = transition.outcome
    if locked.state in (State.CLOSED, State.MERGED):
        locked.closed_at = now
    _write_side_records(locked, action, pending, now)
    locked.full_clean(exclude=["patrol"])
    locked.save()
    if action == "file_case" and locked.case_id:
        Clue.objects.filter(merged_into=locked, case__isnull=True).update(case=locked.case, updated_at=now)
    note = text(data, "note") or text(data, "reason")
    event_data = {**pending.event, **({"outcome": locked.outcome} if transition.outcome else {})}
    if locked.case_id and action == "file_case":
        event_data["case"] = locked.case.code
    ClueEvent.objects.create(clue=locked, action=action, from_state=from_state, to_state=locked.state, actor=actor,
                             note=note, data=event_data, created_at=now)
    audit.record("clue.transition", actor=actor, obj=locked, action=action, from_state=from_state,
                 to_state=locked.state)
    clue.refresh_from_db()
    return clue


def _write_side_records(clue, action, pending, now):
    current = clue.current_dispatch
    if pending.dispatch is not None:
        pending.dispatch.full_clean(exclude=["clue"])
        pending.dispatch.save()
        pending.dispatch.officers.set(pending.officers)
        clue.current_dispatch = pending.dispatch
    elif current is not None and pending.dispatch_updates:
        Dispatch.objects.filter(pk=current.pk).update(**pending.dispatch_updates)
    if clue.state == State.CLOSED and current is not None and current.status == Dispatch.Status.ACTIVE:
        Dispatch.objects.filter(pk=current.pk).update(status=Dispatch.Status.DONE)
    if pending.warning is not None:
        pending.warning.full_clean(exclude=["clue"])
        pending.warning.save()
    if pending.warning_updates:
        EarlyWarning.objects.filter(clue=clue).update(**pending.warning_updates)
    if pending.proposal_choice is not None:
        _record_choice(clue, pending.proposal_choice, now)
    if action == "merge":
        proposal = TriageProposal.objects.filter(clue=clue).first()
        if proposal is not None:
            proposal.duplicate_accepted = clue.merged_into.code in {d.get("code") for d in proposal.duplicates}
            proposal.decided_at = now
            proposal.save(update_fields=["duplicate_accepted", "decided_at"])


def _record_choice(clue, chosen, now):
    """Keep the operator's choice next to the proposals: the share of first proposals accepted is measurable."""
    proposal = TriageProposal.objects.filter(clue=clue).first()
    if proposal is None:
        return
    item, township, zone = chosen["item"], chosen["township"], chosen["zone"]
    codes = [p.get("code") for p in proposal.items]
    proposal.chosen_item, proposal.chosen_township, proposal.chosen_zone = item, township, zone
    proposal.item_accepted = bool(item and codes and codes[0] == item.code) if item or codes else None
    proposal.item_in_top3 = bool(item and item.code in codes) if item else None
    proposal.township_accepted = (proposal.township_id == (township.pk if township else None)) \
        if proposal.township_id or township else None
    proposal.zone_accepted = (proposal.zone_id == (zone.pk if zone else None)) if proposal.zone_id or zone else None
    proposal.decided_at = now
    proposal.save()


def available_actions(clue, user):
    """The actions `user` may attempt on `clue` now (permission only; guards run on submit)."""
    return [action for action in workflow.actions_from(clue.state)
            if access.can(user, workflow.lookup(clue.state, action).permission)]
