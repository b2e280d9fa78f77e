"""The credit repair state machine: ONE transition table and named, pure guard functions. No ORM here.

`TRANSITIONS[(state, action)] = Transition(target, permission, guards, label)`; the state "" is the application
itself (`apply` creates the row). `credit.services` is the only code that applies the table: it locks the
application and its publication, checks the permission and the scope, applies the action's input to the locked
copy, runs the guards and writes, audited. A guard takes the application (updated in memory) and a `GuardContext`
and returns None when satisfied or a Chinese reason naming the rule when not. `docs/credit-repair-workflow.md`
is generated from this table (`manage.py credit_workflow_doc`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules
from .models import State

S = State
RECORD = "credit.record"
DECIDE = "credit.decide"


@dataclass
class GuardContext:
    """What guards may know beyond the application row; prepared by the service (the ORM stays there)."""

    today: date
    publication: object  # cases.Publication (attributes only)
    case: object  # cases.Case (attributes only)
    open_application: str = ""  # the number of another application in progress for the publication
    data: dict = field(default_factory=dict)


def _day(value):
    return date_format(value, "Y-m-d")


# ---- guards -------------------------------------------------------------------------------------------

def still_published(repair, ctx):
    """The decision is still on the public page: not withdrawn, not already repaired, publicity not over."""
    publication = ctx.publication
    if publication.repaired_on:
        return _("This decision was already credit repaired on %(date)s.") % {"date": _day(publication.repaired_on)}
    if publication.withdrawn_on:
        return _("This decision is no longer published (withdrawn on %(date)s: %(reason)s); there is nothing to "
                 "repair.") % {"date": _day(publication.withdrawn_on), "reason": publication.withdrawal_reason}
    ends = rules.publicity_ends_on(publication)
    if ctx.today >= ends:
        return _("The longest publicity period ended on %(date)s (%(rule)s: at most %(months)s months); the "
                 "decision is no longer shown and needs no repair.") % {
            "date": _day(ends), "rule": rules.RULE, "months": rules.publicity_months(publication.serious)[1]}
    return None


def no_other_application(repair, ctx):
    """One application in progress per published decision."""
    if ctx.open_application:
        return _("Application %(code)s for this decision is still in progress.") % {"code": ctx.open_application}
    return None


def minimum_period_passed(repair, ctx):
    """The shortest publicity period has passed (general breach 3 months, serious 12, from the decision)."""
    publication = ctx.publication
    start = rules.repair_possible_from(publication)
    on = ctx.data.get("on") or ctx.today
    if on < start:
        months = rules.publicity_months(publication.serious)[0]
        kind = _("a serious breach of trust") if publication.serious else _("a general breach of trust")
        return _("The shortest publicity period has not passed: for %(kind)s it is %(months)s months from the "
                 "decision (%(rule)s); credit repair can be applied for from %(date)s.") % {
            "kind": kind, "months": months, "rule": rules.RULE, "date": _day(start)}
    return None


def fine_paid(repair, ctx):
    """The obligations of the decision are fulfilled: the fine is paid in full."""
    outstanding = rules.fine_outstanding(ctx.case)
    if outstanding > 0:
        return _("The fine is not paid in full (%(amount)s yuan outstanding): credit repair needs the obligations "
                 "of the penalty decision fulfilled (%(rule)s).") % {"amount": outstanding, "rule": rules.RULE}
    return None


def violation_corrected(repair, ctx):
    """The violation has been corrected, and how is recorded."""
    if not repair.corrected or len((repair.correction_note or "").strip()) < 4:
        return _("Record that the violation was corrected and how (%(rule)s: the illegal conduct corrected).") % {
            "rule": rules.RULE}
    return None


def commitment_received(repair, ctx):
    """The applicant's credit commitment letter (信用承诺书) was received."""
    if repair.commitment_on is None:
        return _("Record the day the credit commitment letter (信用承诺书) was received (%(rule)s: a public "
                 "credit commitment).") % {"rule": rules.RULE}
    return None


def reason_given(repair, ctx):
    """A refusal gives its reason (at least 4 characters), which the applicant is told."""
    if len(str(ctx.data.get("reason") or "").strip()) < 4:
        return _("Give the reason for the refusal (at least 4 characters).")
    return None


# ---- the table ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    target: str
    permission: str
    guards: tuple = ()
    label: object = ""


TRANSITIONS = {
    ("", "apply"): Transition(S.APPLIED, RECORD, (still_published, no_other_application, minimum_period_passed,
                                                  fine_paid), gettext_lazy("Record an application")),
    (S.APPLIED, "accept"): Transition(S.ACCEPTED, RECORD, (still_published,), gettext_lazy("Accept (受理)")),
    (S.APPLIED, "refuse"): Transition(S.REFUSED, DECIDE, (reason_given,), gettext_lazy("Refuse")),
    (S.APPLIED, "withdraw"): Transition(S.WITHDRAWN, RECORD, (), gettext_lazy("Withdrawn by the applicant")),
    (S.ACCEPTED, "record_rectification"): Transition(S.ACCEPTED, RECORD, (),
                                                     gettext_lazy("Record the rectification")),
    (S.ACCEPTED, "approve"): Transition(S.APPROVED, DECIDE, (still_published, minimum_period_passed, fine_paid,
                                                             violation_corrected, commitment_received),
                                        gettext_lazy("Approve the credit repair")),
    (S.ACCEPTED, "refuse"): Transition(S.REFUSED, DECIDE, (reason_given,), gettext_lazy("Refuse")),
    (S.ACCEPTED, "withdraw"): Transition(S.WITHDRAWN, RECORD, (), gettext_lazy("Withdrawn by the applicant")),
}

ACTIONS = sorted({action for (_state, action) in TRANSITIONS if action != "apply"})
# Every action has one permission wherever it appears (the API route checks it before reading the body).
ACTION_PERMISSIONS = {action: t.permission for (_state, action), t in TRANSITIONS.items()}


def lookup(state, action):
    return TRANSITIONS.get((state, action))


def actions_from(state):
    return [action for (st, action) in TRANSITIONS if st == state]


def run_guards(transition, repair, ctx):
    """Every failing guard's reason (empty list: the move is allowed)."""
    return [str(reason) for reason in (guard(repair, ctx) for guard in transition.guards) if reason]


def as_markdown():
    """The table as Markdown: docs/credit-repair-workflow.md is generated from here, never written by hand."""
    lines = [
        "# Credit repair workflow (信用修复)",
        "",
        "Generated from `credit/workflow.py` by `manage.py credit_workflow_doc`; do not edit by hand.",
        "",
        "| from | action | to | permission | guards |",
        "|---|---|---|---|---|",
    ]
    for (state, action), t in TRANSITIONS.items():
        guards = ", ".join(f"`{g.__name__}`" for g in t.guards) or "—"
        lines.append(f"| {state or '(new)'} | `{action}` | {t.target} | `{t.permission}` | {guards} |")
    lines += ["", "## Guards", ""]
    seen = set()
    for t in TRANSITIONS.values():
        for guard in t.guards:
            if guard.__name__ not in seen:
                seen.add(guard.__name__)
                lines.append(f"- `{guard.__name__}`: {(guard.__doc__ or '').strip().splitlines()[0]}")
    return "\n".join(lines) + "\n"
