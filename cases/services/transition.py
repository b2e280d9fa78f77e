"""`case_transition`: the only writer of `Case.status`.

Lock the row, look the move up in `cases.workflow.TRANSITIONS`, check permission and scope, apply the
action's data to the locked copy, run the guards, save, append a `CaseEvent`, audit, and queue the
side effects (documents, public status of the action code) on commit. Anything refused leaves the
database untouched and raises `TransitionRefused` with the reasons.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import PenaltyKind
from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent
from enforcement.core.action_codes import action_code_set_status
from townships.models import Officer
from townships.services import serving_township_ids

from .. import rules, workflow
from ..models import (
    Case,
    CaseEvent,
    CorrectionOutcome,
    DecisionType,
    DocumentKind,
    NoPenaltyGround,
    Review,
    ReviewLevel,
    ReviewOutcome,
    StatementOutcome,
    Status,
)
from .context import build_context


class TransitionRefused(ValidationError):
    """A move the law or the workflow does not allow; `messages` are the Chinese reasons."""


# Documents generated (on commit) after an action.
DOCUMENTS_AFTER = {
    "register": DocumentKind.FILING_APPROVAL,
    "issue_correction_order": DocumentKind.CORRECTION_ORDER,
    "notify": DocumentKind.PENALTY_NOTICE,
    "decide": DocumentKind.PENALTY_DECISION,
    "decide_no_penalty": DocumentKind.NO_PENALTY_DECISION,
    "decide_on_spot": DocumentKind.SPOT_DECISION,
}


# ---- parsing of action data --------------------------------------------------------------------------

def _date(data, key, default=None, *, required=False):
    value = data.get(key)
    if value in (None, ""):
        if required and default is None:
            raise ValidationError({key: _("This date is required.")})
        return default
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({key: _("Enter a valid date (YYYY-MM-DD).")}) from None


def _money(data, key, default=None):
    value = data.get(key)
    if value in (None, ""):
        return default
    try:
        amount = rules.money(value)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({key: _("Enter an amount in yuan.")}) from None
    if amount < 0 or amount.is_nan() or amount > Decimal("999999999999"):
        raise ValidationError({key: _("Enter an amount in yuan.")})
    return amount


def _kinds(data, key, default=None):
    value = data.get(key)
    if value in (None, "", []):
        return list(default or [])
    if isinstance(value, str):
        value = [v for v in value.split(",") if v]
    kinds = [str(v) for v in value]
    unknown = set(kinds) - set(PenaltyKind.values)
    if unknown:
        raise ValidationError({key: _("Unknown penalty kinds: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}})
    return sorted(set(kinds))


def _text(data, key, default=""):
    value = data.get(key)
    return default if value is None else str(value).strip()


def _choice(data, key, choices):
    value = _text(data, key)
    if value not in choices:
        raise ValidationError({key: _("Choose one of the listed options.")})
    return value


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


# ---- applying each action's data to the locked case (in memory) ----------------------------------------

def _apply(case, action, data, today):
    """Returns (officers to set or None, extra event data)."""
    officers = None
    extra = {}
    if action in ("register", "amend", "decide_on_spot") and "officers" in data:
        officers = resolve_officers(data.get("officers"), case=case)
    if action == "register":
        case.filed_on = today
        case.deadline = rules.decision_deadline(today, case.extension_days)
    elif action == "amend":
        for key in ("facts", "location"):
            if key in data and _text(data, key):
                setattr(case, key, _text(data, key))
        if "marked_complex" in data:
            case.marked_complex = bool(data.get("marked_complex"))
        if "proposed_fine" in data:
            case.proposed_fine = _money(data, "proposed_fine")
        if "proposed_penalty_kinds" in data:
            case.proposed_penalty_kinds = _kinds(data, "proposed_penalty_kinds")
        refresh_major(case)
    elif action in ("decline", "revoke"):
        case.closing_reason = _text(data, "reason")
        case.closed_on = today
    elif action == "transfer":
        case.closing_reason = _text(data, "reason")
        case.transferred_to = _text(data, "transferred_to")
        case.closed_on = today
    elif action == "issue_correction_order":
        case.correction_ordered_on = today
        case.correction_deadline = _date(data, "correction_deadline", required=True)
        case.correction_outcome = CorrectionOutcome.PENDING
    elif action == "record_correction":
        case.correction_outcome = _choice(data, "outcome", [CorrectionOutcome.CORRECTED, CorrectionOutcome.UNCORRECTED])
    elif action == "extend_deadline":
        try:
            days = int(data.get("days"))
        except (TypeError, ValueError):
            days = 0
        data["days"] = days
        if days > 0:
            case.extension_days += days
            case.deadline = rules.decision_deadline(case.filed_on, case.extension_days)
        extra = {"days": days, "reason": _text(data, "reason"), "new_deadline": str(case.deadline)}
    elif action == "notify":
        case.notice_penalty_kinds = _kinds(data, "penalty_kinds", case.proposed_penalty_kinds)
        case.notice_fine = _money(data, "fine", case.proposed_fine if "fine" in case.notice_penalty_kinds else None)
        case.notice_date = _date(data, "notice_date", today)
        case.statement_deadline = rules.statement_deadline(case.notice_date)
        case.statement_outcome = StatementOutcome.NONE
        case.hearing_request_deadline = (
            rules.hearing_request_deadline(case.notice_date)
            if rules.hearing_eligible(case.party_type, case.notice_penalty_kinds, case.notice_fine) else None)
        refresh_major(case)
        extra = {"penalty_kinds": case.notice_penalty_kinds, "fine": str(case.notice_fine or "")}
    elif action == "record_statement":
        case.statement_outcome = _choice(data, "outcome", [c for c in StatementOutcome.values if c])
        case.statement_note = _text(data, "note")
    elif action == "request_hearing":
        case.hearing_requested_on = _date(data, "requested_on", today)
    elif action == "schedule_hearing":
        case.hearing_date = _date(data, "hearing_date", required=True)
        case.hearing_notice_date = _date(data, "hearing_notice_date", today)
    elif action == "record_hearing":
        case.hearing_held = True
        refresh_major(case)
    elif action == "record_discussion":
        case.discussion_on = _date(data, "discussion_on", today)
        case.discussion_note = _text(data, "note")
    elif action in ("decide", "decide_on_spot"):
        default_kinds = case.notice_penalty_kinds or case.proposed_penalty_kinds
        case.penalty_kinds = _kinds(data, "penalty_kinds", default_kinds)
        default_fine = case.notice_fine if case.notice_date else case.proposed_fine
        case.fine_amount = _money(data, "fine", default_fine if "fine" in case.penalty_kinds else None)
        case.confiscation_amount = _money(data, "confiscation_amount")
        case.discretion_reason = _text(data, "discretion_reason", case.discretion_reason)
        case.decision_text = _text(data, "decision_text", case.decision_text)
        case.decision_type = DecisionType.PENALTY
        case.decided_on = today
        case.delivery_deadline = rules.delivery_deadline(today)
        if action == "decide_on_spot":
            case.filed_on = today
            case.delivered_on = today
            case.payment_due = rules.payment_due(today) if case.fine_amount else None
        else:
            refresh_major_keep = case.is_major
            refresh_major(case)
            case.is_major = case.is_major or refresh_major_keep
        extra = {"penalty_kinds": case.penalty_kinds, "fine": str(case.fine_amount or "")}
    elif action == "decide_no_penalty":
        case.no_penalty_grounds = _choice(data, "grounds", NoPenaltyGround.values)
        case.decision_text = _text(data, "decision_text")
        case.decision_type = DecisionType.NO_PENALTY
        case.penalty_kinds = []
        case.fine_amount = None
        case.decided_on = today
        case.delivery_deadline = rules.delivery_deadline(today)
    elif action == "deliver":
        case.delivered_on = _date(data, "delivered_on", today)
        if case.fine_amount:
            case.payment_due = rules.payment_due(case.delivered_on)
        extra = {"late": bool(case.delivered_on and case.delivery_deadline
                              and case.delivered_on > case.delivery_deadline)}
    elif action == "record_payment":
        case.bank_receipt_number = _text(data, "bank_receipt_number")
        case.paid_on = _date(data, "paid_on", today)
        case.paid_amount = _money(data, "paid_amount")
        case.surcharge_amount = rules.late_surcharge(case.fine_amount, case.payment_due, case.paid_on)
        extra = {"receipt": case.bank_receipt_number, "paid": str(case.paid_amount or ""),
                 "surcharge": str(case.surcharge_amount)}
    elif action == "close":
        case.closed_on = today
    elif action == "archive":
        case.archived_on = today
    elif action == "reopen":
        extra = {"reason": _text(data, "reason"), "closed_on": str(case.closed_on or "")}
        case.closed_on = None
    return officers, extra


# ---- the service ----------------------------------------------------------------------------------------

def _refuse(messages):
    raise TransitionRefused(messages if isinstance(messages, list) else [messages])


def _not_possible_message(case, action):
    if action in workflow.REVIEW_ACTIONS:
        return _("This case is no longer waiting for this review (current state: %(state)s): another "
                 "reviewer has already acted on it. Reload the case.") % {"state": case.get_status_display()}
    return _("The action “%(action)s” is not possible for a %(procedure)s case in state “%(state)s”.") % {
        "action": workflow.ACTION_LABELS.get(action, action),
        "procedure": case.get_procedure_display(),
        "state": case.get_status_display(),
    }


def case_transition(*, case, action, actor, today=None, **data):
    """Apply `action` to `case` as `actor`. Returns the updated case; raises TransitionRefused,
    PermissionDenied or ValidationError (nothing written) when the move is not allowed."""
    try:
        return _transition(case=case, action=action, actor=actor, today=today, data=data)
    except (TransitionRefused, PermissionDenied) as exc:
        outcome = AuditEvent.Outcome.DENIED if isinstance(exc, PermissionDenied) else AuditEvent.Outcome.FAILURE
        reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        if not transaction.get_connection().needs_rollback:
            audit.record("case.transition", actor=actor, obj=case, outcome=outcome, action=action, reasons=reasons)
        raise


@transaction.atomic
def _transition(*, case, action, actor, today, data):
    today = today or timezone.localdate()
    locked = Case.objects.select_for_update(of=("self",)).select_related("item", "township").get(pk=case.pk)
    access.require(actor, "case.view", obj=locked)
    expected = data.pop("expected_status", None)
    if expected and expected != locked.status:
        # Someone else moved the case between the user's page load and this submission.
        _refuse(_not_possible_message(locked, action) if action in workflow.REVIEW_ACTIONS else _(
            "The case was changed by someone else in the meantime (now: %(state)s). Reload it and try again.") % {
            "state": locked.get_status_display()})
    transition = workflow.lookup(locked.procedure, locked.status, action)
    if transition is None:
        _refuse(_not_possible_message(locked, action))
    access.require(actor, transition.permission, obj=locked)

    from_status = locked.status
    officers, extra = _apply(locked, action, data, today)
    ctx = build_context(locked, actor, data, officers=officers, today=today)
    reasons = workflow.run_guards(transition, locked, ctx)
    if reasons:
        _refuse(reasons)

    locked.status = transition.target_for(locked)
    locked.full_clean(exclude=["officers"])
    locked.save()
    if officers is not None:
        locked.officers.set(officers)

    if action in workflow.REVIEW_ACTIONS:
        level = ReviewLevel.TOWNSHIP if from_status == Status.TOWNSHIP_REVIEW else ReviewLevel.DISTRICT
        outcome = ReviewOutcome.APPROVED if action == "approve_review" else ReviewOutcome.RETURNED
        review = Review(case=locked, level=level, reviewer=actor, opinion=_text(data, "opinion"), outcome=outcome)
        review.full_clean()
        review.save()
        extra = {"level": level, "outcome": outcome}

    note = _text(data, "note") or _text(data, "reason") or _text(data, "opinion")
    event = CaseEvent.objects.create(case=locked, action=action, from_status=from_status, to_status=locked.status,
                                     actor=actor, note=note, data=extra, created_at=timezone.now())
    audit.record("case.transition", actor=actor, obj=locked, action=action, from_status=from_status,
                 to_status=locked.status)
    if action == "reopen":  # SECURITY §19: the one way to change a closed case, audited with its reason
        audit.record("case.reopen", actor=actor, obj=locked, reason=extra["reason"], closed_on=extra["closed_on"])
    with translation.override(settings.LANGUAGE_CODE):  # the public verify page speaks the agency's language
        action_code_set_status(code=locked.code, status=locked.get_status_display())

    kind = DOCUMENTS_AFTER.get(action)
    if kind:
        from ..tasks import generate_case_document

        case_id, actor_id, event_id = locked.pk, getattr(actor, "pk", None), event.pk
        transaction.on_commit(lambda: generate_case_document.delay(case_id, kind, actor_id, event_id))

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
