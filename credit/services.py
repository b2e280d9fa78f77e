"""Every write of credit repair: the application and each move of the transition table, atomic (the application
and its publication row-locked), scoped, audited. The publication changes on the day of an approval: ended
(终止公示: withdrawn from the public page) or marked 已信用修复."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Publication
from enforcement.accounts import access
from enforcement.audit import services as audit

from . import workflow
from .models import OPEN_STATES, CreditRepair, Effect, State

# the input fields each action writes onto the application (the date field is the action's day)
WRITES = {
    "accept": (),
    "record_rectification": ("corrected", "correction_note", "commitment_on"),
    "approve": ("effect",),
    "refuse": ("reason",),
    "withdraw": ("reason",),
}
DAY_FIELD = {"accept": "accepted_on", "approve": "decided_on", "refuse": "decided_on", "withdraw": "withdrawn_on"}


def _open_application(publication, exclude=None):
    rows = CreditRepair.objects.filter(publication=publication, state__in=OPEN_STATES)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.values_list("code", flat=True).first() or ""


def _refuse_unless(transition, repair, ctx):
    reasons = workflow.run_guards(transition, repair, ctx)
    if reasons:
        raise ValidationError(reasons)


def _next_code(today):
    stem = f"XF{today:%Y%m%d}"
    return f"{stem}-{CreditRepair.objects.filter(code__startswith=stem).count() + 1:03d}"


@transaction.atomic
def repair_apply(*, actor, publication, applied_on=None, request="", today=None):
    """Record the subject's application for the published decision (the guards of ("", "apply"))."""
    transition = workflow.lookup("", "apply")
    access.require(actor, transition.permission)
    publication = Publication.objects.select_for_update().select_related("case").get(pk=publication.pk)
    case = publication.case
    if not access.can_see(actor, case):
        raise PermissionDenied(_("This record is outside your area of responsibility."))
    today = today or timezone.localdate()
    applied_on = applied_on or today
    repair = CreditRepair(publication=publication, case=case, applicant=case.party_name[:200], applied_on=applied_on,
                          request=(request or "").strip(), recorded_by=actor)
    ctx = workflow.GuardContext(today=today, publication=publication, case=case,
                                open_application=_open_application(publication), data={"on": applied_on})
    _refuse_unless(transition, repair, ctx)
    for _attempt in range(5):  # two applications recorded the same day may pick the same number
        repair.code = _next_code(today)
        try:
            with transaction.atomic():
                repair.save()
            break
        except IntegrityError:
            if _open_application(publication):
                message = _("Another application for this decision was recorded at the same moment.")
                raise ValidationError(message) from None
    else:
        raise ValidationError(_("Too many records at the same moment: try again."))
    audit.record("credit.apply", actor=actor, obj=repair, case=case.code, publication=publication.pk,
                 decision_number=publication.decision_number)
    return repair


def actions_for(actor, repair):
    """The moves `actor` may make on `repair` now (for the page's buttons and the API's `actions`)."""
    if not access.can_see(actor, repair):
        return []
    return [action for action in workflow.actions_from(repair.state)
            if access.can(actor, workflow.lookup(repair.state, action).permission)]


def _apply_to_publication(publication, repair, on):
    publication.repaired_on = on
    publication.updated_at = timezone.now()
    if repair.effect == Effect.END:
        publication.withdrawn_on = on
        publication.withdrawal_reason = (_("credit repaired (%(code)s)") % {"code": repair.code})[:200]
    publication.save(update_fields=["repaired_on", "withdrawn_on", "withdrawal_reason", "updated_at"])


@transaction.atomic
def repair_transition(*, actor, repair, action, data=None, today=None):
    """Apply one move of the table to the locked application; returns the application saved."""
    data = dict(data or {})
    repair = CreditRepair.objects.select_for_update().get(pk=repair.pk)
    transition = workflow.lookup(repair.state, action)
    if transition is None:
        raise ValidationError({"action": [_("“%(action)s” is not possible while the application is “%(state)s”.")
                                          % {"action": action, "state": repair.get_state_display()}]})
    access.require(actor, transition.permission, obj=repair)
    publication = Publication.objects.select_for_update().get(pk=repair.publication_id)
    today = today or timezone.localdate()
    on = data.pop("on", None) or today
    if on < repair.applied_on:
        raise ValidationError({"on": [_("The date cannot be before the application (%(date)s).") % {
            "date": repair.applied_on}]})
    before = repair.state
    for name in WRITES[action]:
        if name in data:
            setattr(repair, name, data[name] if data[name] is not None else getattr(repair, name))
    if action in DAY_FIELD:
        setattr(repair, DAY_FIELD[action], on)
    ctx = workflow.GuardContext(today=today, publication=publication, case=repair.case,
                                data={"on": on, "reason": data.get("reason", "")})
    _refuse_unless(transition, repair, ctx)
    if action in ("approve", "refuse"):
        repair.decided_by = actor
    if action == "approve":
        repair.effect = repair.effect or Effect.MARK
        _apply_to_publication(publication, repair, on)
    repair.state = transition.target
    repair.updated_at = timezone.now()
    repair.save()
    audit.record(f"credit.{action}", actor=actor, obj=repair, before=before, after=repair.state, on=on.isoformat(),
                 effect=repair.effect, reason=(repair.reason or "")[:200] if action != "accept" else "")
    return repair


__all__ = ["State", "actions_for", "repair_apply", "repair_transition"]
