"""`case_transition`: the only writer of `Case.status`.

Lock the row, look the move up in `cases.workflow.TRANSITIONS`, check permission and scope, validate the
action's input with its serializer (`cases.inputs`) against the locked case, apply the typed values to the
locked copy, run the guards, save, append a `CaseEvent`, audit, and queue the
side effects (documents, public status of the action code) on commit. Anything refused leaves the
database untouched and raises `TransitionRefused` with the reasons.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent
from enforcement.core import crypto
from enforcement.core.action_codes import action_code_set_status
from enforcement.outbox import services as outbox
from townships.models import Officer
from townships.services import serving_township_ids

from .. import rules, workflow
from ..inputs import INPUTS, validate_input
from ..models import (
    Case,
    CaseEvent,
    CorrectionOutcome,
    DecisionType,
    DocumentKind,
    Review,
    ReviewLevel,
    ReviewOutcome,
    StatementOutcome,
    Status,
)
from . import appeals, archive, coercive, criminal, execution, publication
from .context import build_context


class TransitionRefused(ValidationError):
    """A move the law or the workflow does not allow; `messages` are the Chinese reasons."""


class TransitionConflict(TransitionRefused):
    """Someone else moved the case first (two reviewers at once): HTTP 409 in the API and the pages."""

    http_status = 409


# Documents generated (on commit) after an action.
DOCUMENTS_AFTER = {
    "register": DocumentKind.FILING_APPROVAL,
    "issue_correction_order": DocumentKind.CORRECTION_ORDER,
    "notify": DocumentKind.PENALTY_NOTICE,
    "decide": DocumentKind.PENALTY_DECISION,
    "decide_no_penalty": DocumentKind.NO_PENALTY_DECISION,
    "decide_on_spot": DocumentKind.SPOT_DECISION,
    "decide_no_penalty_on_spot": DocumentKind.NO_PENALTY_DECISION,
    "remind": DocumentKind.PAYMENT_REMINDER,
    "apply_enforcement": DocumentKind.ENFORCEMENT_APPLICATION,
    "deliver": DocumentKind.DELIVERY_RECEIPT,
    "transfer_to_police": DocumentKind.CRIMINAL_TRANSFER,
    "take_coercive_measure": DocumentKind.COERCIVE_DECISION,
    "extend_coercive_measure": DocumentKind.COERCIVE_EXTENSION,
    "release_coercive_measure": DocumentKind.COERCIVE_RELEASE,
    "decide_coercive_measure": DocumentKind.COERCIVE_HANDLING,
}


def resolve_officers(values, *, case):
    """Officers given as Officer objects or employee numbers, limited to those the case may use."""
    officers, numbers = [], []
    for value in values or []:
        if isinstance(value, Officer):
            officers.append(value)
        else:
            numbers.append(str(value))
    if numbers:
        found = {o.employee_number: o for o in Officer.objects.filter(employee_number__in=numbers, is_active=True)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationError({"officers": _("Unknown officers: %(numbers)s") % {"numbers": ", ".join(missing)}})
        officers += [found[n] for n in numbers]
    allowed = serving_township_ids(case.township) if case.township_id else {None}
    foreign = [o.name for o in officers if o.township_id not in allowed]
    if foreign:
        if case.township_id:
            message = _("These officers are not posted to the case's township %(township)s: %(names)s") % {
                "township": case.township.name, "names": "、".join(foreign)}
        else:
            message = _("A bureau case is handled by bureau officers; these officers are posted to a township: "
                        "%(names)s") % {"names": "、".join(foreign)}
        raise ValidationError({"officers": message})
    return list(dict.fromkeys(officers))


def refresh_major(case):
    """The setting-driven major-case rule applied to the heaviest penalty known so far."""
    if case.decision_type:
        kinds, fine = case.penalty_kinds, case.fine_amount
    elif case.notice_date:
        kinds, fine = case.notice_penalty_kinds, case.notice_fine
    else:
        kinds, fine = case.proposed_penalty_kinds, case.proposed_fine
    case.major_reasons = rules.major_reasons(party_type=case.party_type, penalty_kinds=kinds, fine=fine,
                                             hearing_held=case.hearing_held, marked_complex=case.marked_complex)
    case.is_major = bool(case.major_reasons)


# ---- applying each action's typed values to the locked case (in memory) --------------------------------

def _apply(case, action, values, today):
    """`values` are the action serializer's validated data (cases.inputs). Returns (officers or None, extra)."""
    officers = None
    extra = {}
    on = values.get(INPUTS[action].date_field) if INPUTS[action].date_field else None
    if action in execution.ACTIONS:  # after the decision: payments, 催告, payment plans, the court
        return None, execution.apply(case, action, values, on, today)
    if action in criminal.ACTIONS:  # 两法衔接
        return None, criminal.apply(case, action, values, on or today, today)
    if action in appeals.ACTIONS:  # 复议 / 诉讼 and the defence tasks
        return None, appeals.apply(case, action, values, on or today, None)
    if action in coercive.ACTIONS:  # 查封 / 扣押 / 先行登记保存
        return None, coercive.apply(case, action, values, on or today, today)
    if action in ("register", "amend", "decide_on_spot", "decide_no_penalty_on_spot") and "officers" in values:
        officers = resolve_officers(values["officers"], case=case)
    if action == "register":
        case.filed_on = on
        case.deadline = rules.decision_deadline(on, case.extension_days)
    elif action == "amend":
        for key in ("facts", "location"):
            if values.get(key):
                setattr(case, key, values[key])
        if "marked_complex" in values:
            case.marked_complex = values["marked_complex"]
        if values.get("party_address"):
            case.party_address_encrypted = crypto.encrypt(values["party_address"])
        for key in ("violation_ended_on", "safety_involved", "harmful_consequences"):
            if key in values:
                setattr(case, key, values[key])
        if "proposed_fine" in values:
            case.proposed_fine = values["proposed_fine"]
        if "proposed_penalty_kinds" in values:
            case.proposed_penalty_kinds = sorted(set(values["proposed_penalty_kinds"]))
        refresh_major(case)
    elif action in ("decline", "revoke"):
        case.closing_reason = values["reason"]
        case.closed_on = today
    elif action == "transfer":
        case.closing_reason = values["reason"]
        case.transferred_to = values["transferred_to"]
        case.closed_on = today
    elif action == "issue_correction_order":
        case.correction_ordered_on = on
        case.correction_deadline = values["correction_deadline"]
        case.correction_outcome = CorrectionOutcome.PENDING
        case.correction_checked_on = None
    elif action == "record_correction":
        case.correction_outcome = values["outcome"]
        case.correction_checked_on = on
    elif action == "extend_deadline":
        days = values["days"]
        extra = {"days": days, "reason": values["reason"], "previous_deadline": str(case.deadline or ""),
                 "approval": case.extension_count + 1}
        case.extension_days += days
        case.extension_count += 1
        case.deadline = rules.decision_deadline(case.filed_on, case.extension_days)
        extra["new_deadline"] = str(case.deadline)
    elif action == "notify":
        kinds = values.get("penalty_kinds")
        case.notice_penalty_kinds = sorted(set(kinds if kinds is not None else case.proposed_penalty_kinds))
        fine = values.get("fine")
        if fine is None and "fine" in case.notice_penalty_kinds:
            fine = case.proposed_fine
        case.notice_fine = fine
        case.notice_confiscation = (values.get("confiscation_amount") if "confiscation" in case.notice_penalty_kinds
                                    else None)
        case.mitigation_ground = values.get("mitigation_ground") or case.mitigation_ground
        case.notice_date = on
        case.statement_deadline = rules.statement_deadline(on)
        case.statement_outcome = StatementOutcome.NONE
        case.statement_on = None
        case.hearing_request_deadline = (
            rules.hearing_request_deadline(on)
            if rules.hearing_eligible(case.party_type, case.notice_penalty_kinds, case.notice_fine,
                                      case.notice_confiscation) else None)
        case.hearing_waived_on, case.hearing_waiver_note = None, ""  # a new notice opens a new period
        refresh_major(case)
        extra = {"penalty_kinds": case.notice_penalty_kinds, "fine": str(case.notice_fine or ""),
                 "confiscation": str(case.notice_confiscation or "")}
    elif action == "record_statement":
        case.statement_outcome = values["outcome"]
        case.statement_note = values.get("note", "")
        case.statement_on = on
    elif action == "request_hearing":
        case.hearing_requested_on = on
    elif action == "waive_hearing":
        case.hearing_waived_on = on
        case.hearing_waiver_note = values["note"]
    elif action == "schedule_hearing":
        case.hearing_date = values["hearing_date"]
        case.hearing_notice_date = on
    elif action == "record_hearing":
        case.hearing_held = True
        case.hearing_held_on = on
        refresh_major(case)
    elif action == "record_discussion":
        case.discussion_on = on
        case.discussion_note = values["note"]
    elif action in ("decide", "decide_on_spot"):
        kinds = values.get("penalty_kinds")
        case.penalty_kinds = sorted(set(kinds if kinds is not None else (
            case.notice_penalty_kinds or case.proposed_penalty_kinds)))
        fine = values.get("fine")
        if fine is None and "fine" in case.penalty_kinds:
            fine = case.notice_fine if case.notice_date else case.proposed_fine
        case.fine_amount = fine
        confiscation = values.get("confiscation_amount")
        if confiscation is None and "confiscation" in case.penalty_kinds and action == "decide":
            confiscation = case.notice_confiscation
        case.confiscation_amount = confiscation if "confiscation" in case.penalty_kinds else None
        case.discretion_reason = values.get("discretion_reason") or case.discretion_reason
        case.discretion_level = values.get("discretion_level") or case.discretion_level
        case.mitigation_ground = values.get("mitigation_ground") or case.mitigation_ground
        case.decision_text = values.get("decision_text") or case.decision_text
        case.decision_type = DecisionType.PENALTY
        case.decided_on = on
        case.delivery_deadline = rules.delivery_deadline(on)
        if action == "decide_on_spot":
            case.filed_on = on
            case.delivered_on = on
            case.payment_due = rules.payment_due(on) if case.fine_amount else None
            case.payment_next_due = case.payment_due
        else:
            was_major = case.is_major
            refresh_major(case)
            case.is_major = case.is_major or was_major
        extra = {"penalty_kinds": case.penalty_kinds, "fine": str(case.fine_amount or "")}
    elif action in ("decide_no_penalty", "decide_no_penalty_on_spot"):
        case.no_penalty_grounds = values["grounds"]
        case.decision_text = values["decision_text"]
        case.decision_type = DecisionType.NO_PENALTY
        case.penalty_kinds = []
        case.fine_amount = None
        case.confiscation_amount = None
        case.decided_on = on
        case.delivery_deadline = rules.delivery_deadline(on)
        if action == "decide_no_penalty_on_spot":  # decided and delivered on the spot
            case.filed_on = on
            case.delivered_on = on
        extra = {"grounds": case.no_penalty_grounds}
    elif action == "submit_review":
        if values.get("no_penalty_grounds"):
            case.no_penalty_grounds = values["no_penalty_grounds"]
    elif action == "deliver":
        case.delivered_on = on
        case.delivery_method = values.get("delivery_method") or "direct"
        case.delivery_recipient = values.get("recipient", "")
        case.delivery_notice_on = values.get("notice_on")
        case.delivery_note = execution.delivery_note(values)
        # Art. 61: after the 7-working-day deadline the delivery is late, kept on the case (list filter, badge)
        # A public notice is in time when the notice itself was published in time (its 30 days are the law's).
        sent_on = case.delivery_notice_on or on
        case.delivered_late = bool(case.delivery_deadline and sent_on > case.delivery_deadline)
        if case.fine_amount:
            case.payment_due = rules.payment_due(on)
            case.payment_next_due = case.payment_due
        extra = {"late": case.delivered_late, "delivery_deadline": str(case.delivery_deadline or "")}
    elif action == "close":
        case.closed_on = today
    elif action == "archive":
        case.archived_on = today
    elif action == "reopen":
        extra = {"reason": values["reason"], "closed_on": str(case.closed_on or "")}
        case.closed_on = None
    return officers, extra


# ---- the service ----------------------------------------------------------------------------------------

def _refuse(messages):
    messages = messages if isinstance(messages, list) else [messages]
    fields = [m for m in messages if isinstance(m, workflow.FieldReason)]
    if not fields:
        raise TransitionRefused([str(m) for m in messages])
    # Reasons tied to an input field go under its name (next to the field on the page); the others: `detail`.
    by_field = {}
    for message in messages:
        by_field.setdefault(getattr(message, "field", "detail"), []).append(str(message))
    raise TransitionRefused(by_field)


def _not_possible_message(case, action):
    if action in workflow.REVIEW_ACTIONS:
        return _("This case is no longer waiting for this review (current state: %(state)s): another "
                 "reviewer has already acted on it. Reload the case.") % {"state": case.get_status_display()}
    return _("The action “%(action)s” is not possible for a %(procedure)s case in state “%(state)s”.") % {
        "action": workflow.ACTION_LABELS.get(action, action),
        "procedure": case.get_procedure_display(),
        "state": case.get_status_display(),
    }


def conflict_message(case, action):
    """What the loser of a race is told (HTTP 409)."""
    if action in workflow.REVIEW_ACTIONS:
        return _("Already handled by another reviewer (the case is now “%(state)s”). Reload the case.") % {
            "state": case.get_status_display()}
    return _("The case was changed by someone else in the meantime (now: %(state)s). Reload it and try again.") % {
        "state": case.get_status_display()}


def _review_already_done(case, action, actor):
    """A review move arriving after another reviewer moved the case on is a conflict (HTTP 409), not a
    permission error: the case left the township review (the township reviewer's level) or left review."""
    if action not in workflow.REVIEW_ACTIONS or case.status == Status.TOWNSHIP_REVIEW:
        return False
    if case.status == Status.DISTRICT_REVIEW:
        return access.can(actor, "case.review_township")
    return True


def _facts_for(action, case):
    """Dates of earlier steps that live outside the case row, for the input's date checks."""
    if "last_review_on" not in INPUTS[action].not_before:
        return {}
    approved = [r for r in case.reviews.all() if r.outcome == ReviewOutcome.APPROVED]
    last = max((r.created_at for r in approved), default=None)
    return {"last_review_on": timezone.localdate(last) if last else None}


def case_transition(*, case, action, actor, today=None, expected_status=None, data=None, **fields):
    """Apply `action` to `case` as `actor`. The action's input comes as `data` (a mapping, e.g. the request
    body) and/or keyword `fields`; the action's serializer (cases.inputs) validates it on the locked case.
    Returns the updated case; raises TransitionConflict (someone acted first), TransitionRefused,
    PermissionDenied or ValidationError (nothing written) when the move is not allowed."""
    if fields:
        data = {**(data or {}), **fields}
    try:
        return _transition(case=case, action=action, actor=actor, today=today, expected=expected_status,
                           data=data)
    except (ValidationError, PermissionDenied) as exc:  # refused moves and refused inputs are both audited
        outcome = AuditEvent.Outcome.DENIED if isinstance(exc, PermissionDenied) else AuditEvent.Outcome.FAILURE
        reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        if not transaction.get_connection().needs_rollback:
            audit.record("case.transition", actor=actor, obj=case, outcome=outcome, action=action, reasons=reasons)
        raise


@transaction.atomic
def _transition(*, case, action, actor, today, expected, data):
    today = today or timezone.localdate()
    if action not in INPUTS:
        raise ValidationError({"action": [_("Unknown action.")]})
    locked = Case.objects.select_for_update(of=("self",)).select_related("item", "township").get(pk=case.pk)
    access.require(actor, "case.view", obj=locked)
    if isinstance(data, Mapping) and isinstance(data.get("expected_status"), str):
        expected = data.get("expected_status") or expected
    if expected and expected != locked.status:
        raise TransitionConflict([conflict_message(locked, action)])
    transition = workflow.lookup(locked.procedure, locked.status, action)
    if transition is None:
        if _review_already_done(locked, action, actor):
            raise TransitionConflict([conflict_message(locked, action)])
        _refuse(_not_possible_message(locked, action))
    if not access.can(actor, transition.permission) and _review_already_done(locked, action, actor):
        raise TransitionConflict([conflict_message(locked, action)])
    access.require(actor, transition.permission, obj=locked)

    values, action_date = validate_input(action, data, case=locked, today=today, facts=_facts_for(action, locked))
    from_status = locked.status
    officers, extra = _apply(locked, action, values, today)
    ctx = build_context(locked, actor, values, officers=officers, today=today, action_date=action_date)
    reasons = workflow.run_guards(transition, locked, ctx)
    if reasons:
        _refuse(reasons)

    locked.status = transition.target_for(locked)
    locked.full_clean(exclude=["officers"])
    locked.save()
    if officers is not None:
        locked.officers.set(officers)
    if action in appeals.ACTIONS:
        appeals.after(locked, action, values, action_date or today, actor)
    if action in criminal.ACTIONS:
        criminal.after(locked, action, values, action_date or today, actor)
    if action in coercive.ACTIONS:
        extra.update(coercive.after(locked, action, values, action_date or today, actor))
    publication.after_transition(locked, action, actor=actor, today=today)  # art. 48
    archive.after_transition(locked, action, actor=actor)  # 卷宗 on archiving

    if action in workflow.REVIEW_ACTIONS:
        level = ReviewLevel.TOWNSHIP if from_status == Status.TOWNSHIP_REVIEW else ReviewLevel.DISTRICT
        outcome = ReviewOutcome.APPROVED if action == "approve_review" else ReviewOutcome.RETURNED
        review = Review(case=locked, level=level, reviewer=actor, opinion=values["opinion"], outcome=outcome)
        review.full_clean()
        review.save()
        extra = {"level": level, "outcome": outcome}
    if action_date is not None:
        extra["action_date"] = action_date.isoformat()
        if action_date < today:  # 补录: recorded after the fact, with the true date
            extra["recorded_late"] = True

    note = values.get("note") or values.get("reason") or values.get("opinion") or ""
    event = CaseEvent.objects.create(case=locked, action=action, from_status=from_status, to_status=locked.status,
                                     actor=actor, note=note, data=extra, created_at=timezone.now())
    audit.record("case.transition", actor=actor, obj=locked, action=action, from_status=from_status,
                 to_status=locked.status, recorded_late=bool(extra.get("recorded_late")))
    if action == "reopen":  # SECURITY §19: the one way to change a closed case, audited with its reason
        audit.record("case.reopen", actor=actor, obj=locked, reason=extra["reason"], closed_on=extra["closed_on"])
    elif extra.get("reopened_from_closed"):  # a review or lawsuit against the closed case (复议法 20, 诉讼法 46)
        audit.record("case.reopen", actor=actor, obj=locked, reason=action, closed_on=extra["closed_on"])
    with translation.override(settings.LANGUAGE_CODE):  # the public verify page speaks the agency's language
        action_code_set_status(code=locked.code, status=locked.get_status_display())

    kind = DOCUMENTS_AFTER.get(action)
    if kind:
        from ..tasks import generate_case_document

        # Written with the transition, sent after the commit: a broker outage delays the document, never loses it.
        outbox.enqueue(generate_case_document, locked.pk, kind, getattr(actor, "pk", None), event.pk)

    # Hand the caller the fresh state.
    case.refresh_from_db()
    return case


def available_actions(case, user):
    """The actions `user` may attempt on `case` now (permission only; guards run on submit)."""
    result = []
    for action in workflow.actions_from(case.procedure, case.status):
        transition = workflow.lookup(case.procedure, case.status, action)
        if access.can(user, transition.permission):
            result.append(action)
    return result
